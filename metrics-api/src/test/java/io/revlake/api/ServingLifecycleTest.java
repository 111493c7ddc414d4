package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.catalog.Tables;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** What clients see while gold tables are missing, appear, and get new versions. */
class ServingLifecycleTest {

    @Test
    void without_gold_tables_the_server_starts_and_answers_503_naming_the_table_until_they_appear() {
        Path warehouse = GoldFixture.newWarehouse("missing");
        try (ApiServer server = TestServers.start(warehouse)) {
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/");

            JsonNode health = Http.get(base, "health").json();
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("tables").get("mrr_summary").get("available").asBoolean()).isFalse();
            assertThat(health.get("tables").get("mrr_summary").get("reason").asText()).startsWith("no Delta table at ");

            Http.Response summary = Http.get(base, "api/v1/mrr/summary");
            assertThat(summary.status()).isEqualTo(503);
            assertThat(summary.header("Retry-After")).isEqualTo("1");
            JsonNode body = summary.json();
            assertThat(body.get("error").asText()).isEqualTo("table_unavailable");
            assertThat(body.get("table").asText()).isEqualTo("gold.mrr_summary");
            assertThat(body.get("fix").asText()).isEqualTo("./revlake transform");
            assertThat(body.get("message").asText())
                    .isEqualTo("gold.mrr_summary is not available: no Delta table at " + Tables.MRR_SUMMARY.location(warehouse)
                            + ". Run ./revlake transform to build it; the server picks it up within 1 s, no restart needed.");
            assertThat(summary.body()).doesNotContain("Exception", "\tat ");

            Http.Response movements = Http.get(base, "api/v1/mrr/movements?month=2024-01");
            assertThat(movements.status()).isEqualTo(503);
            assertThat(movements.json().get("table").asText()).isEqualTo("gold.mrr_movements");
            assertThat(Http.get(base, "api/v1/mrr/movements").status()).as("input is validated first").isEqualTo(400);
            assertThat(Http.get(base, "").status()).as("the dashboard page itself is served").isEqualTo(200);

            GoldFixture.copyTable(GoldFixture.shared(), warehouse, Tables.MRR_SUMMARY);
            Http.Response loaded = await(base, "api/v1/mrr/summary", r -> r.status() == 200);
            assertThat(loaded.json().get("rows")).hasSize(4);
            assertThat(Http.get(base, "api/v1/mrr/movements?month=2024-01").status()).isEqualTo(503);

            for (io.revlake.catalog.TableDef table : Tables.GOLD) {
                if (table != Tables.MRR_SUMMARY) {
                    GoldFixture.copyTable(GoldFixture.shared(), warehouse, table);
                }
            }
            await(base, "health", r -> r.json().get("status").asText().equals("ok"));
            assertThat(Http.get(base, "api/v1/mrr/movements?month=2024-01").json().get("rows")).hasSize(2);
        }
    }

    @Test
    void a_new_table_version_is_served_after_the_reload_and_no_request_fails_or_mixes_versions_during_the_swap()
            throws Exception {
        Path warehouse = GoldFixture.copyOfShared("reload");
        try (ApiServer server = TestServers.start(warehouse, Duration.ofSeconds(1))) {
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
            String before = Http.get(base, "api/v1/mrr/summary").json().get("rows").toString();
            // Series answers are kept per serving snapshot: ask twice before the swap (the second is the kept one).
            String series = "api/v1/metrics/mrr/series";
            JsonNode seriesBefore = Http.get(base, series).json().get("rows");
            assertThat(Http.get(base, series).json().get("rows")).isEqualTo(seriesBefore).hasSize(4);

            AtomicBoolean stop = new AtomicBoolean();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            List<List<String>> seenPerThread = Collections.synchronizedList(new ArrayList<>());
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                List<String> seen = new ArrayList<>();
                seenPerThread.add(seen);
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            Http.Response r = Http.get(base, "api/v1/mrr/summary");
                            if (r.status() != 200) {
                                failures.add("HTTP " + r.status() + ": " + r.body());
                            } else {
                                seen.add(r.json().get("rows").toString());
                            }
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                    }
                }, "client-" + t);
                client.start();
                clients.add(client);
            }

            List<Map<String, Object>> next = new ArrayList<>(GoldFixture.summary());
            Map<String, Object> may = new LinkedHashMap<>(next.get(3));
            may.put("month", "2024-05");
            may.put("paying_customers", 5L);
            next.add(may);
            GoldFixture.write(warehouse, Tables.MRR_SUMMARY, next);

            Http.Response after = await(base, "api/v1/mrr/summary", r -> r.json().get("rows").size() == 5);
            // …and never once the new snapshot serves: the series has May, at April's MRR copied above.
            JsonNode seriesAfter = Http.get(base, series).json().get("rows");
            assertThat(seriesAfter).hasSize(5);
            assertThat(seriesAfter.get(4).get("period").asText()).isEqualTo("2024-05");
            assertThat(seriesAfter.get(4).get("value").decimalValue()).isEqualByComparingTo("1694.57");
            Thread.sleep(1500); // keep the clients going across and after the swap
            stop.set(true);
            for (Thread client : clients) {
                client.join(30_000);
            }

            String afterRows = after.json().get("rows").toString();
            assertThat(failures).isEmpty();
            int requests = 0;
            for (List<String> seen : seenPerThread) {
                requests += seen.size();
                assertThat(seen).allMatch(rows -> rows.equals(before) || rows.equals(afterRows));
                // Within one client the swap is one-way: once the new version is seen, the old never comes back.
                int firstNew = seen.indexOf(afterRows);
                assertThat(firstNew).as("every client saw the new version").isNotNegative();
                assertThat(seen.subList(firstNew, seen.size())).allMatch(afterRows::equals);
            }
            assertThat(requests).isGreaterThan(30);
            assertThat(Http.get(base, "health").json().get("tables").get("mrr_summary").get("version").asLong()).isEqualTo(1);
            assertThat(after.json().get("rows").get(4).get("mrr").decimalValue()).isEqualByComparingTo("1694.57");
        }
    }

    private static Http.Response await(URI base, String path, Predicate<Http.Response> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Http.Response last = null;
        while (System.nanoTime() < deadline) {
            last = Http.get(base, path);
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("gave up waiting on " + path + "; last answer HTTP " + last.status() + ": " + last.body());
    }
}
