package io.revlake.api;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.api.close.CloseService;
import io.revlake.api.close.PeriodClose;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.gold.Publications;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.IngestJob;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Pipeline;
import io.revlake.transform.quality.WriteAuditPublish;
import io.revlake.transform.recurring.RecurringConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Write, audit, publish end to end: a run whose blocking check fails writes new table versions but publishes none,
 * the API keeps serving (and a period close keeps freezing) the previous publication, and GET /api/v1/quality says
 * which check failed on which rows.
 */
class WriteAuditPublishTest {
    private static final YearMonth START = YearMonth.of(2023, 1);
    private static final LocalDate AS_OF = START.plusMonths(7).atEndOfMonth();

    @Test
    void a_failed_blocking_check_publishes_nothing_and_readers_keep_the_previous_publication() throws Exception {
        Path root = GoldFixture.newWarehouse("wap");
        String warehouse = root.resolve("warehouse").toString();
        SparkSession spark = SparkSessions.shared();
        SampleCompanyGenerator.generate(new GeneratorConfig(30, 8, 5, START), root.resolve("extract"));
        new IngestJob(spark, warehouse, s -> { }).run(root.resolve("extract"));
        Pipeline pipeline = new Pipeline(spark, warehouse, s -> { });
        pipeline.transform(Pipeline.Stage.ALL, RecurringConfig.defaults(AS_OF));

        try (ApiServer server = TestServers.start(Path.of(warehouse), Duration.ofHours(1))) {
            URI base = server.baseUri();
            Publications.Publication first = server.store().publication().orElseThrow();
            assertThat(first.versions().keySet()).containsAll(Tables.GOLD.stream().map(TableDef::qualifiedName).toList());
            assertThat(served(server)).isEqualTo(first.versions());
            JsonNode clean = Http.get(base, "/api/v1/quality").json();
            assertThat(clean.get("run_id").asText()).isEqualTo(first.runId());
            assertThat(clean.get("passed").asBoolean()).isTrue();
            assertThat(clean.get("published").asBoolean()).isTrue();
            assertThat(clean.get("failed_blocking").asLong()).isZero();
            assertThat(clean.get("checks").asInt()).isGreaterThan(60);
            String summaryBefore = Http.get(base, "/api/v1/mrr/summary").body();

            // A connector bug lets an invoice with a status the contract does not know reach bronze.
            TableDef bronze = Tables.bronze("canonical", CanonicalEntity.INVOICES);
            DeltaTables.read(spark, bronze, warehouse).limit(1).withColumn("invoice_id", lit("INV-CORRUPT"))
                    .withColumn("status", lit("refunded")).write().format("delta").mode("append")
                    .save(bronze.location(warehouse));
            assertThatThrownBy(() -> pipeline.transform(Pipeline.Stage.ALL, RecurringConfig.defaults(AS_OF)))
                    .isInstanceOf(WriteAuditPublish.QualityCheckFailedException.class)
                    .hasMessageContaining("1 blocking data-quality check failed; nothing published")
                    .hasMessageContaining("silver.invoices v")
                    .hasMessageContaining("accepted_values(status): 1 failing, e.g. [{\"invoice_id\":\"INV-CORRUPT\","
                            + "\"status\":\"refunded\"}]");

            // The run wrote new versions, but neither published them nor recorded itself as a successful run.
            assertThat(DeltaTables.version(spark, Tables.MRR_SUMMARY, warehouse))
                    .isGreaterThan(first.versions().get(Tables.MRR_SUMMARY.qualifiedName()));
            assertThat(DeltaTables.read(spark, Tables.PUBLICATIONS, warehouse).count()).isEqualTo(1);
            assertThat(DeltaTables.read(spark, Tables.TRANSFORM_RUNS, warehouse).count()).isEqualTo(1);
            assertThat(server.store().refresh()).as("nothing new to serve").isFalse();
            assertThat(served(server)).isEqualTo(first.versions());
            assertThat(Http.get(base, "/api/v1/mrr/summary").body()).isEqualTo(summaryBefore);

            JsonNode failed = Http.get(base, "/api/v1/quality").json();
            assertThat(failed.get("run_id").asText()).isNotEqualTo(first.runId());
            assertThat(failed.get("passed").asBoolean()).isFalse();
            assertThat(failed.get("published").asBoolean()).isFalse();
            assertThat(failed.get("failed_blocking").asLong()).isEqualTo(1);
            assertThat(failed.get("served_publication").get("run_id").asText()).isEqualTo(first.runId());
            JsonNode firstRow = failed.get("results").get(0); // failures first
            assertThat(firstRow.get("table").asText()).isEqualTo("silver.invoices");
            assertThat(firstRow.get("check").asText()).isEqualTo("accepted_values(status)");
            assertThat(firstRow.get("severity").asText()).isEqualTo("blocking");
            assertThat(firstRow.get("passed").asBoolean()).isFalse();
            assertThat(firstRow.get("failing_rows").asLong()).isEqualTo(1);
            assertThat(firstRow.get("failing_sample").asText()).contains("INV-CORRUPT");
            assertThat(StreamSupport.stream(failed.get("results").spliterator(), false)
                    .filter(r -> r.get("check").asText().equals("mrr_bridge")).findFirst().orElseThrow()
                    .get("passed").asBoolean()).isTrue();

            JsonNode earlier = Http.get(base, "/api/v1/quality?run_id=" + first.runId()).json();
            assertThat(earlier.get("passed").asBoolean()).isTrue();
            assertThat(earlier.get("published").asBoolean()).isTrue();
            Http.Response unknown = Http.get(base, "/api/v1/quality?run_id=no-such-run");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("message").asText()).contains("no-such-run")
                    .contains("the latest run is " + failed.get("run_id").asText());
            String csv = Http.get(base, "/api/v1/quality?format=csv").body();
            assertThat(csv.lines().findFirst().orElseThrow())
                    .isEqualTo("run_id,table,version,check,kind,severity,passed,failing_rows,failing_sample,checked_at");
            assertThat(csv).contains("silver.invoices").contains("accepted_values(status)");
            assertThat(Http.get(base, "/api/v1/quality", TestServers.VIEWER).status()).isEqualTo(403);
        }

        // A period close freezes the published versions, not the newer unpublished ones.
        PeriodClose close = new CloseService(warehouse).close(YearMonth.of(2023, 5), "tester", null);
        Map<String, Long> published = new WriteAuditPublish(spark, warehouse, s -> { }).latestPublication()
                .orElseThrow();
        assertThat(close.versions()).isEqualTo(published);
    }

    private static Map<String, Long> served(ApiServer server) {
        Map<String, Long> versions = new LinkedHashMap<>();
        server.store().current().tables().forEach((name, state) -> {
            if (state instanceof LoadedTable loaded) {
                versions.put(name, loaded.version());
            }
        });
        return versions;
    }
}
