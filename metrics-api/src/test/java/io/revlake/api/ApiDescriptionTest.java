package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.api.routes.ApiRoute;
import java.net.URI;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenAPI document, docs page, and conditional GETs with ETags. */
class ApiDescriptionTest {
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = TestServers.start(GoldFixture.shared());
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void every_route_is_in_the_openapi_document_with_its_role_and_parameters() {
        Http.Response response = Http.get(base, "api/v1/openapi.json", null);

        assertThat(response.status()).isEqualTo(200);
        JsonNode doc = response.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        for (ApiRoute route : server.routes().table()) {
            JsonNode op = doc.get("paths").get(route.path()).get(route.method().toLowerCase(Locale.ROOT));
            assertThat(op).as(route.method() + " " + route.path()).isNotNull();
            assertThat(op.get("x-revlake-role").asText()).isEqualTo(route.role().value());
            assertThat(op.get("parameters")).hasSize(route.params().size());
            for (int i = 0; i < route.params().size(); i++) {
                assertThat(op.get("parameters").get(i).get("name").asText()).isEqualTo(route.params().get(i).name());
            }
        }
        long operations = 0;
        for (JsonNode item : doc.get("paths")) {
            operations += item.size();
        }
        assertThat(operations).as("nothing in the document that is not a route").isEqualTo(server.routes().table().size());
    }

    @Test
    void the_docs_page_lists_every_route_for_people() {
        Http.Response page = Http.get(base, "api/v1/docs", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        for (ApiRoute route : server.routes().table()) {
            assertThat(page.body()).contains(route.method() + " " + route.path());
        }
        assertThat(page.body()).doesNotContain("<script");
    }

    @Test
    void a_get_with_the_etag_it_was_given_answers_304_without_a_body() {
        Http.Response first = Http.get(base, "api/v1/metrics/mrr/series?grain=quarter", TestServers.VIEWER);
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();

        Http.Response again = Http.get(base, "api/v1/metrics/mrr/series?grain=quarter", TestServers.VIEWER,
                "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        Http.Response other = Http.get(base, "api/v1/metrics/mrr/series?grain=year", TestServers.VIEWER,
                "If-None-Match", etag);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("ETag")).isNotEqualTo(etag);
        assertThat(Http.get(base, "api/v1/metrics/mrr/series?grain=quarter", null, "If-None-Match", etag).status())
                .as("the ETag is no way around the token").isEqualTo(401);
    }
}
