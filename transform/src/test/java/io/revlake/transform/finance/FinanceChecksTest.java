package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FinanceChecksTest {
    static final BigDecimal Z = BigDecimal.ZERO;

    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    static RevenueFacts.DeferredRow row(String month, String opening, String billings, String recognized,
                                       String closing) {
        return new RevenueFacts.DeferredRow(YearMonth.parse(month), "USD", m(opening), Z, m(billings), m(recognized),
                m(closing), Z);
    }

    @Test
    void a_roll_forward_that_does_not_tie_names_the_month_and_both_sides() {
        // February opens at 90 but January closed at 80; February closes at 50, but 90 + 10 − 40 = 60
        List<String> v = FinanceChecks.rollForwardTies(List.of(row("2024-01", "0", "100", "20", "80"),
                row("2024-02", "90", "10", "40", "50")), Map.of(YearMonth.of(2024, 1), Map.of("USD", m("20")),
                YearMonth.of(2024, 2), Map.of("USD", m("40"))), null);
        assertThat(v).containsExactly(
                "deferred revenue 2024-02 USD: opening 90 / unbilled 0 differs from the previous closing 80 / unbilled 0",
                "deferred revenue 2024-02 USD: closing − unbilled = 50 but opening − unbilled + billings − recognized = 60");
    }

    @Test
    void recognized_revenue_must_equal_the_revenue_schedules() {
        List<String> v = FinanceChecks.rollForwardTies(List.of(row("2024-01", "0", "100", "20", "80")),
                Map.of(YearMonth.of(2024, 1), Map.of("USD", m("25"))), null);
        assertThat(v).containsExactly("deferred revenue 2024-01 USD: recognized 20 but the revenue schedules hold 25");
    }

    @Test
    void a_waterfall_row_that_does_not_sum_to_its_billing_is_reported() {
        List<String> v = FinanceChecks.waterfallRowsMatchBilled(List.of(
                new RevenueFacts.WaterfallCell("2024-01", "2024-01", "EUR", m("60.00")),
                new RevenueFacts.WaterfallCell("2024-01", "2024-02", "EUR", m("30.00")),
                new RevenueFacts.WaterfallCell(RevenueFacts.UNBILLED, "2024-03", "EUR", m("5.00"))),
                List.of(new RevenueFacts.RowTotal("2024-01", "EUR", m("100.00"))));
        assertThat(v).containsExactly("revenue waterfall row 2024-01 in EUR sums to 90.00 but 100.00 was billed (net of"
                + " credit notes) in that month");
    }

    @Test
    void aging_buckets_must_add_up_to_the_ar_the_flows_leave() {
        // January: billed 100, received 30 → 70 open; the aging rows only hold 60
        Receivables.MonthFlows jan = new Receivables.MonthFlows(YearMonth.of(2024, 1), LocalDate.of(2024, 1, 31), "USD",
                m("70"), m("70"), m("100"), m("100"), Z, Z, m("30"), Z, Z);
        assertThat(FinanceChecks.agingMatchesArFlows(List.of(jan), Map.of(LocalDate.of(2024, 1, 31),
                Map.of("USD", m("60"))))).containsExactly("AR aging at 2024-01-31 in USD: buckets sum to 60 but invoices"
                + " less credit notes, write-offs and applied cash leave 70 open");
        assertThat(FinanceChecks.agingMatchesArFlows(List.of(jan), Map.of(LocalDate.of(2024, 1, 31),
                Map.of("USD", m("70"))))).isEmpty();
    }

    @Test
    void an_unbalanced_journal_entry_is_reported() {
        List<Journal.Line> lines = List.of(
                new Journal.Line(YearMonth.of(2024, 1), "USD", "billing", Journal.AR, m("100"), Z),
                new Journal.Line(YearMonth.of(2024, 1), "USD", "billing", Journal.DEFERRED, Z, m("90")));
        assertThat(FinanceChecks.journalBalances(lines))
                .containsExactly("journal 2024-01 USD entry billing is off balance by 10");
    }

    @Test
    void rpo_must_be_deferred_less_unbilled_plus_backlog() {
        RevenueFacts.RpoRow r = new RevenueFacts.RpoRow(YearMonth.of(2024, 1), "USD", m("80"), Z, m("100"), m("170"),
                m("50"));
        assertThat(FinanceChecks.rpoTies(List.of(r), List.of(row("2024-01", "0", "100", "20", "80"))))
                .containsExactly("RPO 2024-01 USD: rpo 170 ≠ deferred − unbilled + backlog = 180");
    }

    @Test
    void customers_must_sum_to_the_company_row_in_every_column_and_a_missing_side_counts_as_zero() {
        // 2024-01 USD: customers close at 60.05 + 40.05 = 100.10 = the company row. 2024-02 USD: the company row
        // closes at 100.10 but the customers at 100.09 (a cent lost). 2024-02 EUR: a customer row the company table
        // lacks. 2024-03 GBP: a company row of zeros with no customers, which ties.
        List<String> columns = List.of("billings", "closing");
        Map<String, Map<String, BigDecimal>> customers = Map.of(
                "2024-01 USD", Map.of("billings", new BigDecimal("100.10"), "closing", new BigDecimal("100.10")),
                "2024-02 USD", Map.of("closing", new BigDecimal("100.09")),
                "2024-02 EUR", Map.of("closing", new BigDecimal("5.00")));
        Map<String, Map<String, BigDecimal>> company = Map.of(
                "2024-01 USD", Map.of("billings", new BigDecimal("100.10"), "closing", new BigDecimal("100.10")),
                "2024-02 USD", Map.of("billings", BigDecimal.ZERO, "closing", new BigDecimal("100.10")),
                "2024-03 GBP", Map.of("billings", BigDecimal.ZERO, "closing", BigDecimal.ZERO));
        assertThat(FinanceChecks.customerSumsMatchCompany("gold.c", "gold.t", columns, customers, company))
                .containsExactly(
                        "2024-02 EUR: Σ gold.c differs from gold.t (closing 5.00 vs 0.00; customers vs company)",
                        "2024-02 USD: Σ gold.c differs from gold.t (closing 100.09 vs 100.10; customers vs company)");
    }
}
