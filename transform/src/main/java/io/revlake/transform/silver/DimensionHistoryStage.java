package io.revlake.transform.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.SourceReaders;
import io.revlake.ingest.SourceRecord;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Bronze customers (every version ingest kept) → silver.customer_dimension_history, per {@link DimensionHistory}.
 * Deleted versions are skipped, customer ids are resolved through the identity map, and only customers of
 * silver.customers get a history. A customer's rows depend only on its own bronze rows (and the map), so the
 * incremental refresh can rebuild the rows of the customers that changed.
 */
public final class DimensionHistoryStage {
    private static final TableDef TABLE = Tables.CUSTOMER_DIMENSION_HISTORY;

    private DimensionHistoryStage() {
    }

    /** Writes the table when there are bronze customers; @return table → rows written (empty otherwise). */
    public static Map<String, Long> run(SparkSession spark, String warehouse, Consumer<String> progress) {
        Dataset<Row> bronze = SilverJob.bronzeUnion(spark, warehouse, CanonicalEntity.CUSTOMERS);
        TableDef customers = Tables.silver(CanonicalEntity.CUSTOMERS);
        if (bronze == null || !DeltaTables.exists(spark, customers, warehouse)) {
            return Map.of();
        }
        Dataset<Row> rows = conform(bronze, DeltaTables.read(spark, customers, warehouse),
                CustomerIdentity.matched(spark, warehouse)).cache();
        long n = rows.count();
        DeltaTables.overwrite(rows, TABLE, warehouse);
        rows.unpersist();
        progress.accept(String.format("  %s: %,d rows", TABLE.qualifiedName(), n));
        return Map.of(TABLE.qualifiedName(), n);
    }

    /**
     * @param bronze    bronze customer rows (all versions, any sources)
     * @param customers silver customers (only their {@code customer_id} is used): whose history is kept
     * @param matched   the identity map's matched records ({@link CustomerIdentity#matched}): a merged customer's
     *                  history is that of its leading record ({@link CustomerPrecedence#RECORD_ORDER}), so the
     *                  values of two systems do not alternate as their records change
     */
    public static Dataset<Row> conform(Dataset<Row> bronze, Dataset<Row> customers, Dataset<Row> matched) {
        CanonicalEntity e = CanonicalEntity.CUSTOMERS;
        List<Column> select = new ArrayList<>();
        select.add(trim(col("customer_id")).as("customer_id"));
        for (String f : List.of("updated_at", "segment", "region", "channel", "country")) {
            select.add(SilverJob.typed(e.field(f).orElseThrow()).as(f));
        }
        Tables.LINEAGE.forEach(c -> select.add(col(c.name())));
        Dataset<Row> versions = bronze
                .filter(coalesce(get_json_object(col("_extra_columns"), "$." + SourceRecord.DELETED_MARKER)
                        .equalTo("true"), lit(false)).equalTo(false))
                .select(select.toArray(Column[]::new));
        // The leading record: best system, then source name; its own id among a source's records merged by the file.
        // Records not matched all count (one id in two sources without a match keeps every version, as before).
        Column rank = CustomerIdentity.recordRank(SourceReaders.names());
        Column record = when(col(CustomerIdentity.IS_MATCHED), format_string("%04d|%s|%s", rank, col("_source"),
                col(Tables.SOURCE_CUSTOMER_ID.name()))).otherwise(lit(""));
        versions = CustomerIdentity.resolve(versions, matched)
                .withColumn("_record", record)
                .withColumn("_leading", min("_record").over(Window.partitionBy("customer_id")))
                .filter(col("_record").equalTo(col("_leading")))
                .join(customers.select("customer_id").distinct(), "customer_id", "left_semi");
        return versions.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (id, it) -> periods(it).iterator(),
                        Encoders.row(SparkSchemas.schema(TABLE)));
    }

    /** Silver's version order, oldest first: updated_at (undated first), then ingest time, batch, row. */
    private static final Comparator<Row> OLDEST_FIRST = Comparator
            .comparing((Row r) -> (Timestamp) r.getAs("updated_at"), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> (Timestamp) r.getAs("_ingested_at"))
            .thenComparing(r -> (String) r.getAs("_batch_id"))
            .thenComparing(r -> (Long) r.getAs("_source_row"));

    private static List<Row> periods(java.util.Iterator<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        list.sort(OLDEST_FIRST);
        List<DimensionHistory.Version<Row>> versions = new ArrayList<>();
        for (Row r : list) {
            Timestamp updated = r.getAs("updated_at");
            versions.add(new DimensionHistory.Version<>(updated == null ? null : updated.toInstant(),
                    new DimensionHistory.Dims(r.getAs("segment"), r.getAs("region"), r.getAs("channel"),
                            r.getAs("country")), r));
        }
        List<Row> out = new ArrayList<>();
        for (DimensionHistory.Period<Row> p : DimensionHistory.periods(versions)) {
            Row v = p.opened().lineage();
            List<Object> values = new ArrayList<>();
            values.add(v.<String>getAs("customer_id"));
            values.add((long) p.period());
            values.add(p.validFrom() == null ? null : p.validFrom().toString());
            values.add(p.validTo() == null ? null : p.validTo().toString());
            values.addAll(java.util.Arrays.asList(p.dims().segment(), p.dims().region(), p.dims().channel(),
                    p.dims().country(), v.<Timestamp>getAs("updated_at")));
            Tables.LINEAGE.forEach(c -> values.add(v.<Object>getAs(c.name())));
            out.add(RowFactory.create(values.toArray()));
        }
        return out;
    }
}
