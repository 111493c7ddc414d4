package io.revlake.api.metrics;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated series request.
 *
 * @param from     first month (inclusive), or from the first month with data
 * @param to       last month (inclusive), or to the last month with data
 * @param groupBy  dimensions to group by, in order
 * @param filters  dimension → accepted values ({@link PartSource#NONE} for missing)
 * @param constantCurrency MRR amounts at constant-currency rates instead of month-end rates
 */
public record SeriesQuery(MetricDef metric, Optional<YearMonth> from, Optional<YearMonth> to, Grain grain,
                          List<String> groupBy, Map<String, Set<String>> filters, boolean constantCurrency) {
    public SeriesQuery {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(grain, "grain");
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
    }

    public boolean groupedOrFiltered() {
        return !groupBy.isEmpty() || !filters.isEmpty();
    }

    public PartSource source() {
        return metric.sourceFor(groupedOrFiltered());
    }
}
