package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.api.routes.ApiRoute;
import io.revlake.api.security.Role;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route of the route table, called with no token and with each role's token, as JSON and as CSV. */
class SecurityTest {
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        // A copy: the walk closes a period (POST /api/v1/admin/close, before GET …/restatements asks about it).
        server = TestServers.start(GoldFixture.copyOfShared("security"));
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void every_route_declares_a_role_and_enforces_it_for_every_caller_and_format() {
        List<String> checked = new ArrayList<>();
        List<Role> callers = List.of(Role.PUBLIC, Role.VIEWER, Role.ANALYST, Role.ADMIN);
        assertThat(server.routes().table()).hasSizeGreaterThanOrEqualTo(10);
        for (ApiRoute route : server.routes().table()) {
            for (boolean csv : List.of(false, true)) {
                for (Role caller : callers) {
                    String token = caller == Role.PUBLIC ? null : TestServers.TOKENS.get(caller);
                    Http.Response response = Http.send(route.method(), base, url(route, csv), token);
                    String what = route.method() + " " + route.path() + (csv ? " as CSV" : "") + " by "
                            + caller.value() + ": " + response.body();
                    int expected;
                    if (!caller.includes(route.role())) {
                        expected = caller == Role.PUBLIC ? 401 : 403;
                    } else if (csv && !route.tabular()) {
                        expected = 406;
                    } else if (csv && !caller.includes(Role.ANALYST)) {
                        expected = caller == Role.PUBLIC ? 401 : 403;
                    } else {
                        expected = 200;
                    }
                    assertThat(response.status()).as(what).isEqualTo(expected);
                    if (expected == 401) {
                        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
                        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
                    }
                    if (expected == 403) {
                        assertThat(response.json().get("required_role").asText()).as(what)
                                .isEqualTo(route.requiredRole(csv).value());
                    }
                    checked.add(what);
                }
            }
        }
        assertThat(checked).hasSize(server.routes().table().size() * 2 * callers.size());
    }

    @Test
    void the_roles_of_the_routes_are_the_ones_the_issue_asks_for() {
        assertThat(role("GET", "/health")).isEqualTo(Role.PUBLIC);
        assertThat(role("GET", "/api/v1/metrics")).isEqualTo(Role.VIEWER);
        assertThat(role("GET", "/api/v1/metrics/{id}/series")).isEqualTo(Role.VIEWER);
        assertThat(role("GET", "/api/v1/mrr/summary")).isEqualTo(Role.VIEWER);
        assertThat(role("GET", "/api/v1/mrr/movements")).as("customer-level").isEqualTo(Role.ANALYST);
        assertThat(role("GET", "/api/v1/customers")).as("customer-level").isEqualTo(Role.ANALYST);
        assertThat(role("POST", "/api/v1/admin/reload")).isEqualTo(Role.ADMIN);
    }

    @Test
    void a_wrong_token_or_a_token_in_the_query_string_is_refused_and_the_dashboards_stay_public() {
        Http.Response wrong = Http.get(base, "api/v1/metrics", "not-a-real-token-at-all");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("message").asText()).contains("the token sent is not valid")
                .doesNotContain("not-a-real-token-at-all");
        assertThat(Http.get(base, "api/v1/metrics?token=" + TestServers.ADMIN, null).status()).isEqualTo(401);
        assertThat(Http.get(base, "api/v1/metrics", null, "Authorization", "Basic " + TestServers.ADMIN).status())
                .isEqualTo(401);

        assertThat(Http.get(base, "", null).status()).isEqualTo(200);
        assertThat(Http.get(base, "app.js", null).status()).isEqualTo(200);
        assertThat(Http.get(base, "webjars/echarts/5.3.1/dist/echarts.min.js", null).status()).isEqualTo(200);
        assertThat(Http.get(base, "health", null).status()).isEqualTo(200);
    }

    private static Role role(String method, String path) {
        return server.routes().table().stream().filter(r -> r.method().equals(method) && r.path().equals(path))
                .findFirst().orElseThrow().role();
    }

    /** The route's path with example values, and its required parameters. */
    static String url(ApiRoute route, boolean csv) {
        String path = route.path().substring(1);
        List<String> query = new ArrayList<>();
        for (ApiRoute.Param p : route.params()) {
            if (p.in().equals("path")) {
                path = path.replace("{" + p.name() + "}", p.example());
            } else if (p.required()) {
                query.add(p.name() + "=" + p.example());
            }
        }
        if (csv) {
            query.add("format=csv");
        }
        return path + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }
}
