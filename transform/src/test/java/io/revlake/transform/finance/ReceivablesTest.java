package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceivablesTest {
    static final FxTable USD = new FxTable("USD");
    static final AgingBuckets BUCKETS = AgingBuckets.defaults();

    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    static String cents(BigDecimal v) {
        return v.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    static LocalDate d(String v) {
        return LocalDate.parse(v);
    }

    static Invoice invoice(String id, String date, String due, String total) {
        return new Invoice(id, "C1", d(date), d(due), "USD", m(total), m(total), "open");
    }

    static Payment payment(String id, String invoiceId, String date, String amount) {
        return new Payment(id, "C1", invoiceId, d(date), m(amount), "USD");
    }

    @Test
    void default_buckets_put_due_today_in_current_and_day_121_in_120_plus() {
        assertThat(List.of(-5L, 0L, 1L, 30L, 31L, 60L, 61L, 90L, 91L, 120L, 121L)).extracting(BUCKETS::bucket)
                .containsExactly("current", "current", "1-30", "1-30", "31-60", "31-60", "61-90", "61-90", "91-120",
                        "91-120", "120+");
        assertThat(AgingBuckets.parse("0,15,45").labels()).containsExactly("current", "1-15", "16-45", "45+");
    }

    @Test
    void a_partially_paid_invoice_moves_through_the_buckets_with_its_open_balance() {
        // 1,000.00 invoiced 2024-01-01, due 2024-01-31; 400.00 paid 2024-02-15; the remaining 600.00 on 2024-06-10
        Receivables r = new Receivables(List.of(invoice("INV1", "2024-01-01", "2024-01-31", "1000.00")),
                List.of(payment("P1", "INV1", "2024-02-15", "400.00"), payment("P2", "INV1", "2024-06-10", "600.00")),
                List.of(), USD);
        // at      days past due   bucket    open
        // 01-31    0              current   1,000.00 (due today)
        // 02-29   29              1-30        600.00
        // 03-31   60              31-60       600.00
        // 04-30   90              61-90       600.00
        // 05-30  120              91-120      600.00
        // 05-31  121              120+        600.00
        // 06-30   paid in full: no row
        List<String> dates = List.of("2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-30", "2024-05-31");
        assertThat(dates.stream().flatMap(x -> r.aging(d(x), BUCKETS).stream()).toList())
                .extracting(Receivables.AgingLine::daysPastDue, Receivables.AgingLine::bucket,
                        Receivables.AgingLine::openAmount)
                .containsExactly(tuple(0L, "current", m("1000.00")), tuple(29L, "1-30", m("600.00")),
                        tuple(60L, "31-60", m("600.00")), tuple(90L, "61-90", m("600.00")),
                        tuple(120L, "91-120", m("600.00")), tuple(121L, "120+", m("600.00")));
        assertThat(r.aging(d("2024-06-30"), BUCKETS)).isEmpty();
        assertThat(r.aging(d("2023-12-31"), BUCKETS)).isEmpty();
    }

    @Test
    void a_payment_before_its_invoice_is_unapplied_cash_until_the_invoice_date() {
        // 500.00 paid 2024-02-20 for an invoice dated 2024-03-01: at the end of February AR is 0 and the customer
        // holds 500.00 of unapplied cash; from March 1 it settles the invoice.
        Receivables r = new Receivables(List.of(invoice("INV2", "2024-03-01", "2024-03-31", "500.00")),
                List.of(payment("P1", "INV2", "2024-02-20", "500.00")), List.of(), USD);
        assertThat(r.aging(d("2024-02-29"), BUCKETS)).isEmpty();
        assertThat(r.unapplied(d("2024-02-29"))).extracting(Receivables.Unapplied::amount)
                .containsExactly(m("500.00"));
        assertThat(r.aging(d("2024-03-31"), BUCKETS)).isEmpty();
        assertThat(r.unapplied(d("2024-03-31"))).isEmpty();
        // flows: February cash 500 all unapplied; March billing 500, unapplied back to 0
        List<Receivables.MonthFlows> flows = r.monthFlows(Receivables.snapshots(YearMonth.of(2024, 2), d("2024-03-31")));
        assertThat(flows).extracting(f -> f.month().toString(), f -> cents(f.arEnd()), f -> cents(f.billingsTotal()),
                f -> cents(f.cashReceived()), f -> cents(f.unappliedEnd()))
                .containsExactly(tuple("2024-02", "0.00", "0.00", "500.00", "500.00"),
                        tuple("2024-03", "0.00", "500.00", "0.00", "0.00"));
    }

    @Test
    void a_eur_invoice_is_aged_in_usd_at_the_rate_of_the_aging_date() {
        // EUR 1,000.00 invoiced 2024-01-10, due 2024-02-09. EUR→USD 1.10 on 01-01, 1.08 on 01-31, 1.12 on 02-15.
        FxTable fx = new FxTable("USD").put("EUR", d("2024-01-01"), m("1.10")).put("EUR", d("2024-01-31"), m("1.08"))
                .put("EUR", d("2024-02-15"), m("1.12"));
        Invoice eur = new Invoice("INV-EUR", "C2", d("2024-01-10"), d("2024-02-09"), "EUR", m("1000.00"),
                m("1000.00"), "open");
        Receivables r = new Receivables(List.of(eur), List.of(), List.of(), fx);
        // at 01-31: 1,000 × 1.08 = 1,080.00; at the as-of date 02-20 (rate of 02-15 is the latest): × 1.12 = 1,120.00
        assertThat(r.aging(d("2024-01-31"), BUCKETS).get(0).openAmountReporting(fx)).isEqualByComparingTo("1080.00");
        Receivables.AgingLine asOf = r.aging(d("2024-02-20"), BUCKETS).get(0);
        assertThat(asOf.bucket()).isEqualTo("1-30");
        assertThat(asOf.openAmount()).isEqualByComparingTo("1000.00");
        assertThat(asOf.openAmountReporting(fx)).isEqualByComparingTo("1120.00");
    }

    @Test
    void an_uncollectible_invoice_leaves_ar_at_its_write_off_date_and_later_cash_is_a_recovery() {
        // 300.00 invoiced 2024-01-01, due 01-31, written off 2024-05-01 (its last update); 100.00 recovered 06-15
        LocalDate writeOff = Invoice.writeOffDate("uncollectible", d("2024-05-01"), d("2024-01-01"), d("2024-06-30"));
        Invoice bad = new Invoice("INV3", "C1", d("2024-01-01"), d("2024-01-31"), "USD", m("300.00"), m("300.00"),
                "uncollectible", writeOff);
        Receivables r = new Receivables(List.of(bad), List.of(payment("P9", "INV3", "2024-06-15", "100.00")),
                List.of(), USD);
        assertThat(r.aging(d("2024-04-30"), BUCKETS)).extracting(Receivables.AgingLine::bucket,
                Receivables.AgingLine::openAmount).containsExactly(tuple("61-90", m("300.00")));
        assertThat(r.aging(d("2024-05-31"), BUCKETS)).isEmpty();
        assertThat(r.unapplied(d("2024-06-30"))).extracting(Receivables.Unapplied::amount)
                .containsExactly(m("100.00"));
        List<Receivables.MonthFlows> flows = r.monthFlows(Receivables.snapshots(YearMonth.of(2024, 1), d("2024-06-30")));
        assertThat(flows).filteredOn(f -> f.month().equals(YearMonth.of(2024, 5)))
                .extracting(Receivables.MonthFlows::writeOffs).containsExactly(m("300.00"));
        // without an update time the write-off is dated at the as-of date
        assertThat(Invoice.writeOffDate("uncollectible", null, d("2024-01-01"), d("2024-06-30")))
                .isEqualTo(d("2024-06-30"));
    }

    @Test
    void void_invoices_do_not_age_and_their_payments_are_unapplied() {
        Invoice v = new Invoice("INV4", "C1", d("2024-01-01"), d("2024-01-31"), "USD", m("50.00"), m("50.00"), "void");
        Receivables r = new Receivables(List.of(v), List.of(payment("P4", "INV4", "2024-01-05", "50.00"),
                payment("P5", null, "2024-01-06", "20.00")), List.of(), USD);
        assertThat(r.aging(d("2024-01-31"), BUCKETS)).isEmpty();
        assertThat(r.unapplied(d("2024-01-31"))).extracting(Receivables.Unapplied::amount)
                .containsExactly(m("70.00"));
    }

    @Test
    void credit_notes_never_credit_more_than_the_invoice_total() {
        // 120.00 incl. 20.00 tax; credits 100.00 then 50.00 → the second is capped at 20.00; ex-tax shares are
        // 100 × 100/120 = 83.33 and 20 × 100/120 = 16.67
        Invoice inv = new Invoice("INV5", "C1", d("2024-01-01"), d("2024-01-31"), "USD", m("100.00"), m("120.00"),
                "open");
        Receivables r = new Receivables(List.of(inv), List.of(), List.of(
                new CreditNote("CN1", "INV5", d("2024-01-10"), m("100.00"), "USD"),
                new CreditNote("CN2", "INV5", d("2024-01-20"), m("50.00"), "USD")), USD);
        assertThat(r.appliedCredits()).extracting(Receivables.AppliedCredit::amount, Receivables.AppliedCredit::exTax)
                .containsExactly(tuple(m("100.00"), m("83.33")), tuple(m("20.00"), m("16.67")));
        assertThat(r.openBalance("INV5", d("2024-01-31"))).isEqualByComparingTo("0");
        assertThat(r.unapplied(d("2024-01-31"))).isEmpty();
    }

    @Test
    void days_to_pay_and_days_late_are_weighted_by_amount() {
        // 1,000.00 invoiced 2024-01-01, due 01-31: 600.00 paid 01-20 (19 days, on time), 400.00 paid 02-15 (45 days,
        // 15 late). Days to pay (600 × 19 + 400 × 45) / 1,000 = 29.4; days late 400 × 15 / 1,000 = 6.0; 40 % late.
        Receivables r = new Receivables(List.of(invoice("INV1", "2024-01-01", "2024-01-31", "1000.00")),
                List.of(payment("P1", "INV1", "2024-01-20", "600.00"), payment("P2", "INV1", "2024-02-15", "400.00")),
                List.of(), USD);
        assertThat(r.paymentDays()).singleElement().satisfies(p -> {
            assertThat(p.payments()).isEqualTo(2);
            assertThat(p.invoicesPaid()).isEqualTo(1);
            assertThat(p.amountPaid()).isEqualByComparingTo("1000.00");
            assertThat(p.avgDaysToPay()).isEqualTo(29.4);
            assertThat(p.avgDaysLate()).isEqualTo(6.0);
            assertThat(p.sharePaidLate()).isEqualTo(0.4);
        });
    }
}
