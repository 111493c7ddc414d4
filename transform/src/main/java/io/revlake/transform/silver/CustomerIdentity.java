package io.revlake.transform.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Applies {@code silver.identity_map} to silver rows: a row whose ({@code _source}, {@code customer_id}) is a
 * {@code matched} record gets the resolved customer id, and keeps its source's id in {@code _source_customer_id}.
 * Unmatched and conflicting records keep their own id: nothing is merged by guess.
 */
public final class CustomerIdentity {
    /** Whether the row's record was matched (only while merging; not a silver column). */
    public static final String IS_MATCHED = "_is_matched";
    private static final String SOURCE_CUSTOMER_ID = Tables.SOURCE_CUSTOMER_ID.name();
    /** Rank of a merged customer's record that has no value for a field: after every record that has one. */
    private static final int NO_VALUE = 1_000;

    private CustomerIdentity() {
    }

    /**
     * The matched rows of the warehouse's identity map as {@code _im_source, _im_source_id, _im_customer_id}; empty
     * when there is no map (no source has customers).
     */
    public static Dataset<Row> matched(SparkSession spark, String warehouse) {
        return DeltaTables.readOrEmpty(spark, Tables.IDENTITY_MAP, warehouse)
                .filter(col("status").equalTo(IdentityResolver.MATCHED))
                .select(col("source").as("_im_source"), col("source_customer_id").as("_im_source_id"),
                        col("customer_id").as("_im_customer_id"));
    }

    /**
     * The rows with {@code customer_id} resolved through {@code matched} (from {@link #matched}), the source's id in
     * {@code _source_customer_id} and {@link #IS_MATCHED}. Other columns are kept.
     */
    public static Dataset<Row> resolve(Dataset<Row> rows, Dataset<Row> matched) {
        Column on = col("_source").equalTo(col("_im_source")).and(col("customer_id").equalTo(col("_im_source_id")));
        return rows.join(matched, on, "left")
                .withColumn(SOURCE_CUSTOMER_ID, col("customer_id"))
                .withColumn(IS_MATCHED, col("_im_customer_id").isNotNull())
                .withColumn("customer_id", coalesce(col("_im_customer_id"), col("customer_id")))
                .drop("_im_source", "_im_source_id", "_im_customer_id");
    }

    /** {@link #resolve} for facts: the silver columns only. */
    public static Dataset<Row> resolveFacts(Dataset<Row> rows, Dataset<Row> matched) {
        return resolve(rows, matched).drop(IS_MATCHED);
    }

    /**
     * One row per customer id from the resolved records of every source ({@link #resolve} of each source's latest
     * customer records). The records of a matched customer are merged field by field per {@link CustomerPrecedence};
     * records that share an id without being matched (one id in two sources) keep silver's rule, the latest version
     * wins whole.
     *
     * @param sources every source name, to rank records by their source's system
     */
    public static Dataset<Row> mergeCustomers(Dataset<Row> resolved, Collection<String> sources) {
        Column recency = row_number().over(Window.partitionBy("customer_id").orderBy(
                col("updated_at").desc_nulls_last(), col("_ingested_at").desc(), col("_batch_id").desc(),
                col("_source_row").desc()));
        Dataset<Row> ranked = resolved.withColumn("_recency", recency);
        List<String> fields = CanonicalEntity.CUSTOMERS.fields().stream().map(f -> f.name()).toList();
        List<Column> values = new ArrayList<>();
        for (String c : Tables.silver(CanonicalEntity.CUSTOMERS).columnNames()) {
            if (c.equals("customer_id")) {
                continue;
            }
            boolean isField = fields.contains(c);
            Column rank = rankOfSource(sources,
                    isField ? s -> CustomerPrecedence.rank(c, s) : CustomerPrecedence::recordRank);
            Column matchedRank = isField ? when(col(c).isNull(), lit(NO_VALUE)).otherwise(rank) : rank;
            Column order = struct(when(col(IS_MATCHED), matchedRank).otherwise(lit(0)), col("_recency"));
            values.add(min_by(col(c), order).as(c));
        }
        Dataset<Row> merged = ranked.groupBy(col("customer_id"))
                .agg(values.get(0), values.subList(1, values.size()).toArray(Column[]::new));
        return merged.select(Tables.silver(CanonicalEntity.CUSTOMERS).columnNames().stream().map(c -> col(c))
                .toArray(Column[]::new));
    }

    /** The rank of a resolved row's record (its {@code _source}'s system) as a column; 0 for an unmatched record. */
    public static Column recordRank(Collection<String> sources) {
        return when(col(IS_MATCHED), rankOfSource(sources, CustomerPrecedence::recordRank)).otherwise(lit(0));
    }

    private static Column rankOfSource(Collection<String> sources, ToIntFunction<String> rank) {
        Column c = null;
        for (String s : sources) {
            c = c == null ? when(col("_source").equalTo(s), lit(rank.applyAsInt(s)))
                    : c.when(col("_source").equalTo(s), lit(rank.applyAsInt(s)));
        }
        return c == null ? lit(NO_VALUE - 1) : c.otherwise(lit(NO_VALUE - 1));
    }
}
