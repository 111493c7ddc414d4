package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.catalog.Tables;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Customer 360 by a source system's id: the shared hand-made gold tables plus a silver.identity_map in which Stripe
 * {@code cus_9} and ERP {@code E-1} were matched to customer c-001, the id {@code 77} names records of two sources
 * that belong to different customers, and Stripe {@code cus_x} stayed unmatched.
 */
class CustomerSourceIdTest {
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        Path w = GoldFixture.copyOfShared("source-ids");
        GoldFixture.write(w, Tables.IDENTITY_MAP, List.of(
                record("salesforce", "c-001", "c-001", "matched"),
                record("stripe", "cus_9", "c-001", "matched"),
                record("erp", "E-1", "c-001", "matched"),
                record("stripe", "77", "c-001", "matched"),
                record("erp", "77", "c-002", "matched"),
                record("stripe", "cus_x", "cus_x", "unmatched")));
        server = TestServers.start(w);
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, Object> record(String source, String sourceId, String customer, String status) {
        return Map.of("source", source, "source_customer_id", sourceId, "customer_id", customer, "status", status);
    }

    static Http.Response get(String path) {
        return Http.get(base, path, TestServers.ANALYST);
    }

    @Test
    void a_matched_source_id_answers_for_its_customer_and_says_how() {
        JsonNode own = get("api/v1/customers/c-001").json();
        JsonNode bySource = get("api/v1/customers/cus_9").json();
        assertThat(bySource.get("customer_id").asText()).isEqualTo("c-001");
        assertThat(bySource.get("resolved_from")).hasSize(1);
        assertThat(bySource.get("resolved_from").get(0).get("source").asText()).isEqualTo("stripe");
        assertThat(bySource.get("resolved_from").get(0).get("source_customer_id").asText()).isEqualTo("cus_9");
        assertThat(bySource.get("rows")).isEqualTo(own.get("rows"));
        assertThat(own.has("resolved_from")).as("the customer's own id resolves nothing").isFalse();
        assertThat(get("api/v1/customers/E-1").json().get("customer_id").asText()).isEqualTo("c-001");
    }

    @Test
    void an_id_of_records_of_different_customers_is_ambiguous_and_an_unknown_one_is_not_found() {
        Http.Response ambiguous = get("api/v1/customers/77");
        assertThat(ambiguous.status()).isEqualTo(409);
        assertThat(ambiguous.json().get("error").asText()).isEqualTo("ambiguous");
        assertThat(ambiguous.json().get("message").asText()).contains("'77'", "different customers");
        // An unmatched record keeps its own id, which no gold table has.
        Http.Response unmatched = get("api/v1/customers/cus_x");
        assertThat(unmatched.status()).isEqualTo(404);
        assertThat(unmatched.json().get("customer_id").asText()).isEqualTo("cus_x");
        assertThat(get("api/v1/customers/nobody").status()).isEqualTo(404);
    }
}
