package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.api.routes.SnapshotAnswers;
import io.revlake.catalog.Tables;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers stored per serving snapshot: sent again byte for byte, never across a swap, never for errors or as_of. */
class SnapshotAnswersTest {
    private static final String SUMMARY = "api/v1/mrr/summary?from=2024-02&to=2024-04";

    @Test
    void a_repeated_request_gets_the_stored_bytes_and_etag_and_a_new_snapshot_starts_afresh() throws Exception {
        Path warehouse = GoldFixture.copyOfShared("answers");
        try (ApiServer server = TestServers.start(warehouse, Duration.ofSeconds(1))) {
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
            SnapshotAnswers answers = server.routes().answers();
            assertThat(answers.size()).isZero();

            Http.Response first = Http.get(base, SUMMARY, TestServers.VIEWER);
            assertThat(first.status()).isEqualTo(200);
            assertThat(answers.size()).as("stored once answered").isEqualTo(1);
            Http.Response again = Http.get(base, SUMMARY, TestServers.VIEWER);
            assertThat(answers.size()).as("the second is the stored one, nothing added").isEqualTo(1);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.header("ETag")).isEqualTo(first.header("ETag")).startsWith("\"").hasSize(34);
            assertThat(again.header("Content-Type")).isEqualTo(first.header("Content-Type")).startsWith("application/json");
            assertThat(first.json().get("rows")).hasSize(3);
            assertThat(Http.get(base, SUMMARY, TestServers.VIEWER, "If-None-Match", first.header("ETag")).status())
                    .isEqualTo(304);

            // The same route as CSV is its own answer, with its content type and download name kept.
            Http.Response csv = Http.get(base, SUMMARY + "&format=csv", TestServers.ANALYST);
            Http.Response csvAgain = Http.get(base, SUMMARY, TestServers.ANALYST, "Accept", "text/csv");
            Http.Response csvStored = Http.get(base, SUMMARY + "&format=csv", TestServers.ANALYST);
            assertThat(csv.body()).startsWith("month,").isEqualTo(csvAgain.body()).isEqualTo(csvStored.body());
            assertThat(csvStored.header("Content-Type")).startsWith("text/csv");
            assertThat(csvStored.header("Content-Disposition")).isEqualTo("attachment; filename=\"mrr-summary.csv\"");
            assertThat(csvStored.header("ETag")).isNotEqualTo(first.header("ETag"));
            assertThat(answers.size()).as("json, csv by format, csv by Accept").isEqualTo(3);
            // Roles are checked before any stored answer is sent.
            assertThat(Http.get(base, SUMMARY + "&format=csv", TestServers.VIEWER).status()).isEqualTo(403);
            assertThat(Http.get(base, SUMMARY, null).status()).isEqualTo(401);

            // Errors and time travel are answered every time and never stored.
            assertThat(Http.get(base, "api/v1/mrr/summary?from=2024-13", TestServers.VIEWER).status()).isEqualTo(400);
            assertThat(Http.get(base, "api/v1/metrics/nope/series", TestServers.VIEWER).status()).isEqualTo(404);
            Http.Response asOf = Http.get(base, SUMMARY + "&as_of=0", TestServers.VIEWER);
            assertThat(asOf.status()).isEqualTo(200);
            assertThat(asOf.body()).isEqualTo(first.body());
            assertThat(answers.size()).isEqualTo(3);

            // A new version of the table: the next answer is the new data's, with another ETag, and the old ETag
            // no longer gets a 304.
            List<Map<String, Object>> next = new ArrayList<>(GoldFixture.summary());
            Map<String, Object> april = new LinkedHashMap<>(next.get(3));
            april.put("paying_customers", 9L);
            next.set(3, april);
            GoldFixture.write(warehouse, Tables.MRR_SUMMARY, next);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Http.Response after = Http.get(base, SUMMARY, TestServers.VIEWER);
            while (after.body().equals(first.body()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                after = Http.get(base, SUMMARY, TestServers.VIEWER);
            }
            assertThat(after.json().get("rows").get(2).get("paying_customers").asLong()).isEqualTo(9);
            assertThat(after.header("ETag")).isNotEqualTo(first.header("ETag"));
            assertThat(Http.get(base, SUMMARY, TestServers.VIEWER, "If-None-Match", first.header("ETag")).status())
                    .isEqualTo(200);
            assertThat(answers.size()).as("only the new snapshot's answer").isEqualTo(1);
            assertThat(Http.get(base, SUMMARY + "&as_of=0", TestServers.VIEWER).body())
                    .as("the old version is still there by as_of").isEqualTo(first.body());
        }
    }
}
