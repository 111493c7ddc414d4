package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.spark.SparkSessions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Explain reads silver and bronze as they stood when the served gold version was written. Here silver changes after
 * gold (as when a later transform writes silver and its gold fails the checks, or late data is ingested and
 * transformed after a close): the explanation of the published figure must not change.
 */
class LineageAsOfTest {
    private static Path warehouse;
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() throws IOException {
        GeneratedWarehouse company = GeneratedWarehouse.get();
        warehouse = GoldFixture.newWarehouse("lineage-as-of").resolve("warehouse");
        copyTree(company.warehouse, warehouse);
        server = TestServers.start(warehouse, Duration.ofHours(1)); // gold is never reloaded here
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_silver_change_after_the_gold_commit_does_not_change_the_explanation_of_the_gold_figure() {
        String month = YearMonth.from(GeneratedWarehouse.AS_OF).minusMonths(1).toString();
        String customer = get("api/v1/explain?metric=mrr&month=" + month).get("rows").get(0).get("customer_id")
                .asText();
        String url = "api/v1/explain?metric=mrr&month=" + month + "&customer_id=" + customer;
        JsonNode before = get(url);
        String name = silverCustomer(before).get("name").asText();
        Instant at = Instant.parse(before.get("lineage_as_of").asText());
        long goldVersion = before.get("versions").get(Tables.MRR_CUSTOMER_MONTH.qualifiedName()).asLong();

        String silverPath = Tables.silver(CanonicalEntity.CUSTOMERS).location(warehouse.toString());
        SparkSessions.shared().sql("UPDATE delta.`" + silverPath + "` SET name = 'Renamed after close' "
                + "WHERE customer_id = '" + customer + "'");
        assertThat(SparkSessions.shared().read().format("delta").load(silverPath)
                .filter("customer_id = '" + customer + "'").first().<String>getAs("name"))
                .as("silver's latest version has the new name").isEqualTo("Renamed after close");

        JsonNode after = get(url);
        assertThat(after.get("versions").get(Tables.MRR_CUSTOMER_MONTH.qualifiedName()).asLong())
                .isEqualTo(goldVersion);
        assertThat(Instant.parse(after.get("lineage_as_of").asText())).isEqualTo(at);
        assertThat(silverCustomer(after).get("name").asText()).as("silver as of the gold commit").isEqualTo(name)
                .isNotEqualTo("Renamed after close");
        assertThat(after.get("rows")).isEqualTo(before.get("rows"));
    }

    private static JsonNode silverCustomer(JsonNode explanation) {
        for (JsonNode row : explanation.get("silver")) {
            if (row.get("table").asText().equals("silver.customers")) {
                return row.get("values");
            }
        }
        throw new AssertionError("no silver.customers row in " + explanation);
    }

    private static JsonNode get(String path) {
        Http.Response response = Http.get(base, path, TestServers.ANALYST);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    // Keeps modification times: they are the Delta commit timestamps time travel goes by.
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
