package io.revlake.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.revlake.api.Http;
import io.revlake.api.Json;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The error mapping on its own, with a route that fails in a way no real route should. */
class ErrorHandlingTest {

    @Test
    void an_unexpected_exception_becomes_a_json_500_with_a_reference_and_no_stack_trace() {
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(Json.mapper(), false));
            c.routes.get("/boom", ctx -> {
                throw new IllegalStateException("secret internal detail at /var/lib/x");
            });
            ErrorHandling.register(c.routes, Duration.ofSeconds(5));
        }).start("127.0.0.1", 0);
        try {
            Http.Response response = Http.get(URI.create("http://127.0.0.1:" + app.port() + "/"), "boom");

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.json().get("error").asText()).isEqualTo("internal_error");
            assertThat(response.json().get("reference").asText()).matches("[0-9a-f-]{36}");
            assertThat(response.json().get("message").asText())
                    .isEqualTo("Unexpected server error; the server log has the details under reference "
                            + response.json().get("reference").asText());
            assertThat(response.body()).doesNotContain("secret", "IllegalStateException", "\tat ");
        } finally {
            app.stop();
        }
    }
}
