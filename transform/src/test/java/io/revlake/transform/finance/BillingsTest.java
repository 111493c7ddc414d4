package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingsTest {
    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    static Invoice invoice(String id, String date, String currency, String total, String status) {
        LocalDate d = LocalDate.parse(date);
        return new Invoice(id, "c1", d, d.plusDays(30), currency, m(total), m(total), status, null);
    }

    @Test
    void billed_invoices_are_the_non_void_ones_dated_by_the_as_of_date_at_their_months_snapshot() {
        LocalDate asOf = LocalDate.of(2024, 3, 20);
        List<Billings.Billed> billed = Billings.billed("c1", List.of(invoice("A", "2024-02-10", "USD", "10", "open"),
                invoice("B", "2024-03-05", "USD", "20", "paid"), invoice("V", "2024-03-06", "USD", "30", "void"),
                invoice("L", "2024-03-21", "USD", "40", "open")), asOf);
        assertThat(billed).extracting(Billings.Billed::invoiceId).containsExactly("A", "B");
        assertThat(billed).extracting(Billings.Billed::snapshot)
                .containsExactly(LocalDate.of(2024, 2, 29), asOf);
    }

    @Test
    void a_months_rows_split_the_once_converted_figure_and_sum_to_it_exactly() {
        // The figures of DsoTest: at 03-31 EUR 1.10, GBP 1.25. Exact: E1 11.055, E2 22.055, G1 12.5125; dso_month
        // converts once, 45.6225 → 45.62. Rounded down 11.05 + 22.05 + 12.51 = 45.61; the cent left goes to the
        // largest remainder, E1 and E2 tie at 0.005 and E1 comes first. Rounding each on its own would give 45.63.
        LocalDate mar = LocalDate.of(2024, 3, 31);
        FxTable fx = new FxTable("USD").put("EUR", mar, m("1.10")).put("GBP", mar, m("1.25"));
        LocalDate day = LocalDate.of(2024, 3, 12);
        List<Billings.Row> rows = Billings.rows(new java.util.ArrayList<>(List.of(
                new Billings.Billed("INV-G1", "c2", day, mar, "GBP", m("10.01")),
                new Billings.Billed("INV-E2", "c1", day, mar, "EUR", m("20.05")),
                new Billings.Billed("INV-E1", "c1", day, mar, "EUR", m("10.05")))), fx);
        assertThat(rows).extracting(r -> r.invoice().invoiceId() + " " + r.totalReporting().toPlainString())
                .containsExactly("INV-E1 11.06", "INV-E2 22.05", "INV-G1 12.51");
        Map<YearMonth, BigDecimal> byMonth = Billings.reportingByMonth(rows);
        assertThat(byMonth.get(YearMonth.of(2024, 3))).isEqualByComparingTo("45.62");
        assertThat(FinanceChecks.billingsMatchDso(byMonth, Map.of(YearMonth.of(2024, 3), m("45.62")))).isEmpty();
        assertThat(FinanceChecks.billingsMatchDso(byMonth, Map.of(YearMonth.of(2024, 3), m("45.63"))))
                .containsExactly("2024-03: gold.billings sums to 45.62 but gold.dso_month.billings is 45.63");
    }
}
