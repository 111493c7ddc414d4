package io.revlake.api.metrics;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Monthly parts of a source, per group: group key (dimension values in group_by order; an empty list when
 * ungrouped) → month → part name → value. Built by a {@link PartSource}, then only read.
 */
public final class PartTable {
    private final List<String> dimensions;
    private final Map<List<String>, TreeMap<YearMonth, Map<String, BigDecimal>>> groups = new LinkedHashMap<>();
    private final TreeSet<YearMonth> months = new TreeSet<>();

    public PartTable(List<String> dimensions) {
        this.dimensions = List.copyOf(dimensions);
    }

    public List<String> dimensions() {
        return dimensions;
    }

    /** Adds {@code value} to a part (null values only mark the month as present). */
    public void add(List<String> group, YearMonth month, String part, BigDecimal value) {
        Map<String, BigDecimal> cells = cells(group, month);
        if (value != null) {
            cells.merge(part, value, BigDecimal::add);
        }
    }

    /** Sets a part, replacing what was there. */
    public void put(List<String> group, YearMonth month, String part, BigDecimal value) {
        Map<String, BigDecimal> cells = cells(group, month);
        if (value == null) {
            cells.remove(part);
        } else {
            cells.put(part, value);
        }
    }

    /** Every month seen in any group, oldest first. */
    public TreeSet<YearMonth> months() {
        return months;
    }

    public Map<List<String>, TreeMap<YearMonth, Map<String, BigDecimal>>> groups() {
        return Collections.unmodifiableMap(groups);
    }

    /** The parts of a group in a month; empty when the group has no row then. */
    public Map<String, BigDecimal> at(List<String> group, YearMonth month) {
        TreeMap<YearMonth, Map<String, BigDecimal>> byMonth = groups.get(group);
        if (byMonth == null) {
            return Map.of();
        }
        return byMonth.getOrDefault(month, Map.of());
    }

    private Map<String, BigDecimal> cells(List<String> group, YearMonth month) {
        months.add(month);
        return groups.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(month, m -> new HashMap<>());
    }
}
