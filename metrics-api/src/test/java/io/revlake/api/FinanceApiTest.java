package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The finance, customer 360 and explain endpoints against a real server on a generated company (generate → ingest
 * → transform): every endpoint, CSV parity with JSON, time travel, error cases, and the tie-outs finance relies on —
 * aging buckets sum to open AR, explain rows sum to the metric cell, the deferred revenue roll-forward holds, RPO
 * equals the metric series, and a customer's lineage leads to the very line of the source file.
 */
class FinanceApiTest {
    private static ApiServer server;
    private static URI base;
    private static GeneratedWarehouse company;

    @BeforeAll
    static void start() {
        company = GeneratedWarehouse.get();
        server = TestServers.start(company.warehouse);
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- receivables ----

    @Test
    void aging_buckets_sum_to_open_ar_at_every_month_end_and_match_the_rows_and_the_history() {
        JsonNode history = ok("api/v1/finance/ar-aging/history", TestServers.VIEWER);
        Map<String, BigDecimal> historyTotals = new HashMap<>();
        history.get("totals").forEach(t -> historyTotals.put(t.get("as_of").asText(), dec(t, "open_amount_reporting")));
        List<String> dates = texts(history.get("dates"));
        assertThat(dates).as("every month end from the first invoice, and the as-of date").contains(AS_OF.toString(),
                GeneratedWarehouse.AS_OF.minusMonths(1).withDayOfMonth(GeneratedWarehouse.AS_OF.minusMonths(1)
                        .lengthOfMonth()).toString());
        int checked = 0;
        for (String date : dates.subList(Math.max(0, dates.size() - 6), dates.size())) {
            JsonNode aging = ok("api/v1/finance/ar-aging?as_of=" + date, TestServers.ANALYST);
            assertThat(aging.get("as_of").asText()).isEqualTo(date);
            BigDecimal buckets = BigDecimal.ZERO;
            for (JsonNode b : aging.get("buckets")) {
                buckets = buckets.add(dec(b, "open_amount_reporting"));
            }
            BigDecimal rows = BigDecimal.ZERO;
            BigDecimal currencies = BigDecimal.ZERO;
            for (JsonNode r : aging.get("rows")) {
                rows = rows.add(dec(r, "open_amount_reporting"));
                assertThat(dec(r, "open_amount").signum()).as("only open balances are aged").isPositive();
            }
            for (JsonNode c : aging.get("by_currency")) {
                currencies = currencies.add(dec(c, "open_amount_reporting"));
            }
            BigDecimal total = dec(aging, "total");
            assertThat(total.signum()).as("the generated company has open AR on " + date).isPositive();
            assertThat(buckets).as("Σ buckets = total AR on " + date).isEqualByComparingTo(total);
            assertThat(rows).as("Σ rows = total AR on " + date).isEqualByComparingTo(total);
            assertThat(currencies).as("Σ currencies = total AR on " + date).isEqualByComparingTo(total);
            assertThat(historyTotals.get(date)).as("history total on " + date).isEqualByComparingTo(total);
            checked++;
        }
        assertThat(checked).isEqualTo(6);
    }

    @Test
    void aging_buckets_are_in_aging_order_and_a_row_sits_in_the_bucket_of_its_days_past_due() {
        JsonNode aging = ok("api/v1/finance/ar-aging", TestServers.ANALYST);
        assertThat(aging.get("as_of").asText()).as("default: the latest aging date").isEqualTo(AS_OF.toString());
        assertThat(texts(aging.get("buckets"), "bucket")).containsExactly("current", "1-30", "31-60", "61-90",
                "91-120", "120+");
        for (JsonNode r : aging.get("rows")) {
            long d = r.get("days_past_due").asLong();
            String expected = d <= 0 ? "current" : d <= 30 ? "1-30" : d <= 60 ? "31-60" : d <= 90 ? "61-90"
                    : d <= 120 ? "91-120" : "120+";
            assertThat(r.get("bucket").asText()).as(r.toString()).isEqualTo(expected);
            assertThat(LocalDate.parse(r.get("due_date").asText()).plusDays(d)).isEqualTo(AS_OF);
        }
    }

    @Test
    void a_day_that_is_not_an_aging_date_is_a_400_naming_the_nearest_dates() {
        LocalDate midMonth = AS_OF.minusDays(5);
        Http.Response response = Http.get(base, "api/v1/finance/ar-aging?as_of=" + midMonth);
        assertThat(response.status()).isEqualTo(400);
        JsonNode body = response.json();
        String previousMonthEnd = YearMonth.from(AS_OF).minusMonths(1).atEndOfMonth().toString();
        assertThat(texts(body.get("nearest"))).containsExactly(previousMonthEnd, AS_OF.toString());
        assertThat(body.get("parameter").asText()).isEqualTo("as_of");
        assertThat(body.get("message").asText()).contains("is not an aging date of gold.ar_aging",
                previousMonthEnd + " or " + AS_OF);

        Http.Response notADate = Http.get(base, "api/v1/finance/ar-aging?as_of=2024-02-30");
        assertThat(notADate.status()).isEqualTo(400);
        assertThat(notADate.json().get("expected").asText()).isEqualTo("YYYY-MM-DD, e.g. 2024-03-31");
    }

    @Test
    void ar_aging_is_customer_level_and_the_history_is_not() {
        assertThat(Http.get(base, "api/v1/finance/ar-aging", TestServers.VIEWER).status()).isEqualTo(403);
        assertThat(Http.get(base, "api/v1/finance/ar-aging/history", TestServers.VIEWER).status()).isEqualTo(200);
    }

    @Test
    void time_travel_serves_a_delta_version_and_refuses_one_that_does_not_exist() {
        JsonNode latest = ok("api/v1/finance/ar-aging", TestServers.ANALYST);
        long version = latest.get("versions").get("gold.ar_aging").asLong();
        JsonNode pinned = ok("api/v1/finance/ar-aging?as_of=" + AS_OF + "&version=" + version, TestServers.ANALYST);
        assertThat(pinned.get("total")).isEqualTo(latest.get("total"));
        JsonNode byNumber = ok("api/v1/finance/ar-aging?as_of=" + version, TestServers.ANALYST);
        assertThat(byNumber.get("versions").get("gold.ar_aging").asLong()).isEqualTo(version);

        Http.Response future = Http.get(base, "api/v1/finance/dso?as_of=" + (version + 50));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("parameter").asText()).isEqualTo("as_of");
    }

    @Test
    void dso_rows_are_gold_dso_month_and_simple_dso_is_ar_over_billings_times_days() {
        JsonNode dso = ok("api/v1/finance/dso?from=2023-06", TestServers.VIEWER);
        assertThat(dso.get("rows").size()).isEqualTo(GeneratedWarehouse.MONTHS - 5);
        for (JsonNode r : dso.get("rows")) {
            if (!r.get("dso_simple").isNull()) {
                double expected = dec(r, "ar_end").doubleValue() / dec(r, "billings").doubleValue() * r.get("days").asLong();
                assertThat(r.get("dso_simple").asDouble()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
            }
        }
        JsonNode series = ok("api/v1/metrics/accounts_receivable/series?from=2023-06", TestServers.VIEWER);
        for (int i = 0; i < series.get("rows").size(); i++) {
            assertThat(dec(series.get("rows").get(i), "value")).isEqualByComparingTo(dec(dso.get("rows").get(i), "ar_end"));
        }
    }

    // ---- revenue recognition ----

    @Test
    void the_deferred_revenue_roll_forward_ties_every_month() {
        JsonNode body = ok("api/v1/finance/deferred-revenue", TestServers.VIEWER);
        JsonNode rows = body.get("rows");
        assertThat(rows.size()).isGreaterThan(6);
        BigDecimal previousClosing = null;
        BigDecimal previousUnbilled = null;
        BigDecimal billings = BigDecimal.ZERO;
        for (JsonNode r : rows) {
            BigDecimal net = dec(r, "opening").subtract(dec(r, "opening_unbilled")).add(dec(r, "billings"))
                    .subtract(dec(r, "recognized")).add(dec(r, "fx_translation"));
            assertThat(dec(r, "closing").subtract(dec(r, "closing_unbilled"))).as(r.toString()).isEqualByComparingTo(net);
            assertThat(dec(r, "net_contract_liability")).isEqualByComparingTo(net);
            if (previousClosing != null) {
                assertThat(dec(r, "opening")).as("opening = last month's closing").isEqualByComparingTo(previousClosing);
                assertThat(dec(r, "opening_unbilled")).isEqualByComparingTo(previousUnbilled);
            }
            previousClosing = dec(r, "closing");
            previousUnbilled = dec(r, "closing_unbilled");
            billings = billings.add(dec(r, "billings"));
        }
        assertThat(billings.signum()).isPositive();
        // In each source currency the identity holds without any translation line.
        for (JsonNode r : body.get("by_currency")) {
            assertThat(dec(r, "closing").subtract(dec(r, "closing_unbilled"))).as(r.toString()).isEqualByComparingTo(
                    dec(r, "opening").subtract(dec(r, "opening_unbilled")).add(dec(r, "billings"))
                            .subtract(dec(r, "recognized")));
        }
        // The closing balances are the deferred_revenue metric of the catalog.
        JsonNode series = ok("api/v1/metrics/deferred_revenue/series", TestServers.VIEWER);
        assertThat(dec(series.get("rows").get(series.get("rows").size() - 1), "value"))
                .isEqualByComparingTo(dec(rows.get(rows.size() - 1), "closing"));
    }

    @Test
    void waterfall_rows_split_into_recognised_to_date_and_remaining_and_the_cells_sum_to_each_row() {
        for (String rowsBy : List.of("billing", "booking")) {
            JsonNode body = ok("api/v1/finance/waterfall?rows=" + rowsBy, TestServers.VIEWER);
            assertThat(body.get("rows_by").asText()).isEqualTo(rowsBy);
            assertThat(body.get("as_of_month").asText()).isEqualTo(YearMonth.from(AS_OF).toString());
            Map<String, BigDecimal> sums = new HashMap<>();
            Map<String, BigDecimal> recognised = new HashMap<>();
            for (JsonNode c : body.get("rows")) {
                sums.merge(c.get("row_month").asText(), dec(c, "amount_reporting"), BigDecimal::add);
                if (c.get("is_recognized").asBoolean()) {
                    recognised.merge(c.get("row_month").asText(), dec(c, "amount_reporting"), BigDecimal::add);
                    assertThat(c.get("recognition_month").asText()).isLessThanOrEqualTo(YearMonth.from(AS_OF).toString());
                }
            }
            assertThat(body.get("row_totals").size()).as(rowsBy).isGreaterThan(6);
            for (JsonNode t : body.get("row_totals")) {
                String row = t.get("row_month").asText();
                assertThat(dec(t, "total")).as(rowsBy + " " + row).isEqualByComparingTo(sums.get(row));
                assertThat(dec(t, "recognized_to_date")).isEqualByComparingTo(recognised.getOrDefault(row, BigDecimal.ZERO));
                assertThat(dec(t, "recognized_to_date").add(dec(t, "remaining"))).isEqualByComparingTo(dec(t, "total"));
            }
        }
        JsonNode range = ok("api/v1/finance/waterfall?from=2023-03&to=2023-05", TestServers.VIEWER);
        assertThat(texts(range.get("row_totals"), "row_month")).containsExactly("2023-03", "2023-04", "2023-05",
                "unbilled");
    }

    @Test
    void rpo_is_deferred_less_unbilled_plus_backlog_and_equals_the_metric_series() {
        JsonNode body = ok("api/v1/finance/rpo", TestServers.VIEWER);
        JsonNode series = ok("api/v1/metrics/rpo/series", TestServers.VIEWER);
        JsonNode crpo = ok("api/v1/metrics/crpo/series", TestServers.VIEWER);
        assertThat(body.get("rows").size()).isEqualTo(series.get("rows").size()).isGreaterThan(6);
        for (int i = 0; i < body.get("rows").size(); i++) {
            JsonNode r = body.get("rows").get(i);
            assertThat(dec(r, "rpo_reporting")).isEqualByComparingTo(dec(r, "deferred_reporting")
                    .subtract(dec(r, "unbilled_reporting")).add(dec(r, "backlog_reporting")));
            assertThat(dec(r, "rpo_reporting")).isEqualByComparingTo(dec(series.get("rows").get(i), "value"));
            assertThat(dec(r, "crpo_reporting")).isEqualByComparingTo(dec(crpo.get("rows").get(i), "value"));
            assertThat(dec(r, "crpo_reporting")).isLessThanOrEqualTo(dec(r, "rpo_reporting"));
        }
    }

    @Test
    void bookings_by_month_match_the_bookings_metric() {
        JsonNode body = ok("api/v1/finance/bookings", TestServers.VIEWER);
        Map<String, BigDecimal> tcv = new HashMap<>();
        body.get("rows").forEach(r -> tcv.merge(r.get("month").asText(), dec(r, "tcv"), BigDecimal::add));
        assertThat(tcv).isNotEmpty();
        JsonNode series = ok("api/v1/metrics/bookings_tcv/series", TestServers.VIEWER);
        for (JsonNode s : series.get("rows")) {
            if (!s.get("value").isNull()) {
                assertThat(dec(s, "value")).as(s.get("period").asText()).isEqualByComparingTo(tcv.get(s.get("period").asText()));
            }
        }
    }

    // ---- explain ----

    @Test
    void explain_rows_sum_exactly_to_the_summary_cell_for_every_recurring_metric() {
        String month = YearMonth.from(AS_OF).minusMonths(2).toString();
        JsonNode summary = ok("api/v1/mrr/summary?from=" + month + "&to=" + month, TestServers.VIEWER).get("rows").get(0);
        Map<String, String> summaryColumn = Map.of("mrr", "mrr", "arr", "arr", "paying_customers", "paying_customers",
                "new", "new", "expansion", "expansion", "contraction", "contraction", "churn", "churn",
                "reactivation", "reactivation", "fx", "fx");
        for (Map.Entry<String, String> e : summaryColumn.entrySet()) {
            JsonNode body = ok("api/v1/explain?metric=" + e.getKey() + "&month=" + month, TestServers.ANALYST);
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode r : body.get("rows")) {
                sum = sum.add(dec(r, "amount"));
            }
            BigDecimal cell = dec(summary, e.getValue());
            assertThat(sum).as(e.getKey() + " Σ rows = gold.mrr_summary." + e.getValue()).isEqualByComparingTo(cell);
            assertThat(dec(body, "total")).isEqualByComparingTo(cell);
            assertThat(body.get("ties").asBoolean()).as(e.getKey()).isTrue();
        }
        assertThat(ok("api/v1/explain?metric=new&month=" + month, TestServers.ANALYST).get("rows").size())
                .as("customers behind the new MRR of " + month).isEqualTo(summary.get("new_customers").asInt());
    }

    @Test
    void a_filtered_explanation_sums_to_the_filtered_series_cell() {
        String month = YearMonth.from(AS_OF).minusMonths(1).toString();
        JsonNode customers = ok("api/v1/customers?month=" + month, TestServers.ANALYST).get("rows");
        String segment = customers.get(0).get("segment").asText();
        JsonNode series = ok("api/v1/metrics/mrr/series?from=" + month + "&to=" + month + "&filter=segment:" + segment,
                TestServers.VIEWER);
        JsonNode body = ok("api/v1/explain?metric=mrr&month=" + month + "&filter=segment:" + segment, TestServers.ANALYST);
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode r : body.get("rows")) {
            assertThat(r.get("segment").asText()).isEqualTo(segment);
            sum = sum.add(dec(r, "amount"));
        }
        assertThat(sum).isEqualByComparingTo(dec(series.get("rows").get(0), "value"));
        assertThat(body.get("rows").size()).isLessThan(customers.size());
    }

    @Test
    void explaining_ar_lists_the_open_invoices_of_the_month_end() {
        String month = YearMonth.from(AS_OF).minusMonths(1).toString();
        JsonNode body = ok("api/v1/explain?metric=ar&month=" + month, TestServers.ANALYST);
        assertThat(body.get("aging_date").asText()).isEqualTo(YearMonth.parse(month).atEndOfMonth().toString());
        JsonNode aging = ok("api/v1/finance/ar-aging?as_of=" + body.get("aging_date").asText(), TestServers.ANALYST);
        assertThat(dec(body, "total")).isEqualByComparingTo(dec(aging, "total"));
        assertThat(body.get("rows").size()).isEqualTo(aging.get("rows").size());
        assertThat(dec(body, "total")).as("Σ aging rows = gold.dso_month.ar_end, to the cent")
                .isEqualByComparingTo(dec(body, "cell"));
        assertThat(body.get("ties").asBoolean()).isTrue();
    }

    @Test
    void explaining_recognised_revenue_splits_the_month_over_customers_to_the_cent_and_traces_one_to_its_obligations() {
        String month = YearMonth.from(AS_OF).minusMonths(2).toString();
        JsonNode body = ok("api/v1/explain?metric=revenue&month=" + month, TestServers.ANALYST);
        assertThat(body.get("metric").asText()).isEqualTo("recognized_revenue");
        assertThat(body.get("source_table").asText()).isEqualTo("gold.revenue_schedule");
        JsonNode series = ok("api/v1/metrics/recognized_revenue/series?from=" + month + "&to=" + month,
                TestServers.VIEWER);
        assertThat(dec(body, "cell")).isEqualByComparingTo(dec(series.get("rows").get(0), "value"));
        assertThat(body.get("rows").size()).as("customers with revenue in " + month).isGreaterThan(5);
        BigDecimal rows = BigDecimal.ZERO;
        for (JsonNode r : body.get("rows")) {
            rows = rows.add(dec(r, "amount"));
        }
        assertThat(rows).as("Σ customer rows = the series cell, to the cent").isEqualByComparingTo(dec(body, "cell"));
        assertThat(body.get("ties").asBoolean()).isTrue();
        // Per currency, the schedule's total is the roll-forward's recognised revenue, in the source currency.
        Map<String, BigDecimal> perCurrency = new HashMap<>();
        body.get("rows").forEach(r -> perCurrency.merge(r.get("currency").asText(), dec(r, "recognized"),
                BigDecimal::add));
        assertThat(body.get("by_currency")).isNotEmpty().allSatisfy(c -> {
            assertThat(c.get("ties").asBoolean()).isTrue();
            assertThat(dec(c, "scheduled")).isEqualByComparingTo(dec(c, "recognized"))
                    .isEqualByComparingTo(perCurrency.getOrDefault(c.get("currency").asText(), BigDecimal.ZERO));
        });

        JsonNode first = body.get("rows").get(0);
        String customer = first.get("customer_id").asText();
        JsonNode one = ok("api/v1/explain?metric=revenue&month=" + month + "&customer_id=" + customer,
                TestServers.ANALYST);
        Set<String> obligations = new HashSet<>();
        one.get("contributions").forEach(c -> c.get("obligations").forEach(o ->
                obligations.add(o.get("obligation_id").asText())));
        Set<String> traced = new HashSet<>();
        for (JsonNode s : one.get("silver")) {
            String table = s.get("table").asText();
            if (table.equals("silver.obligations")) {
                traced.add(s.get("values").get("obligation_id").asText());
            } else if (table.equals("silver.invoice_lines")) {
                traced.add(s.get("values").get("line_id").asText());
            }
        }
        assertThat(traced).as("every obligation (or invoice line) behind the customer's revenue, in silver")
                .isEqualTo(obligations);
        assertThat(Http.get(base, "api/v1/explain?metric=revenue&month=" + month + "&filter=segment:smb",
                TestServers.ANALYST).status()).as("revenue rows carry no customer dimensions").isEqualTo(400);
    }

    @Test
    void explaining_deferred_revenue_rpo_and_crpo_splits_each_month_end_over_customers_to_the_cent() {
        Map<String, String> sourceColumn = Map.of("deferred_revenue", "closing", "rpo", "rpo", "crpo", "crpo");
        for (String metric : List.of("deferred_revenue", "rpo", "crpo")) {
            String reportingColumn = sourceColumn.get(metric) + "_reporting";
            for (int back : List.of(1, 6, 12)) {
                String month = YearMonth.from(AS_OF).minusMonths(back).toString();
                String label = metric + " " + month;
                JsonNode body = ok("api/v1/explain?metric=" + metric + "&month=" + month, TestServers.ANALYST);
                JsonNode series = ok("api/v1/metrics/" + metric + "/series?from=" + month + "&to=" + month,
                        TestServers.VIEWER);
                assertThat(dec(body, "cell")).as(label).isEqualByComparingTo(dec(series.get("rows").get(0), "value"));
                assertThat(body.get("rows").size()).as("customers behind " + label).isGreaterThan(5);
                BigDecimal total = BigDecimal.ZERO;
                Map<String, BigDecimal> source = new HashMap<>();
                Map<String, BigDecimal> reporting = new HashMap<>();
                for (JsonNode r : body.get("rows")) {
                    total = total.add(dec(r, "amount"));
                    source.merge(r.get("currency").asText(), dec(r, sourceColumn.get(metric)), BigDecimal::add);
                    reporting.merge(r.get("currency").asText(), dec(r, "amount"), BigDecimal::add);
                }
                assertThat(total).as("Σ customer rows = the series cell, " + label).isEqualByComparingTo(dec(body, "cell"));
                assertThat(body.get("ties").asBoolean()).as(label).isTrue();
                assertThat(body.get("by_currency")).as(label).isNotEmpty().allSatisfy(c -> {
                    String currency = c.get("currency").asText();
                    assertThat(c.get("ties").asBoolean()).as(label + " " + currency).isTrue();
                    assertThat(dec(c, "customers")).as(label + " " + currency)
                            .isEqualByComparingTo(dec(c, sourceColumn.get(metric)))
                            .isEqualByComparingTo(source.getOrDefault(currency, BigDecimal.ZERO));
                    assertThat(reporting.getOrDefault(currency, BigDecimal.ZERO)).as(label + " " + currency
                            + " reporting split").isEqualByComparingTo(dec(c, reportingColumn));
                });
            }
        }
        assertThat(Http.get(base, "api/v1/explain?metric=rpo&month=2024-01&filter=segment:smb", TestServers.ANALYST)
                .json().get("message").asText()).contains("gold.rpo_customer");
    }

    @Test
    void explaining_billings_and_bookings_ties_to_the_series_every_month_and_each_row_is_within_a_cent() {
        JsonNode billings = ok("api/v1/metrics/billings/series", TestServers.VIEWER);
        Set<String> currencies = new HashSet<>();
        int months = 0;
        for (JsonNode s : billings.get("rows")) {
            String month = s.get("period").asText();
            JsonNode body = ok("api/v1/explain?metric=billings&month=" + month, TestServers.ANALYST);
            BigDecimal total = BigDecimal.ZERO;
            for (JsonNode r : body.get("rows")) {
                total = total.add(dec(r, "amount"));
                currencies.add(r.get("currency").asText());
                // the invoice's share of the month's once-converted figure: within a cent of its own conversion
                assertThat(dec(r, "total").multiply(dec(r, "fx_rate")).subtract(dec(r, "amount")).abs())
                        .as(month + " " + r.get("invoice_id").asText()).isLessThan(new BigDecimal("0.01"));
            }
            assertThat(total).as("billings " + month).isEqualByComparingTo(dec(s, "value"));
            assertThat(body.get("ties").asBoolean()).as("billings " + month).isTrue();
            months++;
        }
        assertThat(months).isGreaterThan(12);
        assertThat(currencies).as("invoices in several currencies").hasSizeGreaterThan(1);
        for (String metric : List.of("bookings_tcv", "bookings_acv")) {
            for (JsonNode s : ok("api/v1/metrics/" + metric + "/series", TestServers.VIEWER).get("rows")) {
                if (s.get("value").isNull()) {
                    continue;
                }
                String month = s.get("period").asText();
                JsonNode body = ok("api/v1/explain?metric=" + metric + "&month=" + month, TestServers.ANALYST);
                BigDecimal total = BigDecimal.ZERO;
                for (JsonNode r : body.get("rows")) {
                    total = total.add(dec(r, "amount"));
                }
                assertThat(total).as(metric + " " + month).isEqualByComparingTo(dec(s, "value"));
                assertThat(body.get("ties").asBoolean()).as(metric + " " + month).isTrue();
            }
        }
    }

    @Test
    void a_customers_deferred_revenue_is_traced_to_its_contracts_invoices_and_their_source_lines() {
        String month = YearMonth.from(AS_OF).minusMonths(3).toString();
        JsonNode all = ok("api/v1/explain?metric=deferred&month=" + month, TestServers.ANALYST);
        JsonNode first = all.get("rows").get(0);
        String customer = first.get("customer_id").asText();
        JsonNode one = ok("api/v1/explain?metric=deferred_revenue&month=" + month + "&customer_id=" + customer,
                TestServers.ANALYST);
        assertThat(one.get("source_table").asText()).isEqualTo("gold.deferred_revenue_customer");
        assertThat(dec(one, "customer_amount")).isEqualByComparingTo(dec(first, "amount"));
        assertThat(one.get("lineage_as_of").asText()).isNotBlank();
        Set<String> tables = new HashSet<>();
        one.get("silver").forEach(r -> tables.add(r.get("table").asText()));
        assertThat(tables).contains("silver.customers", "silver.invoices");
        for (JsonNode r : one.get("silver")) {
            JsonNode v = r.get("values");
            if (v.has("customer_id") && !v.get("customer_id").isNull()) {
                assertThat(v.get("customer_id").asText()).as(r.get("table").asText()).isEqualTo(customer);
            }
            if (r.get("table").asText().equals("silver.invoices")) {
                assertThat(v.get("invoice_date").asText()).isLessThanOrEqualTo(YearMonth.parse(month).atEndOfMonth()
                        .toString());
            }
        }
        assertThat(one.get("bronze")).as("bronze rows behind the silver rows").isNotEmpty().allSatisfy(b ->
                assertThat(b.get("values").get("_source_file").asText()).isNotBlank());
    }

    @Test
    void one_customer_is_explained_down_to_the_line_of_the_source_file() throws IOException {
        String month = YearMonth.from(AS_OF).minusMonths(1).toString();
        JsonNode all = ok("api/v1/explain?metric=mrr&month=" + month, TestServers.ANALYST);
        String customer = all.get("rows").get(0).get("customer_id").asText();
        JsonNode body = ok("api/v1/explain?metric=mrr&month=" + month + "&customer_id=" + customer, TestServers.ANALYST);
        assertThat(dec(body, "customer_amount")).isEqualByComparingTo(dec(all.get("rows").get(0), "amount"));
        assertThat(body.get("contributions")).hasSize(1);

        Set<String> tables = new HashSet<>();
        int silver = 0;
        for (JsonNode r : body.get("rows")) {
            tables.add(r.get("table").asText());
            silver += r.get("layer").asText().equals("silver") ? 1 : 0;
            // The line the lineage names holds the row's key: line = 1 (header) + _source_row.
            Path file = company.extract.resolve(r.get("_source_file").asText());
            List<String> lines = Files.readAllLines(file);
            String line = lines.get(r.get("_source_row").asInt());
            String key = r.get("key").asText();
            assertThat(line).as(r.toString()).contains(key);
        }
        assertThat(tables).contains("silver.customers", "silver.subscription_items", "bronze.canonical_customers",
                "bronze.canonical_subscription_items");
        assertThat(body.get("rows").size()).as("one bronze row per silver row").isEqualTo(2 * silver);
        for (JsonNode s : body.get("silver")) {
            if (s.get("table").asText().equals("silver.subscription_items")) {
                assertThat(s.get("values").get("customer_id").asText()).isEqualTo(customer);
            }
        }
        String csv = Http.get(base, "api/v1/explain?metric=mrr&month=" + month + "&customer_id=" + customer
                + "&format=csv").body();
        assertCsvMatches(csv, body.get("rows"));
    }

    @Test
    void explain_refuses_unknown_metrics_and_months_and_filters_it_cannot_apply() {
        Http.Response unknown = Http.get(base, "api/v1/explain?metric=nrr&month=2023-06");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(texts(unknown.json().get("accepted"))).contains("mrr", "arr", "churn", "ar");
        assertThat(Http.get(base, "api/v1/explain?metric=mrr").json().get("error").asText()).isEqualTo("missing_parameter");
        assertThat(Http.get(base, "api/v1/explain?metric=mrr&month=2023-6").status()).isEqualTo(400);
        Http.Response filter = Http.get(base, "api/v1/explain?metric=mrr&month=2023-06&filter=segment:galactic");
        assertThat(filter.status()).isEqualTo(400);
        assertThat(filter.json().get("message").asText()).contains("segment:galactic");
        Http.Response ar = Http.get(base, "api/v1/explain?metric=ar&month=2023-06&filter=segment:smb");
        assertThat(ar.status()).isEqualTo(400);
        assertThat(ar.json().get("message").asText()).contains("no customer dimensions");
        assertThat(Http.get(base, "api/v1/explain?metric=mrr&month=2023-06", TestServers.VIEWER).status()).isEqualTo(403);
    }

    // ---- customer 360 ----

    @Test
    void customer_360_shows_the_gold_rows_of_one_customer() {
        String month = YearMonth.from(AS_OF).minusMonths(1).toString();
        JsonNode listed = ok("api/v1/customers?month=" + month, TestServers.ANALYST).get("rows").get(0);
        String id = listed.get("customer_id").asText();
        JsonNode body = ok("api/v1/customers/" + id, TestServers.ANALYST);
        assertThat(body.get("customer_id").asText()).isEqualTo(id);
        JsonNode mrr = body.get("sections").get("mrr");
        JsonNode thatMonth = null;
        for (JsonNode r : mrr) {
            if (r.get("month").asText().equals(month)) {
                thatMonth = r;
            }
        }
        assertThat(thatMonth).isNotNull();
        assertThat(dec(thatMonth, "mrr")).isEqualByComparingTo(dec(listed, "mrr"));
        assertThat(body.get("rows")).isEqualTo(mrr);
        // Movements add up to the latest MRR (constant currency plus fx = reporting currency, from zero).
        BigDecimal moved = BigDecimal.ZERO;
        for (JsonNode m : body.get("sections").get("movements")) {
            moved = moved.add(dec(m, "amount"));
        }
        JsonNode last = mrr.get(mrr.size() - 1);
        boolean payingAtTheEnd = last.get("month").asText().equals(YearMonth.from(AS_OF).toString());
        assertThat(moved).isEqualByComparingTo(payingAtTheEnd ? dec(last, "mrr") : BigDecimal.ZERO);
        assertThat(body.get("sections").get("revenue_schedule").size()).as("revenue schedule rows").isPositive();
        assertThat(body.get("profile").get("segment").asText()).isEqualTo(listed.get("segment").asText());
        BigDecimal open = BigDecimal.ZERO;
        for (JsonNode i : body.get("sections").get("open_invoices")) {
            open = open.add(dec(i, "open_amount_reporting"));
        }
        assertThat(dec(body.get("profile"), "open_ar_reporting")).isEqualByComparingTo(open);

        JsonNode movements = ok("api/v1/customers/" + id + "?section=movements", TestServers.ANALYST);
        assertThat(movements.get("rows")).isEqualTo(body.get("sections").get("movements"));
        assertCsvMatches(Http.get(base, "api/v1/customers/" + id + "?section=movements&format=csv").body(),
                movements.get("rows"));
    }

    @Test
    void an_unknown_customer_is_a_404_that_names_it() {
        Http.Response response = Http.get(base, "api/v1/customers/no-such-customer-42");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asText()).isEqualTo("not_found");
        assertThat(response.json().get("customer_id").asText()).isEqualTo("no-such-customer-42");
        assertThat(response.json().get("message").asText()).contains("No customer 'no-such-customer-42'");
        assertThat(Http.get(base, "api/v1/customers/x?section=everything").status()).isEqualTo(400);
    }

    // ---- CSV ----

    @Test
    void every_finance_endpoint_answers_csv_with_exactly_the_json_rows() {
        for (String path : List.of("api/v1/finance/ar-aging", "api/v1/finance/ar-aging/history", "api/v1/finance/dso",
                "api/v1/finance/waterfall", "api/v1/finance/waterfall?rows=booking", "api/v1/finance/deferred-revenue",
                "api/v1/finance/rpo", "api/v1/finance/bookings", "api/v1/explain?metric=churn&month=2024-01",
                "api/v1/explain?metric=ar&month=2024-01")) {
            JsonNode json = ok(path, TestServers.ANALYST);
            assertThat(json.get("rows").size()).as(path).isPositive();
            Http.Response csv = Http.get(base, path + (path.contains("?") ? "&" : "?") + "format=csv");
            assertThat(csv.status()).as(path).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertCsvMatches(csv.body(), json.get("rows"));
        }
    }

    // ---- helpers ----

    private static final LocalDate AS_OF = GeneratedWarehouse.AS_OF;

    private static JsonNode ok(String path, String token) {
        Http.Response response = Http.get(base, path, token);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static BigDecimal dec(JsonNode node, String field) {
        JsonNode v = node.get(field);
        assertThat(v).as(field + " in " + node).isNotNull();
        return new BigDecimal(v.asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    /** The CSV has a header of the JSON rows' fields and one line per JSON row with the same values. */
    static void assertCsvMatches(String csv, JsonNode rows) {
        List<List<String>> records = parseCsv(csv);
        assertThat(records).hasSize(rows.size() + 1);
        List<String> header = records.get(0);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            List<String> expectedHeader = new ArrayList<>();
            row.fieldNames().forEachRemaining(expectedHeader::add);
            assertThat(header).containsExactlyElementsOf(expectedHeader);
            for (int c = 0; c < header.size(); c++) {
                JsonNode v = row.get(header.get(c));
                String expected = v.isNull() ? "" : v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
                assertThat(records.get(i + 1).get(c)).as("row " + i + " " + header.get(c)).isEqualTo(expected);
            }
        }
    }

    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        Iterator<Integer> it = text.chars().iterator();
        while (it.hasNext()) {
            char ch = (char) (int) it.next();
            if (quoted) {
                if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                if (cell.length() > 0) {
                    cell.append('"');
                }
                quoted = true;
            } else if (ch == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        return records;
    }
}
