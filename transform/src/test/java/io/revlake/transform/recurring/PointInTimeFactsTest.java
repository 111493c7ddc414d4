package io.revlake.transform.recurring;

import static io.revlake.transform.recurring.CustomerMrrCalculatorTest.USD_ONLY;
import static io.revlake.transform.recurring.CustomerMrrCalculatorTest.monthly;
import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.transform.recurring.DimensionTimeline.Change;
import io.revlake.transform.recurring.DimensionTimeline.Dims;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Segment moves on hand-worked customers (docs/metrics.md, "Entering and leaving"): movement rows in the segment of
 * their month, entering/leaving rows for the MRR carried over, and every segment's bridge adding up.
 */
class PointInTimeFactsTest {
    static final Dims SMB = new Dims("smb", "emea", "direct");
    static final Dims ENT = new Dims("enterprise", "emea", "direct");

    static DimensionTimeline timeline(Object... fromAndDims) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < fromAndDims.length; i += 2) {
            String from = (String) fromAndDims[i];
            changes.add(new Change(from == null ? null : YearMonth.parse(from), (Dims) fromAndDims[i + 1]));
        }
        return DimensionTimeline.of(changes);
    }

    static PointInTimeFacts.Result place(DimensionTimeline t, SubscriptionItem... items) {
        return PointInTimeFacts.place(CustomerMrrCalculatorTest.run("2024-06-30", USD_ONLY, items), t);
    }

    static List<String> movements(PointInTimeFacts.Result r) {
        List<String> out = new ArrayList<>();
        r.movements().stream().sorted(java.util.Comparator.comparing((PointInTimeFacts.Placed<MrrMovement> p) ->
                        p.fact().month()).thenComparing(p -> p.fact().movement()))
                .forEach(p -> out.add(p.fact().month() + " " + p.dims().segment() + " " + p.fact().movement().id()
                        + " " + p.fact().amount().toPlainString()));
        return out;
    }

    /** segment → month → (mrr, Σ movements); checks opening + movements = closing for every segment and month. */
    static void assertEverySegmentBridgeAddsUp(PointInTimeFacts.Result r) {
        assertEveryBridgeAddsUp(r, Dims::segment);
    }

    /** As {@link #assertEverySegmentBridgeAddsUp} for the values of any dimension. */
    static void assertEveryBridgeAddsUp(PointInTimeFacts.Result r, java.util.function.Function<Dims, String> value) {
        Map<String, TreeMap<YearMonth, BigDecimal[]>> bySegment = new HashMap<>();
        for (var m : r.months()) {
            bySegment.computeIfAbsent(value.apply(m.dims()), s -> new TreeMap<>())
                    .computeIfAbsent(m.fact().month(), x -> zero())[0] = m.fact().mrr();
        }
        for (var mv : r.movements()) {
            BigDecimal[] cell = bySegment.computeIfAbsent(value.apply(mv.dims()), s -> new TreeMap<>())
                    .computeIfAbsent(mv.fact().month(), x -> zero());
            cell[1] = cell[1].add(mv.fact().amount());
        }
        bySegment.forEach((segment, months) -> {
            BigDecimal opening = BigDecimal.ZERO;
            for (YearMonth m = months.firstKey(); !m.isAfter(months.lastKey()); m = m.plusMonths(1)) {
                BigDecimal[] cell = months.getOrDefault(m, zero());
                assertThat(opening.add(cell[1])).as(segment + " " + m).isEqualByComparingTo(cell[0]);
                opening = cell[0];
            }
        });
        BigDecimal net = r.movements().stream().filter(p -> p.fact().movement() == Movement.ENTERING
                || p.fact().movement() == Movement.LEAVING).map(p -> p.fact().amount()).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        assertThat(net).as("entering and leaving cancel company-wide").isEqualByComparingTo("0");
    }

    static BigDecimal[] zero() {
        return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO};
    }

    @Test
    void a_move_without_an_mrr_change_is_leaving_and_entering_only() {
        var r = place(timeline(null, SMB, "2024-03", ENT), monthly("a", "2024-01-01", null, "100"));
        assertThat(movements(r)).containsExactly(
                "2024-01 smb new 100.00",
                "2024-03 enterprise entering 100.00",
                "2024-03 smb leaving -100.00");
        assertThat(r.months()).extracting(p -> p.fact().month() + " " + p.dims().segment()).containsExactly(
                "2024-01 smb", "2024-02 smb", "2024-03 enterprise", "2024-04 enterprise", "2024-05 enterprise",
                "2024-06 enterprise");
        assertEverySegmentBridgeAddsUp(r);
    }

    @Test
    void a_move_with_an_upgrade_in_the_same_month_carries_the_old_mrr_and_expands_in_the_new_segment() {
        var r = place(timeline(null, SMB, "2024-03", ENT),
                monthly("a", "2024-01-01", "2024-03-10", "100"),
                monthly("b", "2024-03-10", null, "250"));
        assertThat(movements(r)).containsExactly(
                "2024-01 smb new 100.00",
                "2024-03 enterprise expansion 150.00",
                "2024-03 enterprise entering 100.00",
                "2024-03 smb leaving -100.00");
        assertEverySegmentBridgeAddsUp(r);
    }

    @Test
    void moving_out_and_back_leaves_and_enters_twice() {
        var r = place(timeline(null, SMB, "2024-02", ENT, "2024-04", SMB),
                monthly("a", "2024-01-01", "2024-04-15", "100"),
                monthly("b", "2024-04-15", null, "80"));
        assertThat(movements(r)).containsExactly(
                "2024-01 smb new 100.00",
                "2024-02 enterprise entering 100.00",
                "2024-02 smb leaving -100.00",
                "2024-04 smb contraction -20.00",
                "2024-04 smb entering 100.00",
                "2024-04 enterprise leaving -100.00");
        assertEverySegmentBridgeAddsUp(r);
    }

    @Test
    void a_same_month_sign_up_and_cancel_counted_by_policy_stays_in_the_values_of_its_month() {
        var facts = CustomerMrrCalculator.compute("c1", List.of(monthly("a", "2024-03-05", "2024-03-25", "100")),
                java.time.LocalDate.parse("2024-06-30"), USD_ONLY, CustomerMrrCalculatorTest.BASE, DiscountPolicy.ALL,
                FxDatePolicy.MONTH_END, SameMonthChurnPolicy.COUNT);
        var r = PointInTimeFacts.place(facts, timeline(null, SMB, "2024-03", ENT));
        assertThat(movements(r)).containsExactly(
                "2024-03 enterprise new 100.00",
                "2024-03 enterprise churn -100.00");
        assertEverySegmentBridgeAddsUp(r);
    }

    @Test
    void a_churn_in_the_month_of_a_move_stays_in_the_segment_it_left_from() {
        var r = place(timeline(null, SMB, "2024-03", ENT), monthly("a", "2024-01-01", "2024-03-10", "100"));
        assertThat(movements(r)).containsExactly(
                "2024-01 smb new 100.00",
                "2024-03 smb churn -100.00");
        assertEverySegmentBridgeAddsUp(r);
    }

    @Test
    void a_reactivation_after_a_move_is_in_the_new_segment_without_entering() {
        var r = place(timeline(null, SMB, "2024-03", ENT),
                monthly("a", "2024-01-01", "2024-02-10", "100"),
                monthly("b", "2024-04-01", null, "120"));
        assertThat(movements(r)).containsExactly(
                "2024-01 smb new 100.00",
                "2024-02 smb churn -100.00",
                "2024-04 enterprise reactivation 120.00");
        assertEverySegmentBridgeAddsUp(r);
    }

    @Test
    void in_a_foreign_currency_the_reporting_mrr_moves_and_fx_stays_in_the_new_segment() {
        FxTable fx = new FxTable("USD");
        fx.put("EUR", java.time.LocalDate.parse("2024-01-01"), new BigDecimal("1.10"));
        fx.put("EUR", java.time.LocalDate.parse("2024-03-01"), new BigDecimal("1.20"));
        var facts = CustomerMrrCalculatorTest.run("2024-03-31", fx,
                monthly("a", "2024-01-01", null, "100", "EUR"));
        var r = PointInTimeFacts.place(facts, timeline(null, SMB, "2024-03", ENT));
        assertThat(movements(r)).containsExactly(
                "2024-01 smb new 110.00",
                "2024-03 enterprise fx 10.00",
                "2024-03 enterprise entering 110.00",
                "2024-03 smb leaving -110.00");
        assertEverySegmentBridgeAddsUp(r);
    }

    @Test
    void without_history_nothing_enters_or_leaves() {
        var r = place(DimensionTimeline.NONE, monthly("a", "2024-01-01", null, "100"));
        assertThat(movements(r)).containsExactly("2024-01 null new 100.00");
    }
}
