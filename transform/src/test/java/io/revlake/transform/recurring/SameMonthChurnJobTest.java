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
 * Policy {@code same_month_churn} through the Spark job on real Delta tables: c1 pays 100.00 from January; c2 pays
 * 100.00 from 5 to 20 February only. Month-end MRR is the same under both options; {@code count} adds c2 to
 * February's new and churned customers and movements, and the run records the option.
 */
class SameMonthChurnJobTest {
    @TempDir
    Path tmp;

    @Test
    void count_adds_the_sign_up_and_cancel_to_new_and_churn_and_leaves_mrr_alone() throws IOException {
        Path extract = Files.createDirectories(tmp.resolve("extract"));
        Files.writeString(extract.resolve("customers.csv"), """
                customer_id,name,segment,region,country,channel,currency,created_at
                c1,Acme,smb,na,US,direct,USD,2024-01-01T00:00:00Z
                c2,Brief Co,smb,na,US,direct,USD,2024-02-05T00:00:00Z
                """);
        Files.writeString(extract.resolve("subscription_items.csv"), """
                item_id,subscription_id,customer_id,product_id,plan_id,start_date,end_date,billing_interval,interval_count,quantity,unit_amount,currency
                i1,s1,c1,p1,pro,2024-01-01,,month,1,1,100,USD
                i2,s2,c2,p1,pro,2024-02-05,2024-02-20,month,1,1,100,USD
                """);
        SparkSession spark = SparkSessions.shared();
        List<String> log = new ArrayList<>();
        String ignoring = tmp.resolve("ignore").toString();
        String counting = tmp.resolve("count").toString();
        for (String warehouse : List.of(ignoring, counting)) {
            new IngestJob(spark, warehouse, log::add).run(extract);
            RecurringConfig config = new RecurringConfig(LocalDate.parse("2024-03-31"), DiscountPolicy.ALL, "USD",
                    Optional.empty(), SummaryPolicy.defaults(), FxDatePolicy.MONTH_END,
                    warehouse.equals(counting) ? SameMonthChurnPolicy.COUNT : SameMonthChurnPolicy.IGNORE);
            Pipeline pipeline = new Pipeline(spark, warehouse, log::add);
            pipeline.transform(Pipeline.Stage.SILVER, config);
            pipeline.transform(Pipeline.Stage.RECURRING, config);
        }

        Row ignored = february(spark, ignoring);
        Row counted = february(spark, counting);
        assertThat(List.of(ignored, counted)).allSatisfy(r -> {
            assertThat((BigDecimal) r.getAs("mrr")).isEqualByComparingTo("100.00");
            assertThat(r.<Long>getAs("paying_customers")).isEqualTo(1L);
        });
        assertThat(List.of(ignored.<Long>getAs("new_customers"), ignored.<Long>getAs("churned_customers"),
                counted.<Long>getAs("new_customers"), counted.<Long>getAs("churned_customers")))
                .containsExactly(0L, 0L, 1L, 1L);
        assertThat((BigDecimal) ignored.getAs("new")).isEqualByComparingTo("0");
        assertThat((BigDecimal) counted.getAs("new")).isEqualByComparingTo("100.00");
        assertThat((BigDecimal) counted.getAs("churn")).isEqualByComparingTo("-100.00");
        // One customer at the start of February, one lost during it.
        assertThat(ignored.<Double>getAs("logo_churn_rate")).isEqualTo(0.0);
        assertThat(counted.<Double>getAs("logo_churn_rate")).isEqualTo(1.0);

        List<String> moves = DeltaTables.read(spark, Tables.MRR_MOVEMENTS, counting).where("customer_id = 'c2'")
                .orderBy("movement").collectAsList().stream()
                .map(r -> r.getAs("month") + " " + r.getAs("movement") + " " + r.getAs("amount") + " " + r.getAs("segment"))
                .toList();
        assertThat(moves).containsExactly("2024-02 churn -100.00 smb", "2024-02 new 100.00 smb");
        assertThat(DeltaTables.read(spark, Tables.MRR_CUSTOMER_MONTH, counting).where("customer_id = 'c2'").count())
                .isZero();

        Row run = DeltaTables.read(spark, Tables.TRANSFORM_RUNS, counting).orderBy(
                org.apache.spark.sql.functions.col("finished_at").desc()).first();
        assertThat(run.<String>getAs("policy")).contains("\"same_month_churn\":\"count\"");
    }

    private static Row february(SparkSession spark, String warehouse) {
        return DeltaTables.read(spark, Tables.MRR_SUMMARY, warehouse).where("month = '2024-02'").first();
    }
}
