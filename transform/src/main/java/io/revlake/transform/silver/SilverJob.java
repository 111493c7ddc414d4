package io.revlake.transform.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.CanonicalField;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.SourceReaders;
import io.revlake.ingest.SourceRecord;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Bronze → silver: every source's bronze table of an entity ({@code bronze.canonical_invoices},
 * {@code bronze.stripe_invoices}, …) united, then the latest version of each record by natural key (newest
 * {@code updated_at}, then newest batch, then a deletion before a record of the same batch, then last row), typed per
 * the canonical field kinds. A source's record whose latest version in that source is a deletion (a tombstone row,
 * marked {@code "_deleted":"true"} in {@code _extra_columns}) is left out; a deletion never removes another source's
 * record of the same key. Records of different sources with the same key are one record (latest wins). Customers of
 * different systems are tied together by {@code silver.identity_map}, written first: facts carry the resolved
 * customer and {@code silver.customers} holds one row per resolved customer (see docs/connectors.md). Values were
 * validated at ingest, so every cast succeeds.
 */
public final class SilverJob {
    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;

    public SilverJob(SparkSession spark, String warehouse, Consumer<String> progress) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
    }

    /** @return silver table → rows written, for the entities that have bronze data */
    public Map<String, Long> run() {
        Map<String, Long> written = new LinkedHashMap<>();
        // Identity first: every entity below carries the customer it resolves.
        written.putAll(IdentityStage.run(spark, warehouse, progress));
        Dataset<Row> matched = CustomerIdentity.matched(spark, warehouse).cache();
        for (CanonicalEntity entity : CanonicalEntity.values()) {
            Dataset<Row> union = bronzeUnion(spark, warehouse, entity);
            if (union == null) {
                continue;
            }
            TableDef silver = Tables.silver(entity);
            Dataset<Row> conformed = conformResolved(union, entity, matched).cache();
            long rows = conformed.count();
            DeltaTables.overwrite(conformed, silver, warehouse);
            conformed.unpersist();
            progress.accept(String.format("  %s: %,d rows", silver.qualifiedName(), rows));
            written.put(silver.qualifiedName(), rows);
        }
        matched.unpersist();
        written.putAll(DimensionHistoryStage.run(spark, warehouse, progress));
        return written;
    }

    /** Every source's bronze rows of the entity, or null when no source has any. */
    public static Dataset<Row> bronzeUnion(SparkSession spark, String warehouse, CanonicalEntity entity) {
        Dataset<Row> union = null;
        for (String source : SourceReaders.names()) {
            TableDef bronze = Tables.bronze(source, entity);
            if (DeltaTables.exists(spark, bronze, warehouse)) {
                Dataset<Row> rows = DeltaTables.read(spark, bronze, warehouse);
                union = union == null ? rows : union.unionByName(rows, true);
            }
        }
        return union;
    }

    /**
     * The silver rows of the bronze rows given, customers resolved through the identity map's {@code matched} rows
     * ({@link CustomerIdentity#matched}): a fact's {@code customer_id} becomes its resolved customer; customers are
     * taken per source, then the records of one resolved customer merged into one row ({@link CustomerPrecedence}).
     * The silver rows of some keys depend only on the bronze rows of those keys (of customers: of the records resolved
     * to them) and the identity map.
     */
    public static Dataset<Row> conformResolved(Dataset<Row> bronze, CanonicalEntity entity, Dataset<Row> matched) {
        if (entity == CanonicalEntity.CUSTOMERS) {
            return CustomerIdentity.mergeCustomers(CustomerIdentity.resolve(latest(bronze, entity, false), matched),
                    SourceReaders.names());
        }
        Dataset<Row> rows = conform(bronze, entity);
        return entity.field("customer_id").isPresent() ? CustomerIdentity.resolveFacts(rows, matched) : rows;
    }

    /**
     * The silver rows of the bronze rows given, before identity resolution. A key's silver row depends only on the bronze rows of that key, so
     * conforming the rows of some keys gives exactly those keys' rows of a full run.
     */
    public static Dataset<Row> conform(Dataset<Row> bronze, CanonicalEntity entity) {
        return latest(bronze, entity, true);
    }

    /** Latest version per key and source, deletions applied; then, {@code acrossSources}, per key. Typed. */
    private static Dataset<Row> latest(Dataset<Row> bronze, CanonicalEntity entity, boolean acrossSources) {
        List<Column> order = new ArrayList<>();
        if (entity.field("updated_at").isPresent()) {
            order.add(col("updated_at").cast("timestamp").desc_nulls_last());
        }
        order.add(col("_ingested_at").desc());
        order.add(col("_batch_id").desc());
        order.add(col("_is_tombstone").desc());
        order.add(col("_source_row").desc());
        Column[] key = entity.key().stream().map(k -> trim(col(k))).toArray(Column[]::new);
        Column[] keyAndSource = java.util.stream.Stream.concat(java.util.Arrays.stream(key), java.util.stream.Stream.of(col("_source")))
                .toArray(Column[]::new);
        // A deletion applies to its own source's record only: first the latest version per source (dropping keys the
        // source deleted), then the latest across sources.
        Dataset<Row> latest = bronze
                .withColumn("_is_tombstone", coalesce(get_json_object(col("_extra_columns"),
                        "$." + SourceRecord.DELETED_MARKER).equalTo("true"), lit(false)))
                .withColumn("_rank", row_number().over(Window.partitionBy(keyAndSource).orderBy(order.toArray(Column[]::new))))
                .filter(col("_rank").equalTo(1))
                .filter(col("_is_tombstone").equalTo(false));
        if (acrossSources) {
            latest = latest.withColumn("_rank", row_number().over(Window.partitionBy(key)
                    .orderBy(order.toArray(Column[]::new)))).filter(col("_rank").equalTo(1));
        }
        TableDef silver = Tables.silver(entity);
        List<Column> select = new ArrayList<>();
        for (CanonicalField f : entity.fields()) {
            select.add(typed(f).as(f.name()));
        }
        Tables.LINEAGE.forEach(c -> select.add(col(c.name())));
        return latest.select(select.toArray(Column[]::new));
    }

    /** The silver value of a bronze field, typed per its kind. */
    public static Column typed(CanonicalField f) {
        Column c = col(f.name());
        var type = SparkSchemas.sparkType(f.kind().silverType());
        return switch (f.kind()) {
            case TEXT, MONTH -> c;
            case ID -> trim(c);
            case DATE -> to_date(c, "yyyy-MM-dd");
            case TIMESTAMP, DECIMAL, NON_NEGATIVE_DECIMAL, PERCENT, POSITIVE_INT, RATE -> c.cast(type);
            case CURRENCY -> upper(c);
            case ENUM -> lower(c);
            case BOOLEAN -> org.apache.spark.sql.functions.when(c.isNull(), lit(null).cast("boolean"))
                    .otherwise(lower(c).isin("true", "t", "yes", "y", "1"));
        };
    }
}
