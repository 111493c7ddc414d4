package io.revlake.transform.incremental;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether an incremental refresh can start from the previous run, and if not, why: the reasons a full rebuild is
 * needed, decided from recorded facts only (no Spark), so each one is tested on its own.
 */
public final class Fallback {
    private Fallback() {
    }

    /** What the previous run recorded in ops.transform_runs. */
    public record PreviousRun(String runId, LocalDate asOf, Map<String, String> policy,
                              Optional<Map<String, Long>> inputs) {
        public PreviousRun {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(asOf, "asOf");
            policy = Map.copyOf(policy);
            inputs = inputs.map(Map::copyOf);
        }
    }

    /** Policy entries that may differ between runs: the base month is re-derived and checked by the recurring stage. */
    private static final List<String> DERIVED = List.of("constant_currency_base");

    /**
     * @param previous     the latest run, if any
     * @param policy       this run's recurring policy ({@code RecurringConfig.policy})
     * @param bronze       bronze table → current version
     * @param fxTables     the bronze tables of FX rates
     * @param schemaErrors tables whose stored columns differ from the catalog's
     * @return why a full rebuild is needed; empty when an incremental refresh gives the same tables
     */
    public static Optional<String> reason(Optional<PreviousRun> previous, LocalDate asOf, Map<String, String> policy,
                                          Map<String, Long> bronze, java.util.Set<String> fxTables,
                                          List<String> schemaErrors) {
        if (previous.isEmpty()) {
            return Optional.of("no previous transform run to start from");
        }
        PreviousRun run = previous.get();
        if (run.inputs().isEmpty()) {
            return Optional.of("the previous run " + run.runId() + " did not record the bronze versions it read"
                    + " (a run of one stage, or one made before incremental refresh existed)");
        }
        if (!run.asOf().equals(asOf)) {
            return Optional.of("the as-of date differs from the previous run's (" + run.asOf() + " then, " + asOf
                    + " now)");
        }
        for (var e : new java.util.TreeMap<>(policy).entrySet()) {
            if (DERIVED.contains(e.getKey()) || e.getKey().equals("as_of")) {
                continue;
            }
            String before = run.policy().get(e.getKey());
            if (!e.getValue().equals(before)) {
                return Optional.of("policy " + e.getKey() + " differs from the previous run's (" + before + " then, "
                        + e.getValue() + " now)");
            }
        }
        if (!schemaErrors.isEmpty()) {
            return Optional.of("schema changed: " + String.join("; ", schemaErrors));
        }
        Map<String, Long> before = run.inputs().get();
        TreeSet<String> tables = new TreeSet<>(before.keySet());
        tables.addAll(bronze.keySet());
        for (String table : tables) {
            Long then = before.get(table);
            Long now = bronze.get(table);
            if (then == null) {
                return Optional.of("bronze table " + table + " is new since the previous run");
            }
            if (now == null) {
                return Optional.of("bronze table " + table + " is gone since the previous run");
            }
            if (now < then) {
                return Optional.of("bronze table " + table + " was recreated (version " + now + " now, " + then
                        + " at the previous run)");
            }
            if (fxTables.contains(table) && now > then) {
                return Optional.of("FX rates changed (" + table + " version " + then + " → " + now + "): every"
                        + " converted amount may move");
            }
        }
        return Optional.empty();
    }

    /**
     * Why a changed identity map needs a full rebuild: a record matched to another customer, or matched now and not
     * before (or the reverse), moves every fact of it to another customer and merges or splits customers.
     *
     * @param before the stored map's matched records, {@code source/source_customer_id} → customer id
     * @param now    the same from the current bronze customers and mapping file
     * @return the reason, naming up to three records; empty when the matched records are the same
     */
    public static Optional<String> identityChange(Map<String, String> before, Map<String, String> now) {
        TreeSet<String> records = new TreeSet<>(before.keySet());
        records.addAll(now.keySet());
        List<String> changed = new ArrayList<>();
        for (String r : records) {
            String then = before.get(r);
            String current = now.get(r);
            if (!Objects.equals(then, current)) {
                changed.add(r + ": " + (then == null ? "not matched" : then) + " then, "
                        + (current == null ? "not matched" : current) + " now");
            }
        }
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the identity map changed for " + changed.size() + " customer records ("
                + String.join("; ", changed.subList(0, Math.min(3, changed.size())))
                + (changed.size() > 3 ? "; …" : "") + "): their facts move to another customer");
    }

    /** Columns the catalog names and the stored table lacks, or the reverse; empty when they agree. */
    public static Optional<String> schemaError(String table, List<String> catalog, List<String> stored) {
        List<String> missing = new ArrayList<>(catalog);
        missing.removeAll(stored);
        List<String> extra = new ArrayList<>(stored);
        extra.removeAll(catalog);
        if (missing.isEmpty() && extra.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(table + " lacks " + missing + " and has " + extra + " beyond the catalog");
    }
}
