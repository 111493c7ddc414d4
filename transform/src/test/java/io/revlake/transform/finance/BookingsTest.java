package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BookingsTest {
    static LocalDate d(String v) {
        return LocalDate.parse(v);
    }

    static Contract contract(String id, String customer, String signed, String start, String end, String price) {
        return new Contract(id, customer, d(signed), d(start), d(end), "USD", new BigDecimal(price));
    }

    @Test
    void contract_years_count_calendar_months_so_a_leap_year_is_one_year() {
        assertThat(Bookings.contractYears(d("2024-01-01"), d("2025-01-01"))).isEqualTo(1.0);
        assertThat(Bookings.contractYears(d("2024-01-01"), d("2026-01-01"))).isEqualTo(2.0);
        assertThat(Bookings.contractYears(d("2024-01-15"), d("2024-07-15"))).isEqualTo(0.5);
        // 1 month + 14 of February 2024's 29 days
        assertThat(Bookings.contractYears(d("2024-01-01"), d("2024-02-15"))).isEqualTo((1 + 14.0 / 29) / 12);
    }

    @Test
    void acv_divides_tcv_by_years_but_never_annualises_a_short_contract_up() {
        assertThat(Bookings.acv(new BigDecimal("24000.00"), 2.0)).isEqualByComparingTo("12000.00");
        assertThat(Bookings.acv(new BigDecimal("10000.00"), 3.0)).isEqualByComparingTo("3333.33");
        assertThat(Bookings.acv(new BigDecimal("6000.00"), 0.5)).isEqualByComparingTo("6000.00");
    }

    @Test
    void contracts_are_new_expansion_renewal_or_new_again_after_a_long_gap() {
        List<Contract> a = List.of(
                contract("A1", "A", "2022-12-20", "2023-01-01", "2024-01-01", "1200"),
                contract("A2", "A", "2023-05-25", "2023-06-01", "2024-01-01", "300"),    // during A1: expansion
                contract("A3", "A", "2023-12-10", "2024-01-01", "2025-01-01", "1500"),   // at A1's end: renewal
                contract("A4", "A", "2025-05-20", "2025-06-01", "2026-06-01", "1500"));  // 151 days later: new
        Contract b1 = new Contract("B1", "B", "OPP9", "renewal", d("2023-03-01"), d("2023-03-01"), d("2024-03-01"),
                "USD", new BigDecimal("800"));
        List<Contract> all = new java.util.ArrayList<>(a);
        all.add(b1);
        Opportunity won = new Opportunity("OPP7", "C", "expansion", d("2023-04-10"), new BigDecimal("500"), "USD");
        Opportunity referenced = new Opportunity("OPP9", "B", "renewal", d("2023-02-25"), new BigDecimal("800"), "USD");
        Opportunity later = new Opportunity("OPP8", "C", "new", d("2026-01-10"), new BigDecimal("900"), "USD");
        List<Bookings.Booking> bookings = Bookings.bookings(all, List.of(won, referenced, later), d("2025-12-31"),
                new FxTable("USD"));
        assertThat(bookings).extracting(Bookings.Booking::bookingId, Bookings.Booking::type)
                .containsExactly(tuple("A1", "new"), tuple("B1", "renewal"), tuple("OPP7", "expansion"),
                        tuple("A2", "expansion"), tuple("A3", "renewal"), tuple("A4", "new"));
        assertThat(Bookings.byMonth(bookings)).filteredOn(m -> m.month().toString().equals("2023-04"))
                .extracting(Bookings.MonthType::type, Bookings.MonthType::bookings, m -> m.tcv().toPlainString())
                .containsExactly(tuple("expansion", 1L, "500.00"));
    }

    @Test
    void a_eur_booking_is_converted_at_the_signing_date() {
        FxTable fx = new FxTable("USD").put("EUR", d("2024-01-01"), new BigDecimal("1.10"));
        Contract c = new Contract("E1", "E", d("2024-02-01"), d("2024-02-01"), d("2026-02-01"), "EUR",
                new BigDecimal("20000.00"));
        Bookings.Booking b = Bookings.bookings(List.of(c), List.of(), d("2024-12-31"), fx).get(0);
        assertThat(b.tcvReporting()).isEqualByComparingTo("22000.00");
        assertThat(b.acv()).isEqualByComparingTo("10000.00");
        assertThat(b.acvReporting()).isEqualByComparingTo("11000.00");
    }
}
