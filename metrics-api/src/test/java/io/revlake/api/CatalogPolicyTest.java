package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.ingest.IngestJob;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.DiscountPolicy;
import io.revlake.transform.recurring.FxDatePolicy;
import io.revlake.transform.recurring.RecurringConfig;
import io.revlake.transform.recurring.SameMonthChurnPolicy;
import io.revlake.transform.recurring.SummaryPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The metric catalog shows the policy the served run used (ops.transform_runs.policy), not the defaults: a run made
 * with discounts=none, same_month_churn=count, fx_date=invoice_date and arpu_unit=seat says so on each metric.
 */
class CatalogPolicyTest {
    private static final YearMonth START = YearMonth.of(2023, 1);
    private static final LocalDate AS_OF = START.plusMonths(5).atEndOfMonth();

    @Test
    void the_catalog_shows_the_policy_of_the_served_run() throws Exception {
        Path root = GoldFixture.newWarehouse("policy");
        String warehouse = root.resolve("warehouse").toString();
        SampleCompanyGenerator.generate(new GeneratorConfig(20, 6, 3, START), root.resolve("extract"));
        new IngestJob(SparkSessions.shared(), warehouse, s -> { }).run(root.resolve("extract"));
        RecurringConfig config = new RecurringConfig(AS_OF, DiscountPolicy.NONE, "USD", Optional.empty(),
                new SummaryPolicy(SummaryPolicy.ArpuUnit.SEAT, new BigDecimal("0.8")), FxDatePolicy.INVOICE_DATE,
                SameMonthChurnPolicy.COUNT);
        new Pipeline(SparkSessions.shared(), warehouse, s -> { }).transform(Pipeline.Stage.ALL, config);

        try (ApiServer server = TestServers.start(Path.of(warehouse), Duration.ofHours(1))) {
            String runId = server.store().publication().orElseThrow().runId();
            JsonNode mrr = Http.get(server.baseUri(), "/api/v1/metrics/mrr", TestServers.VIEWER).json();
            assertThat(mrr.get("policy_run").asText()).isEqualTo(runId);
            assertThat(mrr.get("policy").get("discounts").asText()).isEqualTo("none");
            assertThat(mrr.get("policy").get("fx_date").asText()).isEqualTo("invoice_date");
            assertThat(mrr.get("policy").get("same_month_churn").asText()).isEqualTo("count");
            JsonNode catalog = Http.get(server.baseUri(), "/api/v1/metrics", TestServers.VIEWER).json();
            for (JsonNode m : catalog.get("metrics")) {
                if (m.get("id").asText().equals("arpu")) {
                    assertThat(m.get("policy").get("arpu_unit").asText()).isEqualTo("seat");
                }
                if (m.get("id").asText().equals("nrr")) {
                    assertThat(m.get("policy").get("same_month_churn").asText()).isEqualTo("count");
                    // An option the run does not record keeps the catalog's description.
                    assertThat(m.get("policy").get("currency").asText()).startsWith("constant currency");
                }
            }
        }
        // Without a recorded run (hand-made gold tables, no ops.transform_runs) the catalog describes the defaults.
        try (ApiServer server = TestServers.start(GoldFixture.shared())) {
            JsonNode mrr = Http.get(server.baseUri(), "/api/v1/metrics/mrr", TestServers.VIEWER).json();
            assertThat(mrr.get("policy_run").isNull()).isTrue();
            assertThat(mrr.get("policy").get("discounts").asText()).startsWith("all (");
        }
    }
}
