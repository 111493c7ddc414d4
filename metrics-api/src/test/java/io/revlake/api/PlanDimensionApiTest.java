package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan dimension on a generated company run through the real pipeline (its customers upgrade and downgrade
 * between plans): grouped series add up to the company, each plan's filtered bridge adds up with its entering and
 * leaving rows, and explain's customers of a plan are those whose main plan it was.
 */
class PlanDimensionApiTest {
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = TestServers.start(GeneratedWarehouse.get().warehouse);
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(String path) {
        Http.Response r = Http.get(base, path, TestServers.ANALYST);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void mrr_grouped_by_plan_adds_up_to_the_company_every_month() {
        Map<String, BigDecimal> byMonth = new TreeMap<>();
        Map<String, Integer> plans = new HashMap<>();
        for (JsonNode r : json("api/v1/metrics/mrr/series?group_by=plan").get("rows")) {
            byMonth.merge(r.get("period").asText(), r.get("value").decimalValue(), BigDecimal::add);
            plans.merge(r.get("plan").asText(), 1, Integer::sum);
        }
        assertThat(plans).hasSizeGreaterThan(3).doesNotContainKey("(none)");
        Map<String, BigDecimal> company = new TreeMap<>();
        for (JsonNode r : json("api/v1/metrics/mrr/series").get("rows")) {
            company.put(r.get("period").asText(), r.get("value").decimalValue());
        }
        assertThat(byMonth.keySet()).isEqualTo(company.keySet());
        company.forEach((m, v) -> assertThat(byMonth.get(m)).as(m).isEqualByComparingTo(v));
    }

    @Test
    void every_plans_bridge_adds_up_and_plan_changes_enter_and_leave() {
        BigDecimal entering = BigDecimal.ZERO;
        BigDecimal leaving = BigDecimal.ZERO;
        List<String> values = new java.util.ArrayList<>();
        json("api/v1/metrics/mrr/series?group_by=plan").get("rows").forEach(r -> {
            if (!values.contains(r.get("plan").asText())) {
                values.add(r.get("plan").asText());
            }
        });
        for (String plan : values) {
            BigDecimal start = BigDecimal.ZERO;
            for (JsonNode r : json("api/v1/mrr/summary?dimension=plan&value=" + plan).get("rows")) {
                BigDecimal end = start;
                for (String m : List.of("new", "reactivation", "expansion", "contraction", "churn", "fx", "entering",
                        "leaving")) {
                    end = end.add(r.get(m).decimalValue());
                }
                assertThat(end).as(plan + " " + r.get("month")).isEqualByComparingTo(r.get("mrr").decimalValue());
                start = r.get("mrr").decimalValue();
                entering = entering.add(r.get("entering").decimalValue());
                leaving = leaving.add(r.get("leaving").decimalValue());
            }
        }
        assertThat(entering).as("customers changed main plan while paying").isPositive();
        assertThat(entering.add(leaving)).as("entering and leaving cancel over all plans").isEqualByComparingTo("0");
    }

    @Test
    void explain_of_a_plans_mrr_lists_the_customers_whose_main_plan_it_was() {
        JsonNode last = null;
        for (JsonNode r : json("api/v1/metrics/mrr/series?group_by=plan").get("rows")) {
            if (last == null || r.get("period").asText().compareTo(last.get("period").asText()) > 0
                    || r.get("period").asText().equals(last.get("period").asText())
                    && r.get("value").decimalValue().compareTo(last.get("value").decimalValue()) > 0) {
                last = r;
            }
        }
        String plan = last.get("plan").asText();
        String month = last.get("period").asText();
        JsonNode explain = json("api/v1/explain?metric=mrr&month=" + month + "&filter=plan:" + plan);
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode c : explain.get("rows")) {
            assertThat(c.get("plan").asText()).isEqualTo(plan);
            sum = sum.add(c.get("amount").decimalValue());
        }
        assertThat(explain.get("rows").size()).isPositive();
        assertThat(sum).isEqualByComparingTo(last.get("value").decimalValue());
    }
}
