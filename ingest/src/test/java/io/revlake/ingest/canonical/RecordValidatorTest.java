package io.revlake.ingest.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {
    static Map<String, String> item(String... overrides) {
        Map<String, String> m = new HashMap<>(Map.of("item_id", "I1", "subscription_id", "S1", "customer_id", "C1",
                "start_date", "2024-01-15", "billing_interval", "month", "unit_amount", "99.00", "currency", "USD"));
        for (int i = 0; i < overrides.length; i += 2) {
            m.put(overrides[i], overrides[i + 1]);
        }
        return m;
    }

    static Optional<Rejection> check(Map<String, String> values) {
        return RecordValidator.validate(CanonicalEntity.SUBSCRIPTION_ITEMS, values);
    }

    static ReasonCode code(String... overrides) {
        return check(item(overrides)).map(Rejection::code).orElse(null);
    }

    @Test
    void a_valid_record_passes() {
        assertThat(check(item())).isEmpty();
        assertThat(check(item("end_date", "2024-02-15", "quantity", "3", "discount_pct", "12.5", "trial_end", "2024-01-29",
                "seat_based", "TRUE", "interval_count", "2", "billing_interval", "YEAR", "currency", "eur"))).isEmpty();
    }

    @Test
    void dates_must_be_real_calendar_dates_in_iso_form() {
        assertThat(code("start_date", "2024-02-30")).isEqualTo(ReasonCode.INVALID_DATE);
        assertThat(code("start_date", "2023-02-29")).isEqualTo(ReasonCode.INVALID_DATE);
        assertThat(code("start_date", "2024-02-29")).isNull();
        assertThat(code("start_date", "15/01/2024")).isEqualTo(ReasonCode.INVALID_DATE);
        assertThat(code("start_date", "2024-1-5")).isEqualTo(ReasonCode.INVALID_DATE);
        assertThat(code("updated_at", "2024-01-05T10:11:12Z")).isNull();
        assertThat(code("updated_at", "2024-01-05T10:11:12+02:00")).isNull();
        assertThat(code("updated_at", "yesterday")).isEqualTo(ReasonCode.INVALID_TIMESTAMP);
    }

    @Test
    void numbers_use_a_dot_and_no_thousands_separators_and_respect_their_range() {
        assertThat(check(item("unit_amount", "1,200.00"))).get().extracting(Rejection::reason).asString()
                .isEqualTo("unit_amount '1,200.00' is not valid (expected a plain decimal with '.' and no thousands separators, e.g. 1234.50)");
        assertThat(code("unit_amount", "12,5")).isEqualTo(ReasonCode.INVALID_NUMBER);
        assertThat(code("unit_amount", "$99")).isEqualTo(ReasonCode.INVALID_NUMBER);
        assertThat(code("quantity", "-1")).isEqualTo(ReasonCode.NEGATIVE_VALUE);
        assertThat(code("discount_pct", "120")).isEqualTo(ReasonCode.OUT_OF_RANGE);
        assertThat(code("interval_count", "0")).isEqualTo(ReasonCode.INVALID_NUMBER);
        assertThat(code("interval_count", "1.5")).isEqualTo(ReasonCode.INVALID_NUMBER);
    }

    @Test
    void codes_enums_and_booleans_are_checked() {
        assertThat(code("currency", "XYZ")).isEqualTo(ReasonCode.UNKNOWN_CURRENCY);
        assertThat(code("currency", "US")).isEqualTo(ReasonCode.UNKNOWN_CURRENCY);
        assertThat(code("billing_interval", "biweekly")).isEqualTo(ReasonCode.INVALID_VALUE);
        assertThat(code("seat_based", "maybe")).isEqualTo(ReasonCode.INVALID_BOOLEAN);
    }

    @Test
    void required_values_and_periods_are_checked() {
        Map<String, String> noCustomer = item();
        noCustomer.put("customer_id", null);
        assertThat(check(noCustomer)).get().extracting(Rejection::code).isEqualTo(ReasonCode.MISSING_VALUE);
        assertThat(code("end_date", "2024-01-01")).isEqualTo(ReasonCode.INVALID_PERIOD);
        // a zero-length item is allowed (it is never active); an invoice due before it is issued is not
        assertThat(code("end_date", "2024-01-15")).isNull();
        Map<String, String> invoice = new HashMap<>(Map.of("invoice_id", "V1", "customer_id", "C1",
                "invoice_date", "2024-03-01", "due_date", "2024-02-01", "currency", "USD", "subtotal", "10", "total", "12"));
        assertThat(RecordValidator.validate(CanonicalEntity.INVOICES, invoice)).get().extracting(Rejection::code)
                .isEqualTo(ReasonCode.INVALID_PERIOD);
    }

    static Optional<Rejection> line(String quantity, String unitPrice, String discount, String total) {
        Map<String, String> m = new HashMap<>(Map.of("line_id", "L1", "opportunity_id", "O1", "total_price", total));
        if (quantity != null) {
            m.put("quantity", quantity);
        }
        if (unitPrice != null) {
            m.put("unit_price", unitPrice);
        }
        if (discount != null) {
            m.put("discount_pct", discount);
        }
        return RecordValidator.validate(CanonicalEntity.OPPORTUNITY_LINES, m);
    }

    @Test
    void an_opportunity_line_total_is_quantity_times_unit_price_less_discount() {
        // Rows of the Salesforce sample: 66 × 1,276.52 = 84,250.32; 6 × 850 = 5,100
        assertThat(line("66", "1276.52", null, "84250.32")).isEmpty();
        assertThat(line("6", "850", null, "5100")).isEmpty();
        // 3 × 100 × (1 − 12.5/100) = 262.50
        assertThat(line("3", "100", "12.5", "262.50")).isEmpty();
        // total entered as 1,000.00 for 3 units: unit price 333.33, 3 × 333.33 = 999.99, within 3 × 0.005 + 0.005
        assertThat(line("3", "333.33", null, "1000.00")).isEmpty();
        // without quantity or unit price there is nothing to compare
        assertThat(line(null, "100", null, "5")).isEmpty();
        assertThat(line("2", null, null, "5")).isEmpty();

        Optional<Rejection> wrong = line("2", "450", "10", "900");
        assertThat(wrong).map(Rejection::code).contains(ReasonCode.CONFLICTING_VALUES);
        assertThat(wrong.orElseThrow().reason())
                .isEqualTo("total_price 900 is not quantity 2 × unit_price 450 × (1 − discount_pct 10/100) = 810.00");
        // a cent more than rounding allows: 3 × 333.33 = 999.99, total 1,000.01 is 0.02 away (tolerance 0.02 exactly
        // passes, 1,000.02 does not)
        assertThat(line("3", "333.33", null, "1000.01")).isEmpty();
        assertThat(line("3", "333.33", null, "1000.02")).map(Rejection::code).contains(ReasonCode.CONFLICTING_VALUES);
    }
}
