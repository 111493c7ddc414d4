package io.revlake.api.close;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A closed period: one row of {@code ops.period_close}.
 *
 * @param period   the closed month
 * @param closedAt when the close was committed
 * @param closedBy who closed it
 * @param note     free text, or null
 * @param versions gold table (qualified name, e.g. {@code gold.mrr_summary}) → the Delta version the close froze,
 *                 in catalog order; tables that did not exist at close are absent
 * @param checks   the identities run on those versions (none failed, or the period would not be closed)
 */
public record PeriodClose(YearMonth period, Instant closedAt, String closedBy, String note, Map<String, Long> versions,
                          List<CloseCheck> checks) {
    public PeriodClose {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(closedBy, "closedBy");
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        checks = List.copyOf(checks);
    }
}
