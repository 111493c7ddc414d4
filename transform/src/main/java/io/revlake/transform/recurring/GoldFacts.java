package io.revlake.transform.recurring;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import java.time.YearMonth;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The per-customer facts of {@link RecurringJob} rebuilt from the gold tables a run wrote: month rows from
 * mrr_customer_month, movements from mrr_movements, and the 12-month retention rows derived from month rows exactly as
 * {@link CustomerMrrCalculator} makes them (a customer paying at the end of M − 12 contributes its constant-currency
 * MRR then as base and at M, or 0, as current). Equal to the facts of a full run for the same inputs.
 */
final class GoldFacts {
    private GoldFacts() {
    }

    /** Reads each table at its current version, pinned, so a later replacement of its rows does not change the result. */
    static Dataset<Row> read(SparkSession spark, String warehouse, YearMonth lastMonth) {
        return of(pinned(spark, Tables.MRR_CUSTOMER_MONTH, warehouse), pinned(spark, Tables.MRR_MOVEMENTS, warehouse),
                lastMonth);
    }

    /** The facts of {@code customers} (a customer_id column) in the two tables at the given versions. */
    static Dataset<Row> read(SparkSession spark, String warehouse, YearMonth lastMonth, long monthsVersion,
                             long movementsVersion, Dataset<Row> customers) {
        return of(at(spark, Tables.MRR_CUSTOMER_MONTH, warehouse, monthsVersion).join(customers, "customer_id",
                        "left_semi"),
                at(spark, Tables.MRR_MOVEMENTS, warehouse, movementsVersion).join(customers, "customer_id",
                        "left_semi"),
                lastMonth);
    }

    private static Dataset<Row> of(Dataset<Row> months, Dataset<Row> moves, YearMonth lastMonth) {
        Dataset<Row> mrr = shape(months.withColumn("kind", lit("mrr")));
        Dataset<Row> movement = shape(moves.withColumn("kind", lit("movement")));
        // A retention row counts in the dimensions of its base month, as CustomerMrrCalculator's rows are placed.
        Dataset<Row> yearAgo = months.select(col("customer_id"), col("mrr_constant_currency").as("base"),
                        col("segment"), col("region"), col("channel"), col("plan"),
                        date_format(add_months(to_date(concat(col("month"), lit("-01"))), 12), "yyyy-MM").as("month"))
                .filter(col("month").leq(lit(lastMonth.toString())));
        Dataset<Row> now = months.select(col("customer_id"), col("month"), col("mrr_constant_currency").as("current"));
        Dataset<Row> retention = shape(yearAgo.join(now, new String[] {"customer_id", "month"}, "left")
                .withColumn("kind", lit("retention12"))
                .withColumn("amount", coalesce(col("current"), lit(java.math.BigDecimal.ZERO))));
        return mrr.unionByName(movement).unionByName(retention);
    }

    private static Dataset<Row> pinned(SparkSession spark, TableDef table, String warehouse) {
        return at(spark, table, warehouse, DeltaTables.version(spark, table, warehouse));
    }

    static Dataset<Row> at(SparkSession spark, TableDef table, String warehouse, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(table.location(warehouse));
    }

    /** The fact schema's columns in order, absent ones null, each cast to the fact type. */
    private static Dataset<Row> shape(Dataset<Row> rows) {
        var present = Arrays.asList(rows.columns());
        Column[] select = new Column[RecurringJob.FACT_SCHEMA.fields().length];
        int i = 0;
        for (StructField f : RecurringJob.FACT_SCHEMA.fields()) {
            Column c = present.contains(f.name()) ? col(f.name()) : lit(null);
            select[i++] = c.cast(f.dataType()).as(f.name());
        }
        return rows.select(select);
    }
}
