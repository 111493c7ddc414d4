package io.revlake.api.metrics;

import io.revlake.catalog.TableDef;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One metric of the catalog: what it means, how it rolls up, and how to compute it from parts.
 *
 * @param id             stable identifier used in URLs, e.g. {@code nrr}
 * @param name           for people, e.g. "Net revenue retention (monthly)"
 * @param definition     the definition in words (METRICS.md)
 * @param unit           what the number measures
 * @param kind           balance, flow or ratio: how a quarter or a year is computed from months
 * @param policy         the policy choices the number depends on (name → setting in force)
 * @param source         parts for ungrouped, unfiltered series (usually the gold summary table)
 * @param groupedSource  parts for grouped or filtered series; null when the metric has no dimensions
 * @param formula        the value of a period from its rolled-up parts; null when undefined (e.g. division by 0)
 * @param constantCurrencyAvailable whether {@code currency=constant} is meaningful for it
 */
public record MetricDef(String id, String name, String definition, Unit unit, MetricKind kind, Map<String, String> policy,
                        PartSource source, PartSource groupedSource, Function<Parts, BigDecimal> formula,
                        boolean constantCurrencyAvailable) {
    public MetricDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(formula, "formula");
        policy = Map.copyOf(policy);
        if (!id.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("metric ids are snake_case: " + id);
        }
    }

    /** Dimensions the metric can be grouped and filtered by. */
    public List<String> dimensions() {
        return groupedSource == null ? List.of() : groupedSource.dimensions();
    }

    /** The gold table of ungrouped series. */
    public TableDef sourceTable() {
        return source.tables().get(0);
    }

    /** The source for a request: grouped or filtered requests go to customer-level (or dimensioned) tables. */
    public PartSource sourceFor(boolean groupedOrFiltered) {
        return groupedOrFiltered && groupedSource != null ? groupedSource : source;
    }

    /** How a period is computed from months, in words. */
    public String rollup() {
        return switch (kind) {
            case BALANCE -> "value at the last month of the period";
            case FLOW -> "sum of the months of the period";
            case RATIO -> "recomputed for the period from its parts (balances at the period start or end, flows summed"
                    + " over the period); never an average of monthly values";
        };
    }
}
