package io.revlake.transform.recurring;

import static io.revlake.transform.recurring.CustomerMrrCalculatorTest.USD_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.transform.recurring.DimensionTimeline.Dims;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plan dimension (docs/metrics.md, "Plan"): a customer counts in its main plan of each month, the plan id with
 * the most MRR; a change of main plan while paying is leaving the old plan and entering the new one.
 */
class MainPlanTest {
    static final Dims SMB = new Dims("smb", "emea", "direct");

    static SubscriptionItem item(String id, String plan, String start, String end, String amount, BillingInterval interval) {
        return new SubscriptionItem(id, "c1", LocalDate.parse(start), end == null ? null : LocalDate.parse(end),
                interval, 1, BigDecimal.ONE, new BigDecimal(amount), null, null, null, "USD", null, false, plan);
    }

    static SubscriptionItem monthly(String id, String plan, String start, String end, String amount) {
        return item(id, plan, start, end, amount, BillingInterval.MONTH);
    }

    static List<String> placed(PointInTimeFacts.Result r) {
        List<String> out = new ArrayList<>();
        r.movements().stream().sorted(java.util.Comparator.comparing((PointInTimeFacts.Placed<MrrMovement> p) ->
                        p.fact().month()).thenComparing(p -> p.fact().movement()))
                .forEach(p -> out.add(p.fact().month() + " " + p.dims().plan() + " " + p.dims().segment() + " "
                        + p.fact().movement().id() + " " + p.fact().amount().toPlainString()));
        return out;
    }

    @Test
    void the_main_plan_is_the_one_with_the_most_mrr_and_ties_go_to_the_smallest_id() {
        LocalDate d = LocalDate.parse("2024-03-31");
        assertThat(CustomerMrrCalculator.mainPlan(List.of(monthly("a", "basic", "2024-01-01", null, "100"),
                monthly("b", "pro", "2024-01-01", null, "150")), d, DiscountPolicy.ALL)).contains("pro");
        // Two items of one plan add up: basic 2 × 80 = 160 beats pro 150.
        assertThat(CustomerMrrCalculator.mainPlan(List.of(monthly("a", "basic", "2024-01-01", null, "80"),
                monthly("a2", "basic", "2024-02-01", null, "80"), monthly("b", "pro", "2024-01-01", null, "150")),
                d, DiscountPolicy.ALL)).contains("basic");
        assertThat(CustomerMrrCalculator.mainPlan(List.of(monthly("a", "zeta", "2024-01-01", null, "100"),
                monthly("b", "alpha", "2024-01-01", null, "100")), d, DiscountPolicy.ALL)).contains("alpha");
        // Compared exactly after normalising: 1,200.00 a year = 100.00 a month ties with 100.00 a month.
        assertThat(CustomerMrrCalculator.mainPlan(List.of(
                item("y", "annual", "2024-01-01", null, "1200.00", BillingInterval.YEAR),
                item("w", "weekly", "2024-01-01", null, "23.00", BillingInterval.WEEK),    // 23 × 52 / 12 = 99.67
                monthly("m", "monthly", "2024-01-01", null, "100.00")), d, DiscountPolicy.ALL)).contains("annual");
        // Items without MRR (ended, or without a plan id) do not count.
        assertThat(CustomerMrrCalculator.mainPlan(List.of(monthly("a", "pro", "2024-01-01", "2024-02-01", "500"),
                monthly("b", null, "2024-01-01", null, "900"), monthly("c", "basic", "2024-01-01", null, "10")),
                d, DiscountPolicy.ALL)).contains("basic");
        assertThat(CustomerMrrCalculator.mainPlan(List.of(monthly("b", null, "2024-01-01", null, "900")), d,
                DiscountPolicy.ALL)).isEmpty();
    }

    @Test
    void an_upgrade_to_another_plan_leaves_the_old_plan_and_enters_the_new_one_with_the_previous_mrr() {
        // basic 100 from Jan; pro 250 replaces it on 10 Mar; churned 5 May.
        var facts = CustomerMrrCalculatorTest.run("2024-06-30", USD_ONLY,
                monthly("a", "basic", "2024-01-01", "2024-03-10", "100"),
                monthly("b", "pro", "2024-03-10", "2024-05-05", "250"));
        assertThat(facts.plans()).isEqualTo(Map.of(YearMonth.of(2024, 1), "basic", YearMonth.of(2024, 2), "basic",
                YearMonth.of(2024, 3), "pro", YearMonth.of(2024, 4), "pro"));
        var r = PointInTimeFacts.place(facts, DimensionTimeline.constant(SMB));
        assertThat(placed(r)).containsExactly(
                "2024-01 basic smb new 100.00",
                "2024-03 pro smb expansion 150.00",
                "2024-03 pro smb entering 100.00",
                "2024-03 basic smb leaving -100.00",
                "2024-05 pro smb churn -250.00");
        assertThat(r.months()).extracting(p -> p.fact().month() + " " + p.dims().plan())
                .containsExactly("2024-01 basic", "2024-02 basic", "2024-03 pro", "2024-04 pro");
        // Each plan's bridge adds up: basic 100 → 0 by leaving; pro 0 → 250 by entering 100 + expansion 150.
        PointInTimeFactsTest.assertEveryBridgeAddsUp(r, Dims::plan);
    }

    @Test
    void an_add_on_that_does_not_overtake_the_main_plan_is_an_expansion_in_the_same_plan() {
        var r = PointInTimeFacts.place(CustomerMrrCalculatorTest.run("2024-04-30", USD_ONLY,
                monthly("a", "pro", "2024-01-01", null, "200"),
                monthly("b", "seats_addon", "2024-02-15", null, "50")), DimensionTimeline.constant(SMB));
        assertThat(placed(r)).containsExactly("2024-01 pro smb new 200.00", "2024-02 pro smb expansion 50.00");
    }

    @Test
    void a_churned_customer_churns_from_its_last_plan_and_a_twelve_month_row_keeps_the_base_months_plan() {
        var r = PointInTimeFacts.place(CustomerMrrCalculatorTest.run("2025-03-31", USD_ONLY,
                monthly("a", "basic", "2024-01-01", "2024-06-15", "100"),
                monthly("b", "pro", "2024-06-15", "2025-02-10", "300")), DimensionTimeline.constant(SMB));
        assertThat(placed(r)).filteredOn(s -> s.contains("churn")).containsExactly("2025-02 pro smb churn -300.00");
        assertThat(r.retention12()).extracting(p -> p.fact().month() + " " + p.dims().plan())
                .contains("2025-01 basic", "2025-02 basic");
    }

    @Test
    void a_same_month_sign_up_and_cancel_counts_in_the_plan_of_its_first_paying_day() {
        var facts = CustomerMrrCalculator.compute("c1", List.of(
                        monthly("a", "basic", "2024-02-03", "2024-02-20", "100"),
                        monthly("b", "pro", "2024-02-10", "2024-02-20", "300")),
                LocalDate.parse("2024-03-31"), USD_ONLY, YearMonth.of(2024, 1), DiscountPolicy.ALL,
                FxDatePolicy.MONTH_END, SameMonthChurnPolicy.COUNT);
        var r = PointInTimeFacts.place(facts, DimensionTimeline.constant(SMB));
        assertThat(placed(r)).containsExactly("2024-02 basic smb new 100.00", "2024-02 basic smb churn -100.00");
    }
}
