package io.revlake.api.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultGenericVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.revlake.api.gold.ColumnCodec;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldReadException;
import io.revlake.api.gold.LoadedTable;
import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ops.job_runs}, written and read with Delta Kernel (no Spark): each state of an attempt (running, then its
 * outcome) is one appended row, one Delta commit. Appends from several processes are blind appends that Kernel
 * commits without conflict; only the very first commit (creating the table) can race, and is retried.
 */
public final class RunHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableDef TABLE = Tables.JOB_RUNS;
    private static final int COMMIT_TRIES = 6;

    private final Engine engine;
    private final DeltaGoldReader reader;
    private final String location;
    private final StructType schema;
    private volatile Cached cache;

    private record Cached(long version, List<JobRun> runs) {
    }

    public RunHistory(String warehouse) {
        this.engine = DefaultEngine.create(new Configuration());
        this.reader = new DeltaGoldReader(warehouse);
        this.location = TABLE.location(warehouse);
        this.schema = kernelSchema(TABLE);
    }

    /** Appends one row (one commit). */
    public synchronized void record(JobRun run) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= COMMIT_TRIES; attempt++) {
            try {
                append(run);
                return;
            } catch (RuntimeException e) {
                // A concurrent first commit (two processes creating the table), or a transient storage error.
                last = e;
                LOG.debug("Writing {} to {} failed (try {}): {}", run.runId(), TABLE.qualifiedName(), attempt, e.toString());
                sleep(50L * attempt * attempt);
            }
        }
        throw new IllegalStateException("Cannot record run " + run.runId() + " of " + run.job() + " in "
                + TABLE.qualifiedName() + " at " + location + ": " + last.getMessage(), last);
    }

    /** Every attempt in its latest state, newest start first. */
    public List<JobRun> runs() {
        Optional<Snapshot> snapshot;
        try {
            snapshot = reader.latestSnapshot(TABLE);
        } catch (GoldReadException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (snapshot.isEmpty()) {
            return List.of();
        }
        Cached c = cache;
        if (c != null && c.version() == snapshot.get().getVersion()) {
            return c.runs();
        }
        LoadedTable loaded;
        try {
            loaded = reader.read(TABLE, snapshot.get());
        } catch (GoldReadException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Map<String, JobRun> latest = new LinkedHashMap<>();
        tech.tablesaw.api.Table data = loaded.data();
        for (int row = 0; row < data.rowCount(); row++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Column col : TABLE.columns()) {
                values.put(col.name(), ColumnCodec.jsonValue(data, col, row));
            }
            JobRun run = fromRow(values);
            latest.merge(run.runId() + "#" + run.attempt(), run, RunHistory::later);
        }
        List<JobRun> runs = new ArrayList<>(latest.values());
        runs.sort(Comparator.comparing(JobRun::startedAt).thenComparing(JobRun::attempt).reversed());
        List<JobRun> result = List.copyOf(runs);
        cache = new Cached(snapshot.get().getVersion(), result);
        return result;
    }

    /** Attempts of one job, newest first. */
    public List<JobRun> runs(String job, int limit) {
        return runs().stream().filter(r -> r.job().equals(job)).limit(limit).toList();
    }

    /** Attempts of one run, first attempt first. */
    public List<JobRun> run(String runId) {
        return runs().stream().filter(r -> r.runId().equals(runId)).sorted(Comparator.comparing(JobRun::attempt)).toList();
    }

    /** The latest attempt of the latest run of a job. */
    public Optional<JobRun> lastRun(String job) {
        return runs().stream().filter(r -> r.job().equals(job)).findFirst();
    }

    private static JobRun later(JobRun a, JobRun b) {
        int byTime = a.recordedAt().compareTo(b.recordedAt());
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        return a.status().isFinal() ? a : b;
    }

    private void append(JobRun run) {
        Table table = Table.forPath(engine, location);
        boolean exists;
        try {
            table.getLatestSnapshot(engine);
            exists = true;
        } catch (TableNotFoundException e) {
            exists = false;
        }
        TransactionBuilder builder = table.createTransactionBuilder(engine, "revlake-jobs",
                exists ? Operation.WRITE : Operation.CREATE_TABLE);
        if (!exists) {
            builder = builder.withSchema(engine, schema);
        }
        Transaction txn = builder.build(engine);
        Row state = txn.getTransactionState(engine);
        FilteredColumnarBatch batch = new FilteredColumnarBatch(
                new DefaultColumnarBatch(1, schema, vectors(run)), Optional.empty());
        CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
                Utils.singletonCloseableIterator(batch), Map.of());
        DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
        TransactionCommitResult result;
        try {
            CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
                    .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
            CloseableIterator<Row> actions = Transaction.generateAppendActions(engine, state, files, context);
            result = txn.commit(engine, CloseableIterable.inMemoryIterable(actions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (PostCommitHook hook : result.getPostCommitHooks()) {
            try {
                hook.threadSafeInvoke(engine); // checkpoints keep the log short to read
            } catch (IOException | RuntimeException e) {
                LOG.debug("Post-commit hook {} of {} failed: {}", hook.getType(), TABLE.qualifiedName(), e.toString());
            }
        }
    }

    private ColumnVector[] vectors(JobRun run) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("run_id", run.runId());
        values.put("job", run.job());
        values.put("parent_run_id", run.parentRunId());
        values.put("trigger", run.trigger().value());
        values.put("attempt", (long) run.attempt());
        values.put("status", run.status().value());
        values.put("started_at", micros(run.startedAt()));
        values.put("ended_at", micros(run.endedAt()));
        values.put("rows_in", run.rowsIn());
        values.put("rows_out", run.rowsOut());
        values.put("tables_written", run.tablesWritten().isEmpty() && run.status() != RunStatus.SUCCEEDED ? null
                : json(run.tablesWritten()));
        values.put("error", run.error());
        values.put("runner", run.runner());
        values.put("recorded_at", micros(run.recordedAt()));
        ColumnVector[] vectors = new ColumnVector[TABLE.columns().size()];
        for (int i = 0; i < vectors.length; i++) {
            Column c = TABLE.columns().get(i);
            if (!values.containsKey(c.name())) {
                throw new IllegalStateException("no value for " + c.name());
            }
            List<Object> one = new ArrayList<>();
            one.add(values.get(c.name()));
            vectors[i] = DefaultGenericVector.fromList(schema.at(i).getDataType(), one);
        }
        return vectors;
    }

    static JobRun fromRow(Map<String, Object> v) {
        Map<String, Long> tables = Map.of();
        String tablesJson = (String) v.get("tables_written");
        if (tablesJson != null && !tablesJson.isBlank()) {
            try {
                tables = JSON.readValue(tablesJson, new TypeReference<LinkedHashMap<String, Long>>() { });
            } catch (JsonProcessingException e) {
                tables = Map.of();
            }
        }
        return new JobRun((String) v.get("run_id"), (String) v.get("job"), (String) v.get("parent_run_id"),
                Trigger.parse((String) v.get("trigger")), ((Long) v.get("attempt")).intValue(),
                RunStatus.parse((String) v.get("status")), instant(v.get("started_at")), instant(v.get("ended_at")),
                (Long) v.get("rows_in"), (Long) v.get("rows_out"), tables, (String) v.get("error"),
                (String) v.get("runner"), instant(v.get("recorded_at")));
    }

    private static Instant instant(Object iso) {
        return iso == null ? null : Instant.parse((String) iso);
    }

    private static Long micros(Instant t) {
        return t == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The catalog's schema in Kernel types (this table uses strings, longs and timestamps only). */
    static StructType kernelSchema(TableDef def) {
        StructType s = new StructType();
        for (Column c : def.columns()) {
            DataType type = switch (c.type()) {
                case STRING -> StringType.STRING;
                case LONG -> LongType.LONG;
                case TIMESTAMP -> TimestampType.TIMESTAMP;
                default -> throw new IllegalArgumentException(def.qualifiedName() + "." + c.name() + ": type "
                        + c.type() + " is not written by the job runner");
            };
            s = s.add(c.name(), type, c.nullable());
        }
        return s;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
