package io.revlake.api.metrics;

import io.revlake.api.gold.GoldSnapshot;
import io.revlake.catalog.TableDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/** Where a metric's monthly parts come from: one or more gold tables of a snapshot. */
public interface PartSource {
    /** Value that stands for a missing (null) dimension value in filters and results. */
    String NONE = "(none)";

    List<TableDef> tables();

    /** Dimensions results can be grouped and filtered by. */
    List<String> dimensions();

    /**
     * Whether a month without rows for a group means zero (customer-level sums: no paying customer = 0 MRR) rather
     * than unknown.
     */
    boolean absentMeansZero();

    /**
     * Monthly parts per group.
     *
     * @param groupBy dimensions to group by, in order (subset of {@link #dimensions()})
     * @param filters dimension → accepted values ({@link #NONE} for null); rows must match every dimension
     */
    PartTable compute(GoldSnapshot snapshot, List<String> groupBy, Map<String, Set<String>> filters);

    /** Distinct values of each dimension in the snapshot, for validating filters. */
    Map<String, SortedSet<String>> dimensionValues(GoldSnapshot snapshot);
}
