package io.revlake.api.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.revlake.api.Json;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.LatestTable;
import io.revlake.api.gold.LoadedTable;
import io.revlake.catalog.Tables;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metric policy each transform run recorded next to its output (ops.transform_runs.policy), read with Delta
 * Kernel and re-read only when the table gets a new version. The catalog shows the policy of the run whose tables
 * are served, not the defaults, so a run made with {@code --discounts none} says so.
 */
public final class RunPolicies {
    /** A run's recorded policy: option → the value it ran with. */
    public record Recorded(String runId, Map<String, String> values) {
        public Recorded {
            Objects.requireNonNull(runId, "runId");
            values = Map.copyOf(values);
        }
    }

    private static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() { };

    private final LatestTable<Map<String, Map<String, String>>> runs;
    /** A run's row is written once and never changes, so a policy once found is kept: no log read per request. */
    private final Map<String, Recorded> found = new java.util.concurrent.ConcurrentHashMap<>();

    public RunPolicies(DeltaGoldReader reader) {
        this.runs = new LatestTable<>(reader, Tables.TRANSFORM_RUNS, RunPolicies::parse, Map.of());
    }

    /** The policy run {@code runId} recorded; empty when the run is unknown (e.g. the log was not written yet). */
    public Optional<Recorded> of(String runId) {
        Recorded known = found.get(runId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Recorded> read = Optional.ofNullable(runs.get().get(runId)).map(v -> new Recorded(runId, v));
        read.ifPresent(r -> found.put(runId, r));
        return read;
    }

    static Map<String, Map<String, String>> parse(LoadedTable loaded) {
        var d = loaded.data();
        Map<String, Map<String, String>> out = new HashMap<>();
        for (int r = 0; r < loaded.rowCount(); r++) {
            String json = d.stringColumn("policy").get(r);
            Map<String, String> values = new HashMap<>();
            try {
                Json.mapper().readValue(json, JSON_MAP).forEach((k, v) -> values.put(k, v == null ? "" : v.toString()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("ops.transform_runs: run " + d.stringColumn("run_id").get(r)
                        + " has a policy that is not JSON: " + e.getOriginalMessage(), e);
            }
            out.put(d.stringColumn("run_id").get(r), Map.copyOf(values));
        }
        return Map.copyOf(out);
    }
}
