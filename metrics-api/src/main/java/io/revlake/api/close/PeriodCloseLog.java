package io.revlake.api.close;

import static io.delta.kernel.internal.util.Utils.singletonCloseableIterator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultGenericVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.revlake.api.Json;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldReadException;
import io.revlake.api.gold.LoadedTable;
import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.InstantColumn;

/**
 * {@code ops.period_close} read and appended with Delta Kernel (no Spark). Appends carry a Delta application
 * transaction id per period ({@code revlake-period-close-YYYY-MM}), so two closes of one period racing each other
 * cannot both commit: Kernel refuses the second even when it rebases onto the first.
 */
final class PeriodCloseLog {
    static final TableDef TABLE = Tables.PERIOD_CLOSE;
    private static final String ENGINE_INFO = "RevLake period close";
    private static final ObjectMapper JSON = Json.mapper();

    private final Engine engine;
    private final DeltaGoldReader reader;

    PeriodCloseLog(Engine engine, DeltaGoldReader reader) {
        this.engine = engine;
        this.reader = reader;
    }

    String location() {
        return reader.location(TABLE);
    }

    /** Every close recorded, by period; empty when nothing was ever closed (no table yet). */
    List<PeriodClose> readAll() {
        try {
            Optional<Snapshot> latest = reader.latestSnapshot(TABLE);
            if (latest.isEmpty()) {
                return List.of();
            }
            LoadedTable loaded = reader.read(TABLE, latest.get());
            List<PeriodClose> closes = new ArrayList<>();
            for (int r = 0; r < loaded.rowCount(); r++) {
                closes.add(fromRow(loaded, r));
            }
            closes.sort(Comparator.comparing(PeriodClose::period));
            return List.copyOf(closes);
        } catch (GoldReadException e) {
            throw new IllegalStateException("cannot read " + TABLE.qualifiedName() + ": " + e.getMessage(), e);
        }
    }

    /** The latest version of the table, or -1 when it does not exist; a cheap probe of the Delta log. */
    long version() {
        try {
            return reader.latestSnapshot(TABLE).map(Snapshot::getVersion).orElse(-1L);
        } catch (GoldReadException e) {
            throw new IllegalStateException("cannot read " + TABLE.qualifiedName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one close row (creating the table on the first close).
     *
     * @return the Delta version committed
     * @throws CloseRefusedException when the period was closed meanwhile by someone else
     */
    long append(PeriodClose close) {
        Table table = Table.forPath(engine, location());
        boolean exists = version() >= 0;
        StructType schema = schema(TABLE);
        TransactionBuilder builder = table.createTransactionBuilder(engine, ENGINE_INFO,
                exists ? Operation.WRITE : Operation.CREATE_TABLE);
        if (!exists) {
            builder = builder.withSchema(engine, schema);
        }
        builder = builder.withTransactionId(engine, "revlake-period-close-" + close.period(), 1);
        try {
            Transaction txn = builder.build(engine);
            Row state = txn.getTransactionState(engine);
            StructType tableSchema = txn.getSchema(engine);
            Map<String, Object> values = toRow(close);
            ColumnVector[] vectors = new ColumnVector[tableSchema.length()];
            for (int i = 0; i < vectors.length; i++) {
                var field = tableSchema.at(i);
                List<Object> cell = new ArrayList<>();
                cell.add(values.get(field.getName()));
                vectors[i] = DefaultGenericVector.fromList(field.getDataType(), cell);
            }
            FilteredColumnarBatch batch = new FilteredColumnarBatch(
                    new DefaultColumnarBatch(1, tableSchema, vectors), Optional.empty());
            DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
            CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
                    singletonCloseableIterator(batch), Map.of());
            CloseableIterator<DataFileStatus> files = engine.getParquetHandler().writeParquetFiles(
                    context.getTargetDirectory(), physical, context.getStatisticsColumns());
            CloseableIterator<Row> actions = Transaction.generateAppendActions(engine, state, files, context);
            return txn.commit(engine, CloseableIterable.inMemoryIterable(actions)).getVersion();
        } catch (ConcurrentTransactionException | TableAlreadyExistsException e) {
            throw alreadyClosedMeanwhile(close.period(), e);
        } catch (ConcurrentWriteException e) {
            if (readAll().stream().anyMatch(c -> c.period().equals(close.period()))) {
                throw alreadyClosedMeanwhile(close.period(), e);
            }
            throw new IllegalStateException("cannot record the close of " + close.period() + " in "
                    + TABLE.qualifiedName() + ": another write happened at the same time (" + e.getMessage()
                    + "); try again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + TABLE.qualifiedName() + " at " + location() + ": "
                    + e.getMessage(), e);
        }
    }

    private static CloseRefusedException alreadyClosedMeanwhile(YearMonth period, RuntimeException cause) {
        CloseRefusedException e = new CloseRefusedException(period, CloseRefusedException.Reason.ALREADY_CLOSED,
                period + " was closed by someone else while this close ran; a period closes once"
                        + " (see ./revlake close --list)", List.of());
        e.initCause(cause);
        return e;
    }

    // ---- rows ----

    private static Map<String, Object> toRow(PeriodClose close) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("period", close.period().toString());
        row.put("closed_at", ChronoUnit.MICROS.between(Instant.EPOCH, close.closedAt()));
        row.put("closed_by", close.closedBy());
        row.put("note", close.note());
        try {
            row.put("versions", JSON.writeValueAsString(close.versions()));
            row.put("checks", JSON.writeValueAsString(close.checks()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return row;
    }

    private static PeriodClose fromRow(LoadedTable loaded, int r) {
        var data = loaded.data();
        String period = data.stringColumn("period").get(r);
        try {
            Map<String, Long> versions = JSON.readValue(data.stringColumn("versions").get(r),
                    new TypeReference<LinkedHashMap<String, Long>>() { });
            List<CloseCheck> checks = JSON.readValue(data.stringColumn("checks").get(r),
                    new TypeReference<List<CloseCheck>>() { });
            String note = data.stringColumn("note").isMissing(r) ? null : data.stringColumn("note").get(r);
            return new PeriodClose(YearMonth.parse(period), ((InstantColumn) data.column("closed_at")).get(r),
                    data.stringColumn("closed_by").get(r), note, versions, checks);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException(TABLE.qualifiedName() + " row for period " + period
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The catalog's schema in Kernel types (only the types ops tables use). */
    static StructType schema(TableDef table) {
        StructType schema = new StructType();
        for (Column c : table.columns()) {
            DataType type = switch (c.type()) {
                case STRING -> StringType.STRING;
                case TIMESTAMP -> TimestampType.TIMESTAMP;
                case LONG -> LongType.LONG;
                default -> throw new IllegalStateException(table.qualifiedName() + "." + c.name() + ": type "
                        + c.type() + " is not written by Kernel here");
            };
            schema = schema.add(c.name(), type, c.nullable());
        }
        return schema;
    }
}
