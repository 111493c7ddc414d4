package io.revlake.transform.recurring;

import java.io.Serializable;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One customer's point-in-time dimensions, from silver.customer_dimension_history: the values of month M are those
 * of the last period starting on or before M; the first period (no start) covers every month before the next one.
 * A customer without history has no values ({@link Dims#NONE}).
 */
public final class DimensionTimeline implements Serializable {
    /**
     * The customer dimensions gold carries on each row. The plan is not a customer attribute: it is the customer's
     * main plan of the month, set by {@link PointInTimeFacts} from the items.
     */
    public record Dims(String segment, String region, String channel, String plan) implements Serializable {
        public static final Dims NONE = new Dims(null, null, null);

        public Dims(String segment, String region, String channel) {
            this(segment, region, channel, null);
        }

        public Dims withPlan(String p) {
            return new Dims(segment, region, channel, p);
        }
    }

    /** @param from first month of the values; null for the first period */
    public record Change(YearMonth from, Dims dims) implements Serializable {
    }

    public static final DimensionTimeline NONE = new DimensionTimeline(List.of());

    private final List<Change> changes;

    private DimensionTimeline(List<Change> changes) {
        this.changes = changes;
    }

    public static DimensionTimeline of(List<Change> changes) {
        List<Change> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparing(Change::from, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new DimensionTimeline(List.copyOf(sorted));
    }

    /** Values that never change. */
    public static DimensionTimeline constant(Dims dims) {
        return of(List.of(new Change(null, dims)));
    }

    public Dims at(YearMonth month) {
        Dims out = changes.isEmpty() ? Dims.NONE : changes.get(0).dims();
        for (Change c : changes) {
            if (c.from() == null || !c.from().isAfter(month)) {
                out = c.dims();
            }
        }
        return out;
    }
}
