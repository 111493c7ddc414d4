package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.Tables;
import io.revlake.ingest.IngestJob;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Pipeline;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recurring stage on real Delta tables under {@code fx_date=invoice_date}: an annual EUR plan keeps the rate of
 * its invoice, the fx movement waits for the renewal, and the run records the policy next to its output.
 */
class FxDatePolicyJobTest {
    @TempDir
    Path tmp;

    @Test
    void invoice_date_policy_flows_through_the_spark_job_and_is_recorded() throws IOException {
        Path extract = Files.createDirectories(tmp.resolve("extract"));
        Files.writeString(extract.resolve("customers.csv"), """
                customer_id,name,segment,region,country,channel,currency,created_at
                c1,Acme GmbH,smb,emea,DE,direct,EUR,2024-03-15T00:00:00Z
                """);
        Files.writeString(extract.resolve("subscription_items.csv"), """
                item_id,subscription_id,customer_id,product_id,plan_id,start_date,end_date,billing_interval,interval_count,quantity,unit_amount,currency
                i1,s1,c1,p1,annual,2024-03-15,,year,1,1,1200,EUR
                """);
        Files.writeString(extract.resolve("fx_rates.csv"), """
                date,currency,rate_to_reporting
                2024-03-01,EUR,1.10
                2024-04-01,EUR,1.20
                2024-05-01,EUR,1.30
                2025-03-01,EUR,1.40
                """);
        SparkSession spark = SparkSessions.shared();
        String warehouse = tmp.resolve("warehouse").toString();
        List<String> log = new ArrayList<>();
        new IngestJob(spark, warehouse, log::add).run(extract);
        RecurringConfig config = new RecurringConfig(LocalDate.parse("2025-03-31"), DiscountPolicy.ALL, "USD",
                Optional.empty(), SummaryPolicy.defaults(), FxDatePolicy.INVOICE_DATE);
        Pipeline pipeline = new Pipeline(spark, warehouse, log::add);
        pipeline.transform(Pipeline.Stage.SILVER, config);
        pipeline.transform(Pipeline.Stage.RECURRING, config);

        List<Row> months = DeltaTables.read(spark, Tables.MRR_CUSTOMER_MONTH, warehouse).orderBy("month").collectAsList();
        assertThat(months).hasSize(13);
        for (Row r : months.subList(0, 12)) {   // 2024-03 … 2025-02: the 2024-03-15 invoice at 1.10
            assertThat((BigDecimal) r.getAs("mrr")).as(r.toString()).isEqualByComparingTo("110.00");
        }
        assertThat((BigDecimal) months.get(12).getAs("mrr")).isEqualByComparingTo("140.00");

        List<Row> fx = DeltaTables.read(spark, Tables.MRR_MOVEMENTS, warehouse).where("movement = 'fx'").collectAsList();
        assertThat(fx).hasSize(1);
        assertThat((BigDecimal) fx.get(0).getAs("amount")).isEqualByComparingTo("30.00");

        Row run = DeltaTables.read(spark, Tables.TRANSFORM_RUNS, warehouse).orderBy(
                org.apache.spark.sql.functions.col("finished_at").desc()).first();
        assertThat(run.<String>getAs("policy")).contains("\"fx_date\":\"invoice_date\"");
    }
}
