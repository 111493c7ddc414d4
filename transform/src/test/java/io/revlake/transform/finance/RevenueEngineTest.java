package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RevenueEngineTest {
    static final FxTable USD = new FxTable("USD");

    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    static LocalDate d(String v) {
        return LocalDate.parse(v);
    }

    static YearMonth ym(String v) {
        return YearMonth.parse(v);
    }

    static CustomerFinance.Output run(CustomerFinance.Input in, String asOf) {
        CustomerFinance.Output out = CustomerFinance.compute(in, d(asOf), FinancePolicy.defaults(), USD);
        assertThat(out.violations()).isEmpty();
        return out;
    }

    static TreeMap<YearMonth, BigDecimal> revenueByMonth(CustomerFinance.Output out) {
        TreeMap<YearMonth, BigDecimal> t = new TreeMap<>();
        out.revenueFacts().schedule().forEach(r -> t.merge(r.month(), r.recognized(), BigDecimal::add));
        return t;
    }

    static RevenueFacts.DeferredRow deferred(CustomerFinance.Output out, String month) {
        return out.revenueFacts().deferred().stream().filter(r -> r.month().equals(ym(month))).findFirst().orElseThrow();
    }

    static RevenueFacts.RpoRow rpo(CustomerFinance.Output out, String month) {
        return out.revenueFacts().rpo().stream().filter(r -> r.month().equals(ym(month))).findFirst().orElseThrow();
    }

    static Map<String, BigDecimal> rowSums(CustomerFinance.Output out) {
        return out.revenueFacts().waterfall().stream().collect(Collectors.groupingBy(
                RevenueFacts.WaterfallCell::rowMonth, TreeMap::new,
                Collectors.reducing(BigDecimal.ZERO, RevenueFacts.WaterfallCell::amount, BigDecimal::add)));
    }

    @Test
    void a_discounted_bundle_contract_allocates_by_ssp_and_recognises_each_part_on_its_own_pattern() {
        // Contract CT1: 1,000.00 for a licence (SSP 700, delivered 2024-01-15), implementation (SSP 200, ratable
        // 2024-01-01..04-01) and a year of support (SSP 300, ratable over 2024). Allocation 583.33 / 166.67 / 250.00
        // (see SspAllocatorTest). Billed up front on 2024-01-01: 1,000.00, lines naming the obligations.
        // January: licence 583.33 + implementation 166.67 × 31/91 = 56.78 + support 250 × 31/366 = 21.17 = 661.28.
        // February: implementation 166.67 × 29/91 = 53.11 + support 250 × 29/366 = 19.81 = 72.92.
        Contract ct = new Contract("CT1", "C1", d("2024-01-01"), d("2024-01-01"), d("2025-01-01"), "USD", m("1000.00"));
        List<Obligation> obs = List.of(
                new Obligation("OB-LIC", "CT1", "licence", RecognitionMethod.POINT_IN_TIME, m("700"), null, null,
                        d("2024-01-15")),
                new Obligation("OB-IMP", "CT1", "implementation", RecognitionMethod.RATABLE, m("200"), d("2024-01-01"),
                        d("2024-04-01"), null),
                new Obligation("OB-SUP", "CT1", "support", RecognitionMethod.RATABLE, m("300"), null, null, null));
        Invoice inv = new Invoice("INV1", "C1", d("2024-01-01"), d("2024-01-31"), "USD", m("1000.00"), m("1000.00"),
                "paid");
        List<InvoiceLine> lines = List.of(
                new InvoiceLine("L1", "INV1", null, "one_time", m("600.00"), null, null, "OB-LIC"),
                new InvoiceLine("L2", "INV1", null, "services", m("150.00"), d("2024-01-01"), d("2024-04-01"), "OB-IMP"),
                new InvoiceLine("L3", "INV1", null, "subscription", m("250.00"), d("2024-01-01"), d("2025-01-01"),
                        "OB-SUP"));
        CustomerFinance.Output out = run(new CustomerFinance.Input("C1", List.of(inv), lines,
                List.of(new Payment("P1", "C1", "INV1", d("2024-01-20"), m("1000.00"), "USD")), List.of(), List.of(ct),
                obs, Map.of()), "2024-02-29");
        assertThat(out.revenue().obligations()).extracting(RevenueEngine.ObligationSchedule::obligationId,
                o -> o.inceptionPrice().toPlainString())
                .containsExactly(tuple("OB-IMP", "166.67"), tuple("OB-LIC", "583.33"), tuple("OB-SUP", "250.00"));
        TreeMap<YearMonth, BigDecimal> revenue = revenueByMonth(out);
        assertThat(revenue.get(ym("2024-01"))).isEqualByComparingTo("661.28");
        assertThat(revenue.get(ym("2024-02"))).isEqualByComparingTo("72.92");
        assertThat(revenue.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("1000.00");
        // deferred: 1,000 − 661.28 = 338.72 at the end of January, − 72.92 = 265.80 at the end of February
        assertThat(deferred(out, "2024-01").closing()).isEqualByComparingTo("338.72");
        assertThat(deferred(out, "2024-02").closing()).isEqualByComparingTo("265.80");
        // RPO at the end of January = deferred 338.72 + backlog 0; all of it within 12 months
        RevenueFacts.RpoRow jan = rpo(out, "2024-01");
        assertThat(jan.rpo()).isEqualByComparingTo("338.72");
        assertThat(jan.backlog()).isEqualByComparingTo("0");
        assertThat(jan.crpo()).isEqualByComparingTo("338.72");
        // one waterfall row (January's invoice) that sums to what it billed
        assertThat(rowSums(out)).containsExactly(entry("2024-01", m("1000.00")));
    }

    @Test
    void an_annual_prepaid_plan_cancelled_mid_term_with_a_credit_note_ties_out() {
        // INV1 2024-01-01: subscription 1,200.00 for 2024-01-01..2025-01-01 plus 20 % tax = 1,440.00, paid 01-15.
        // The item ends 2024-07-01; credit note 720.00 (600.00 + 120.00 tax) on 07-01; refund −720.00 on 07-10.
        Invoice inv = new Invoice("INV1", "C1", d("2024-01-01"), d("2024-01-31"), "USD", m("1200.00"), m("1440.00"),
                "paid");
        InvoiceLine line = new InvoiceLine("L1", "INV1", "SI1", "subscription", m("1200.00"), d("2024-01-01"),
                d("2025-01-01"), null);
        CustomerFinance.Input in = new CustomerFinance.Input("C1", List.of(inv), List.of(line), List.of(
                new Payment("P1", "C1", "INV1", d("2024-01-15"), m("1440.00"), "USD"),
                new Payment("P2", "C1", "INV1", d("2024-07-10"), m("-720.00"), "USD")),
                List.of(new CreditNote("CN1", "INV1", d("2024-07-01"), m("720.00"), "USD")), List.of(), List.of(),
                Map.of("SI1", d("2024-07-01")));
        CustomerFinance.Output out = run(in, "2024-12-31");
        // revenue as in RecognitionScheduleTest: 596.72 to the end of June, then the 3.28 left after the credit
        TreeMap<YearMonth, BigDecimal> revenue = revenueByMonth(out);
        assertThat(revenue).containsExactly(entry(ym("2024-01"), m("101.64")), entry(ym("2024-02"), m("95.08")),
                entry(ym("2024-03"), m("101.64")), entry(ym("2024-04"), m("98.36")), entry(ym("2024-05"), m("101.64")),
                entry(ym("2024-06"), m("98.36")), entry(ym("2024-07"), m("3.28")));
        // roll-forward: June closes at 1,200 − 596.72 = 603.28; July bills −600.00 (the credit ex tax), recognises
        // 3.28 and closes at 0
        assertThat(deferred(out, "2024-06").closing()).isEqualByComparingTo("603.28");
        RevenueFacts.DeferredRow jul = deferred(out, "2024-07");
        assertThat(jul.opening()).isEqualByComparingTo("603.28");
        assertThat(jul.billings()).isEqualByComparingTo("-600.00");
        assertThat(jul.recognized()).isEqualByComparingTo("3.28");
        assertThat(jul.closing()).isEqualByComparingTo("0");
        // the credit makes 720.00 of the customer's cash unapplied until the refund
        Receivables r = new Receivables(in.invoices(), in.payments(), in.creditNotes(), USD);
        assertThat(r.unapplied(d("2024-07-05"))).extracting(u -> u.amount().toPlainString()).containsExactly("720.00");
        assertThat(r.unapplied(d("2024-07-31"))).isEmpty();
        // journal of July: credit note Dr deferred 600 + tax 120 / Cr AR 720; the refund Cr cash 720 / Dr AR 720
        Map<String, BigDecimal> july = Journal.netByAccount(Journal.entries(out.flows(), out.revenueFacts().deferred())
                .stream().filter(l -> l.month().equals(ym("2024-07"))).toList());
        assertThat(july.get(Journal.AR)).isEqualByComparingTo("0");
        assertThat(july.get(Journal.CASH)).isEqualByComparingTo("-720.00");
        assertThat(july.get(Journal.TAX)).isEqualByComparingTo("120.00");
        assertThat(july.get(Journal.DEFERRED)).isEqualByComparingTo("603.28");
        assertThat(july.get(Journal.REVENUE)).isEqualByComparingTo("-3.28");
        // the waterfall row of January holds everything billed then, net of the credit
        assertThat(rowSums(out)).containsExactly(entry("2024-01", m("600.00")));
    }

    @Test
    void a_contract_billed_late_shows_an_unbilled_receivable_backlog_and_rpo() {
        // CT2: 2,400.00 of support over 2024-01-01..2026-01-01 (731 days), billed 300.00 a quarter; only the Q1
        // invoice (2024-01-01) exists at 2024-06-30. Revenue January–June: 101.78, 95.21, 101.78, 98.50, 101.78, 98.50
        // (2,400 × days/731) = 597.55. Billed 300.00 → unbilled receivable 297.55; backlog 2,400 − 300 = 2,100.00;
        // RPO 2,400 − 597.55 = 1,802.45 = 0 − 297.55 + 2,100.00.
        // cRPO: July 2024 to June 2025: seven 31-day months at 101.78, four 30-day months at 98.50, February 2025
        // (28 days) 91.93 → 712.46 + 394.00 + 91.93 = 1,198.39.
        Contract ct = new Contract("CT2", "C2", d("2023-12-15"), d("2024-01-01"), d("2026-01-01"), "USD", m("2400.00"));
        Obligation ob = new Obligation("OB-SUP2", "CT2", "support", RecognitionMethod.RATABLE, m("2400"), null, null, null);
        Invoice q1 = new Invoice("INV-Q1", "C2", d("2024-01-01"), d("2024-01-31"), "USD", m("300.00"), m("300.00"),
                "paid");
        InvoiceLine l = new InvoiceLine("L1", "INV-Q1", null, "subscription", m("300.00"), d("2024-01-01"),
                d("2024-04-01"), "OB-SUP2");
        CustomerFinance.Output out = run(new CustomerFinance.Input("C2", List.of(q1), List.of(l), List.of(), List.of(),
                List.of(ct), List.of(ob), Map.of()), "2024-06-30");
        RevenueFacts.RpoRow jun = rpo(out, "2024-06");
        assertThat(jun.deferred()).isEqualByComparingTo("0");
        assertThat(jun.unbilled()).isEqualByComparingTo("297.55");
        assertThat(jun.backlog()).isEqualByComparingTo("2100.00");
        assertThat(jun.rpo()).isEqualByComparingTo("1802.45");
        assertThat(jun.crpo()).isEqualByComparingTo("1198.39");
        // before signing nothing is contracted: no RPO row for November 2023
        assertThat(out.revenueFacts().rpo()).extracting(RevenueFacts.RpoRow::month).doesNotContain(ym("2023-11"));
        assertThat(rpo(out, "2023-12").rpo()).isEqualByComparingTo("2400.00");
        assertThat(rpo(out, "2023-12").backlog()).isEqualByComparingTo("2400.00");
        // waterfall: the January invoice's 300.00 is consumed by January 101.78, February 95.21, March 101.78 and
        // 1.23 of April; the rest of the schedule waits in the 'unbilled' row
        List<RevenueFacts.WaterfallCell> row = out.revenueFacts().waterfall().stream()
                .filter(c -> c.rowMonth().equals("2024-01")).toList();
        assertThat(row).extracting(RevenueFacts.WaterfallCell::recognitionMonth, c -> c.amount().toPlainString())
                .containsExactly(tuple("2024-01", "101.78"), tuple("2024-02", "95.21"), tuple("2024-03", "101.78"),
                        tuple("2024-04", "1.23"));
        assertThat(rowSums(out)).containsEntry("2024-01", m("300.00")).containsEntry(RevenueFacts.UNBILLED, m("2100.00"));
    }

    @Test
    void with_booking_rows_the_waterfall_row_is_the_signing_month_and_sums_to_the_transaction_price() {
        // the same late-billed CT2 (signed 2023-12-15): every month of its 2,400.00 schedule sits in row 2023-12
        Contract ct = new Contract("CT2", "C2", d("2023-12-15"), d("2024-01-01"), d("2026-01-01"), "USD", m("2400.00"));
        Obligation ob = new Obligation("OB-SUP2", "CT2", "support", RecognitionMethod.RATABLE, m("2400"), null, null, null);
        Invoice q1 = new Invoice("INV-Q1", "C2", d("2024-01-01"), d("2024-01-31"), "USD", m("300.00"), m("300.00"),
                "paid");
        InvoiceLine l = new InvoiceLine("L1", "INV-Q1", null, "subscription", m("300.00"), d("2024-01-01"),
                d("2024-04-01"), "OB-SUP2");
        CustomerFinance.Output out = CustomerFinance.compute(new CustomerFinance.Input("C2", List.of(q1), List.of(l),
                List.of(), List.of(), List.of(ct), List.of(ob), Map.of()), d("2024-06-30"),
                new FinancePolicy(AgingBuckets.defaults(), WaterfallRows.BOOKING), USD);
        assertThat(rowSums(out)).containsExactly(entry("2023-12", m("2400.00")));
        assertThat(out.revenueFacts().waterfall()).hasSize(24);
        assertThat(FinanceChecks.waterfallRowsMatchBilled(out.revenueFacts().waterfall(),
                out.revenueFacts().rowTotals())).isEmpty();
    }

    @Test
    void invoice_lines_without_a_contract_are_obligations_and_a_discount_line_spreads_over_them() {
        // INV7 2024-03-01: subscription 300.00 for 2024-03-01..06-01 (92 days), setup fee 100.00, discount −40.00.
        // The discount goes 300/400 and 100/400: subscription 270.00, setup 90.00. March: 270 × 31/92 = 90.98 +
        // setup 90.00 = 180.98; April 270 × 30/92 = 88.04; May the residue 270 − 179.02 = 90.98.
        Invoice inv = new Invoice("INV7", "C7", d("2024-03-01"), d("2024-03-31"), "USD", m("360.00"), m("360.00"), "open");
        List<InvoiceLine> lines = List.of(
                new InvoiceLine("L1", "INV7", null, "subscription", m("300.00"), d("2024-03-01"), d("2024-06-01"), null),
                new InvoiceLine("L2", "INV7", null, "one_time", m("100.00"), null, null, null),
                new InvoiceLine("L3", "INV7", null, "one_time", m("-40.00"), null, null, null));
        CustomerFinance.Output out = run(new CustomerFinance.Input("C7", List.of(inv), lines, List.of(), List.of(),
                List.of(), List.of(), Map.of()), "2024-06-30");
        assertThat(out.revenue().obligations()).extracting(RevenueEngine.ObligationSchedule::obligationId,
                o -> o.price().toPlainString(), RevenueEngine.ObligationSchedule::method)
                .containsExactly(tuple("L1", "270.00", "ratable"), tuple("L2", "90.00", "point_in_time"));
        assertThat(revenueByMonth(out)).containsExactly(entry(ym("2024-03"), m("180.98")),
                entry(ym("2024-04"), m("88.04")), entry(ym("2024-05"), m("90.98")));
        assertThat(deferred(out, "2024-03").closing()).isEqualByComparingTo("179.02");
    }

    @Test
    void a_line_naming_no_obligation_inside_a_contract_term_bills_that_contract_and_adds_no_revenue() {
        // CT3 600.00 over 2024-01-01..07-01 with no obligations rows (one ratable obligation over the term); its
        // invoice line names no obligation but falls in the term, so it is a billing of CT3, not new revenue.
        Contract ct = new Contract("CT3", "C3", d("2024-01-01"), d("2024-01-01"), d("2024-07-01"), "USD", m("600.00"));
        Invoice inv = new Invoice("INV3", "C3", d("2024-01-01"), d("2024-01-31"), "USD", m("600.00"), m("600.00"), "open");
        InvoiceLine l = new InvoiceLine("L1", "INV3", null, "subscription", m("600.00"), d("2024-01-01"),
                d("2024-07-01"), null);
        CustomerFinance.Output out = run(new CustomerFinance.Input("C3", List.of(inv), List.of(l), List.of(), List.of(),
                List.of(ct), List.of(), Map.of()), "2024-06-30");
        assertThat(out.revenue().obligations()).extracting(RevenueEngine.ObligationSchedule::obligationId)
                .containsExactly("CT3#term");
        assertThat(revenueByMonth(out).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("600.00");
        assertThat(deferred(out, "2024-06").closing()).isEqualByComparingTo("0");
    }
}
