package io.revlake.transform.recurring;

import io.revlake.transform.recurring.DimensionTimeline.Dims;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's facts placed in the dimension values they belong to (docs/metrics.md, "Entering and leaving"):
 *
 * <ul>
 *   <li>a month row carries the values of its month;</li>
 *   <li>the movements of a month carry the values of that month end, except in a churn month: the customer has no
 *       MRR at that month end, so its churn (and fx) stays where its MRR was, the values of M−1;</li>
 *   <li>when a customer paying at both ends of M has other values at M than at M−1, its MRR of M−1 (reporting
 *       currency, as the opening counted it) leaves the old values ({@code leaving}, −) and enters the new ones
 *       ({@code entering}, +); the change within M is then classified as usual in the new values. Each filter's
 *       bridge adds up, and the two rows cancel company-wide;</li>
 *   <li>a same-month sign-up and cancel (policy {@code same_month_churn=count}) keeps both its movements in the
 *       values of its month;</li>
 *   <li>a 12-month retention row carries the values of its base month, M−12.</li>
 * </ul>
 * The plan of a month is the customer's main plan then ({@link CustomerMrrCalculator#mainPlan}), so a change of main
 * plan while paying is a move like a change of segment.
 */
public final class PointInTimeFacts {
    private PointInTimeFacts() {
    }

    public record Placed<T>(T fact, Dims dims) {
    }

    public record Result(List<Placed<CustomerMonthMrr>> months, List<Placed<MrrMovement>> movements,
                         List<Placed<Retention12>> retention12) {
    }

    public static Result place(CustomerMrrCalculator.Result facts, DimensionTimeline customer) {
        Map<YearMonth, String> plans = facts.plans();
        java.util.function.Function<YearMonth, Dims> timeline = m -> customer.at(m).withPlan(plans.get(m));
        Map<YearMonth, CustomerMonthMrr> byMonth = new HashMap<>();
        List<Placed<CustomerMonthMrr>> months = new ArrayList<>();
        for (CustomerMonthMrr m : facts.months()) {
            byMonth.put(m.month(), m);
            months.add(new Placed<>(m, timeline.apply(m.month())));
        }
        List<Placed<MrrMovement>> movements = new ArrayList<>();
        // A month with a gain but no MRR at its end is a same-month sign-up and cancel (policy count): its pair
        // stays in the values of that month, where the customer was while it paid.
        java.util.Set<YearMonth> joinedAndLeft = new java.util.HashSet<>();
        for (MrrMovement mv : facts.movements()) {
            if ((mv.movement() == Movement.NEW || mv.movement() == Movement.REACTIVATION)
                    && !byMonth.containsKey(mv.month())) {
                joinedAndLeft.add(mv.month());
            }
        }
        for (MrrMovement mv : facts.movements()) {
            YearMonth m = mv.month();
            boolean placeInMonth = byMonth.containsKey(m) || joinedAndLeft.contains(m);
            movements.add(new Placed<>(mv, timeline.apply(placeInMonth ? m : m.minusMonths(1))));
        }
        // A move needs MRR at both month ends (a month without any other movement can still be one).
        for (CustomerMonthMrr now : facts.months()) {
            CustomerMonthMrr before = byMonth.get(now.month().minusMonths(1));
            if (before == null) {
                continue;
            }
            Dims from = timeline.apply(before.month());
            Dims to = timeline.apply(now.month());
            if (!from.equals(to)) {
                BigDecimal carried = before.mrr();
                movements.add(new Placed<>(new MrrMovement(now.month(), now.customerId(), Movement.LEAVING,
                        carried.negate(), before.currency()), from));
                movements.add(new Placed<>(new MrrMovement(now.month(), now.customerId(), Movement.ENTERING,
                        carried, before.currency()), to));
            }
        }
        List<Placed<Retention12>> retention = new ArrayList<>();
        for (Retention12 r : facts.retention12()) {
            retention.add(new Placed<>(r, timeline.apply(r.month().minusMonths(12))));
        }
        return new Result(months, movements, retention);
    }
}
