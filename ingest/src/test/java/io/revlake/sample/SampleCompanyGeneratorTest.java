package io.revlake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.CanonicalField;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small company (300 customers × 24 months), generated once and checked from every side. */
class SampleCompanyGeneratorTest {
    static final YearMonth START = YearMonth.of(2023, 1);
    static final int MONTHS = 24;
    static final LocalDate LAST_DAY = START.plusMonths(MONTHS - 1).atEndOfMonth();
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern MONEY = Pattern.compile("-?\\d+\\.\\d\\d");

    @TempDir
    static Path dir;
    static GenerationReport report;
    static Map<CanonicalEntity, Extract.Table> files = new TreeMap<>();
    /** The entities the generator writes; the CRM detail files (products, opportunity lines, …) are optional. */
    static final List<CanonicalEntity> CORE = Stream.of(CanonicalEntity.values()).filter(CanonicalEntity::isCore).toList();

    @BeforeAll
    static void generate() throws IOException {
        report = SampleCompanyGenerator.generate(new GeneratorConfig(300, MONTHS, 42, START), dir);
        for (CanonicalEntity e : CORE) {
            files.put(e, Extract.read(dir, e.fileName()));
        }
    }

    static List<Map<String, String>> rows(CanonicalEntity e) {
        return files.get(e).rows();
    }

    @Test
    void every_canonical_file_is_written_with_the_contract_header() {
        for (CanonicalEntity e : CORE) {
            assertThat(files.get(e).header()).as(e.fileName()).containsExactlyElementsOf(e.fieldNames());
            assertThat(rows(e)).as(e.fileName()).isNotEmpty();
        }
    }

    @Test
    void truth_files_have_their_documented_headers() throws IOException {
        assertThat(Extract.read(dir, "truth/mrr_customer_month.csv").header()).containsExactly("month", "customer_id",
                "currency", "mrr_source_currency", "mrr", "mrr_constant_currency");
        assertThat(Extract.read(dir, "truth/mrr_movements.csv").header()).containsExactly("month", "customer_id",
                "movement", "amount");
        assertThat(Extract.read(dir, "truth/summary.csv").header()).containsExactly("month", "mrr", "paying_customers",
                "new", "reactivation", "expansion", "contraction", "churn", "fx");
        assertThat(Files.readString(dir.resolve("truth/summary.csv")).lines().count()).isEqualTo(MONTHS + 1);
    }

    @Test
    void the_report_counts_the_data_rows_of_every_file() throws IOException {
        assertThat(report.rowCounts().keySet()).containsExactly("customers.csv", "subscription_items.csv",
                "invoices.csv", "invoice_lines.csv", "payments.csv", "credit_notes.csv", "opportunities.csv",
                "contracts.csv", "obligations.csv", "fx_rates.csv", "expenses.csv", "truth/mrr_customer_month.csv",
                "truth/mrr_movements.csv", "truth/summary.csv");
        for (var e : report.rowCounts().entrySet()) {
            assertThat((long) Extract.read(dir, e.getKey()).rows().size()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(report.rowCounts().get("customers.csv")).isEqualTo(300);
        assertThat(report.elapsed()).isPositive();
    }

    @Test
    void every_value_has_the_type_the_catalog_expects_and_required_values_are_present() {
        for (CanonicalEntity e : CORE) {
            for (Map<String, String> row : rows(e)) {
                for (CanonicalField f : e.fields()) {
                    String v = row.get(f.name());
                    String where = e.fileName() + " " + f.name() + " in " + row;
                    if (v.isEmpty()) {
                        assertThat(f.required()).as(where).isFalse();
                        continue;
                    }
                    assertThat(v).as(where).isEqualTo(v.strip());
                    switch (f.kind()) {
                        case DATE -> assertThat(LocalDate.parse(v).toString()).as(where).isEqualTo(v);
                        case TIMESTAMP -> assertThat(Instant.parse(v)).as(where).isNotNull();
                        case MONTH -> assertThat(YearMonth.parse(v).toString()).as(where).isEqualTo(v);
                        case DECIMAL -> assertThat(v).as(where).matches(DECIMAL);
                        case NON_NEGATIVE_DECIMAL -> assertThat(new BigDecimal(v)).as(where).isNotNegative();
                        case PERCENT -> assertThat(new BigDecimal(v)).as(where).isBetween(BigDecimal.ZERO, BigDecimal.valueOf(100));
                        case POSITIVE_INT -> assertThat(Long.parseLong(v)).as(where).isPositive();
                        case CURRENCY -> assertThat(v).as(where).isIn("USD", "EUR", "GBP");
                        case ENUM -> assertThat(v).as(where).isIn(f.acceptedValues());
                        case BOOLEAN -> assertThat(v).as(where).isIn("true", "false");
                        case RATE -> assertThat(new BigDecimal(v)).as(where).isPositive();
                        default -> { }
                    }
                }
            }
        }
    }

    @Test
    void amounts_have_two_decimals_and_unit_amounts_at_most_two() {
        assertThat(rows(CanonicalEntity.SUBSCRIPTION_ITEMS)).allSatisfy(r -> assertThat(r.get("unit_amount")).matches(MONEY));
        assertThat(rows(CanonicalEntity.INVOICES)).allSatisfy(r -> {
            assertThat(r.get("total")).matches(MONEY);
            assertThat(r.get("subtotal")).matches(MONEY);
        });
        assertThat(rows(CanonicalEntity.PAYMENTS)).allSatisfy(r -> assertThat(r.get("amount")).matches(MONEY));
    }

    @Test
    void keys_are_unique_in_every_file() {
        for (CanonicalEntity e : CORE) {
            List<String> keys = rows(e).stream().map(r -> e.key().stream().map(r::get).collect(Collectors.joining("|"))).toList();
            assertThat(new HashSet<>(keys)).as(e.fileName()).hasSameSizeAs(keys);
        }
        assertThat(ids(CanonicalEntity.CUSTOMERS, "crm_account_id")).doesNotHaveDuplicates();
        assertThat(ids(CanonicalEntity.CUSTOMERS, "billing_customer_id")).doesNotHaveDuplicates();
        assertThat(ids(CanonicalEntity.CUSTOMERS, "erp_customer_id")).doesNotHaveDuplicates();
        assertThat(ids(CanonicalEntity.CUSTOMERS, "customer_id")).first().isEqualTo("C000001");
    }

    @Test
    void every_foreign_key_resolves_and_stays_with_its_customer() {
        Map<String, String> customerOfInvoice = index(CanonicalEntity.INVOICES, "invoice_id", "customer_id");
        Map<String, String> customerOfItem = index(CanonicalEntity.SUBSCRIPTION_ITEMS, "item_id", "customer_id");
        Map<String, String> customerOfContract = index(CanonicalEntity.CONTRACTS, "contract_id", "customer_id");
        Map<String, String> contractOfObligation = index(CanonicalEntity.OBLIGATIONS, "obligation_id", "contract_id");
        Map<String, String> customerOfOpportunity = index(CanonicalEntity.OPPORTUNITIES, "opportunity_id", "customer_id");
        Set<String> customers = Set.copyOf(ids(CanonicalEntity.CUSTOMERS, "customer_id"));

        for (CanonicalEntity e : List.of(CanonicalEntity.SUBSCRIPTION_ITEMS, CanonicalEntity.INVOICES,
                CanonicalEntity.PAYMENTS, CanonicalEntity.CONTRACTS)) {
            assertThat(customers).as(e.fileName()).containsAll(ids(e, "customer_id"));
        }
        assertThat(rows(CanonicalEntity.OPPORTUNITIES)).filteredOn(r -> !r.get("customer_id").isEmpty())
                .allSatisfy(r -> assertThat(customers).contains(r.get("customer_id")));
        assertThat(rows(CanonicalEntity.INVOICE_LINES)).allSatisfy(r -> {
            String customer = customerOfInvoice.get(r.get("invoice_id"));
            assertThat(customer).as(r.toString()).isNotNull();
            if (!r.get("item_id").isEmpty()) {
                assertThat(customerOfItem.get(r.get("item_id"))).as(r.toString()).isEqualTo(customer);
            }
            if (!r.get("obligation_id").isEmpty()) {
                String contract = contractOfObligation.get(r.get("obligation_id"));
                assertThat(customerOfContract.get(contract)).as(r.toString()).isEqualTo(customer);
            }
        });
        assertThat(rows(CanonicalEntity.PAYMENTS)).filteredOn(r -> !r.get("invoice_id").isEmpty())
                .allSatisfy(r -> assertThat(customerOfInvoice.get(r.get("invoice_id"))).isEqualTo(r.get("customer_id")));
        assertThat(rows(CanonicalEntity.CREDIT_NOTES))
                .allSatisfy(r -> assertThat(customerOfInvoice).containsKey(r.get("invoice_id")));
        assertThat(rows(CanonicalEntity.OBLIGATIONS))
                .allSatisfy(r -> assertThat(customerOfContract).containsKey(r.get("contract_id")));
        assertThat(rows(CanonicalEntity.CONTRACTS)).filteredOn(r -> !r.get("opportunity_id").isEmpty())
                .allSatisfy(r -> assertThat(customerOfOpportunity.get(r.get("opportunity_id"))).isEqualTo(r.get("customer_id")));
        for (String truth : List.of("truth/mrr_customer_month.csv", "truth/mrr_movements.csv")) {
            assertThat(customers).as(truth).containsAll(Extract.read(dir, truth).column("customer_id"));
        }
    }

    @Test
    void a_customer_is_billed_in_one_currency_everywhere() {
        Map<String, String> currency = index(CanonicalEntity.CUSTOMERS, "customer_id", "currency");
        Map<String, String> customerOfInvoice = index(CanonicalEntity.INVOICES, "invoice_id", "customer_id");
        for (CanonicalEntity e : List.of(CanonicalEntity.SUBSCRIPTION_ITEMS, CanonicalEntity.INVOICES,
                CanonicalEntity.PAYMENTS, CanonicalEntity.CONTRACTS)) {
            assertThat(rows(e)).as(e.fileName()).allSatisfy(r -> assertThat(r.get("currency")).isEqualTo(currency.get(r.get("customer_id"))));
        }
        assertThat(rows(CanonicalEntity.CREDIT_NOTES)).allSatisfy(r ->
                assertThat(r.get("currency")).isEqualTo(currency.get(customerOfInvoice.get(r.get("invoice_id")))));
        Map<String, String> region = index(CanonicalEntity.CUSTOMERS, "customer_id", "region");
        assertThat(rows(CanonicalEntity.CUSTOMERS)).filteredOn(r -> r.get("region").equals("NA"))
                .allSatisfy(r -> assertThat(r.get("currency")).isEqualTo("USD"));
        assertThat(region).isNotEmpty();
    }

    @Test
    void every_dated_amount_in_a_foreign_currency_has_a_rate_on_or_before_its_date() {
        // The finance stage converts bookings at the signing date, invoices at their date, payments at theirs.
        Map<String, LocalDate> firstRate = new TreeMap<>();
        for (Map<String, String> r : rows(CanonicalEntity.FX_RATES)) {
            firstRate.merge(r.get("currency"), LocalDate.parse(r.get("date")), (a, b) -> a.isBefore(b) ? a : b);
        }
        Map<CanonicalEntity, String> dateColumn = Map.of(CanonicalEntity.CONTRACTS, "signed_date",
                CanonicalEntity.INVOICES, "invoice_date", CanonicalEntity.PAYMENTS, "payment_date",
                CanonicalEntity.OPPORTUNITIES, "close_date");
        dateColumn.forEach((entity, column) -> assertThat(rows(entity)).as(entity.fileName())
                .filteredOn(r -> !r.get("currency").equals("USD"))
                .allSatisfy(r -> assertThat(firstRate.get(r.get("currency"))).as(r.toString()).isNotNull()
                        .isBeforeOrEqualTo(LocalDate.parse(r.get(column)))));
        // A new customer's contract is signed up to two weeks before its start, so the first customers may sign in
        // the month before the simulation: the opening rates are dated the first day of that month.
        assertThat(firstRate).containsOnlyKeys("EUR", "GBP")
                .allSatisfy((currency, date) -> assertThat(date).isEqualTo(START.minusMonths(1).atDay(1)));
    }

    @Test
    void invoices_add_up_and_their_status_matches_payments_and_credits() {
        Map<String, BigDecimal> lines = sum(CanonicalEntity.INVOICE_LINES, "invoice_id", "amount");
        Map<String, BigDecimal> paid = sum(CanonicalEntity.PAYMENTS, "invoice_id", "amount");
        Map<String, BigDecimal> credited = sum(CanonicalEntity.CREDIT_NOTES, "invoice_id", "amount");
        assertThat(rows(CanonicalEntity.INVOICES)).allSatisfy(r -> {
            String id = r.get("invoice_id");
            BigDecimal total = new BigDecimal(r.get("total"));
            assertThat(new BigDecimal(r.get("subtotal")).add(new BigDecimal(r.get("tax")))).as(id).isEqualByComparingTo(total);
            assertThat(lines.get(id)).as(id).isEqualByComparingTo(r.get("subtotal"));
            assertThat(LocalDate.parse(r.get("due_date"))).as(id).isAfter(LocalDate.parse(r.get("invoice_date")));
            BigDecimal settled = paid.getOrDefault(id, BigDecimal.ZERO).add(credited.getOrDefault(id, BigDecimal.ZERO));
            switch (r.get("status")) {
                case "paid" -> assertThat(settled).as(id).isGreaterThanOrEqualTo(total);
                case "open", "uncollectible" -> assertThat(settled).as(id).isLessThan(total);
                case "void" -> assertThat(settled).as(id).isZero();
                default -> throw new AssertionError(r);
            }
        });
    }

    @Test
    void nothing_happens_after_the_extract_date() {
        Map<CanonicalEntity, List<String>> eventDates = Map.of(
                CanonicalEntity.SUBSCRIPTION_ITEMS, List.of("start_date"),
                CanonicalEntity.INVOICES, List.of("invoice_date"),
                CanonicalEntity.PAYMENTS, List.of("payment_date"),
                CanonicalEntity.CREDIT_NOTES, List.of("issue_date"),
                CanonicalEntity.OPPORTUNITIES, List.of("created_date"),
                CanonicalEntity.CONTRACTS, List.of("signed_date", "start_date"));
        eventDates.forEach((e, columns) -> columns.forEach(c -> assertThat(rows(e)).as(e + "." + c)
                .allSatisfy(r -> assertThat(LocalDate.parse(r.get(c))).isBeforeOrEqualTo(LAST_DAY))));
        for (CanonicalEntity e : List.of(CanonicalEntity.CUSTOMERS, CanonicalEntity.SUBSCRIPTION_ITEMS, CanonicalEntity.INVOICES)) {
            assertThat(rows(e)).allSatisfy(r -> assertThat(Instant.parse(r.get("updated_at")))
                    .isBefore(LAST_DAY.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)));
        }
        assertThat(rows(CanonicalEntity.OPPORTUNITIES)).allSatisfy(r -> assertThat(r.get("is_closed"))
                .isEqualTo(String.valueOf(!LocalDate.parse(r.get("close_date")).isAfter(LAST_DAY))));
    }

    @Test
    void an_item_change_ends_the_old_row_the_day_the_new_one_starts() {
        Map<String, List<Map<String, String>>> chains = new TreeMap<>();
        rows(CanonicalEntity.SUBSCRIPTION_ITEMS).forEach(r -> chains
                .computeIfAbsent(r.get("subscription_id") + "/" + r.get("seat_based"), k -> new ArrayList<>()).add(r));
        List<String> problems = new ArrayList<>();
        chains.forEach((chain, items) -> {
            items.sort(java.util.Comparator.comparing(r -> r.get("start_date")));
            for (int i = 0; i < items.size(); i++) {
                Map<String, String> it = items.get(i);
                if (!it.get("end_date").isEmpty() && it.get("end_date").compareTo(it.get("start_date")) <= 0) {
                    problems.add("empty period: " + it.get("item_id"));
                }
                if (i + 1 < items.size() && !it.get("end_date").equals(items.get(i + 1).get("start_date"))) {
                    problems.add("gap or overlap after " + it.get("item_id"));
                }
            }
            if (items.stream().map(r -> r.get("billing_interval") + r.get("interval_count")).distinct().count() != 1) {
                problems.add("mixed billing terms in " + chain);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void fx_rates_are_published_at_every_month_end_and_walk_near_their_means() {
        List<Map<String, String>> fx = rows(CanonicalEntity.FX_RATES);
        assertThat(fx).filteredOn(r -> r.get("date").equals(START.minusMonths(1).atDay(1).toString()))
                .extracting(r -> r.get("currency")).as("opening rates").containsExactly("EUR", "GBP");
        for (int m = 0; m < MONTHS; m++) {
            String monthEnd = START.plusMonths(m).atEndOfMonth().toString();
            assertThat(fx).as(monthEnd).filteredOn(r -> r.get("date").equals(monthEnd)).extracting(r -> r.get("currency"))
                    .containsExactly("EUR", "GBP");
        }
        assertThat(fx).filteredOn(r -> r.get("date").endsWith("-15")).isNotEmpty();
        assertThat(fx).filteredOn(r -> r.get("currency").equals("EUR"))
                .allSatisfy(r -> assertThat(new BigDecimal(r.get("rate_to_reporting"))).isBetween(new BigDecimal("0.95"), new BigDecimal("1.22")));
        assertThat(fx).filteredOn(r -> r.get("currency").equals("GBP"))
                .allSatisfy(r -> assertThat(new BigDecimal(r.get("rate_to_reporting"))).isBetween(new BigDecimal("1.10"), new BigDecimal("1.45")));
        assertThat(fx.stream().map(r -> r.get("date")).toList()).isSorted();
    }

    @Test
    void expenses_cover_every_month_and_category_in_usd() {
        List<Map<String, String>> ex = rows(CanonicalEntity.EXPENSES);
        assertThat(ex).hasSize(MONTHS * 4);
        assertThat(ex).allSatisfy(r -> {
            assertThat(r.get("currency")).isEqualTo("USD");
            assertThat(new BigDecimal(r.get("amount"))).isPositive();
        });
        assertThat(ex.stream().map(r -> r.get("category")).distinct()).containsExactly("sales", "marketing", "cogs", "other");
    }

    @Test
    void the_sample_contains_every_scenario_the_metrics_need() {
        List<Map<String, String>> items = rows(CanonicalEntity.SUBSCRIPTION_ITEMS);
        assertThat(items).as("mid-month start").anyMatch(r -> !r.get("start_date").endsWith("-01"));
        assertThat(items).as("trial that converts").anyMatch(r -> !r.get("trial_end").isEmpty() && r.get("end_date").isEmpty());
        assertThat(items).as("trial that never converts").anyMatch(r -> !r.get("trial_end").isEmpty() && r.get("trial_end").equals(r.get("end_date")));
        assertThat(items).as("expiring discount").anyMatch(r -> !r.get("discount_end").isEmpty());
        assertThat(items).as("percentage discount").anyMatch(r -> !r.get("discount_pct").isEmpty());
        assertThat(items).as("fixed discount").anyMatch(r -> !r.get("discount_amount").isEmpty());
        assertThat(items).as("100 % discount").anyMatch(r -> r.get("discount_pct").equals("100"));
        assertThat(items).as("annual").anyMatch(r -> r.get("billing_interval").equals("year"));
        assertThat(items).as("quarterly").anyMatch(r -> r.get("billing_interval").equals("quarter"));
        assertThat(items).as("weekly").anyMatch(r -> r.get("billing_interval").equals("week"));
        assertThat(items).as("interval count above 1").anyMatch(r -> !r.get("interval_count").equals("1"));
        assertThat(items).as("platform fee").anyMatch(r -> r.get("seat_based").equals("false"));
        assertThat(items).as("cancellation known before it takes effect")
                .anyMatch(r -> !r.get("end_date").isEmpty() && LocalDate.parse(r.get("end_date")).isAfter(LAST_DAY));
        assertThat(planChanges(+1)).as("upgrade").isNotEmpty();
        assertThat(planChanges(-1)).as("downgrade").isNotEmpty();
        assertThat(seatChanges(+1)).as("seats added").isNotEmpty();
        assertThat(seatChanges(-1)).as("seats removed").isNotEmpty();
        assertThat(items.stream().filter(r -> r.get("subscription_id").endsWith("-02")).map(r -> r.get("customer_id")))
                .as("a second subscription").isNotEmpty();

        assertThat(ids(CanonicalEntity.CUSTOMERS, "currency")).contains("USD", "EUR", "GBP");
        assertThat(ids(CanonicalEntity.CUSTOMERS, "segment")).contains("smb", "mid_market", "enterprise");
        assertThat(ids(CanonicalEntity.CUSTOMERS, "region")).contains("NA", "EMEA", "APAC", "LATAM");
        assertThat(ids(CanonicalEntity.CUSTOMERS, "channel")).contains("organic", "paid_search", "outbound", "partner", "referral");
        assertThat(ids(CanonicalEntity.CUSTOMERS, "name")).as("names that need quoting").anyMatch(n -> n.contains(","));

        Map<String, Long> paymentsPerInvoice = rows(CanonicalEntity.PAYMENTS).stream().filter(r -> !r.get("invoice_id").isEmpty())
                .collect(Collectors.groupingBy(r -> r.get("invoice_id"), Collectors.counting()));
        assertThat(paymentsPerInvoice).as("paid in instalments").containsValue(2L);
        Map<String, BigDecimal> paid = sum(CanonicalEntity.PAYMENTS, "invoice_id", "amount");
        assertThat(rows(CanonicalEntity.INVOICES)).as("partly paid, still open")
                .anyMatch(r -> r.get("status").equals("open") && paid.containsKey(r.get("invoice_id")));
        assertThat(rows(CanonicalEntity.INVOICES)).as("late payment").anyMatch(r -> rows(CanonicalEntity.PAYMENTS).stream()
                .anyMatch(p -> p.get("invoice_id").equals(r.get("invoice_id")) && p.get("payment_date").compareTo(r.get("due_date")) > 0));
        assertThat(ids(CanonicalEntity.INVOICES, "status")).contains("open", "paid", "void", "uncollectible");
        assertThat(ids(CanonicalEntity.INVOICES, "tax")).anyMatch(t -> !t.equals("0.00"));
        assertThat(rows(CanonicalEntity.PAYMENTS)).as("unapplied payment").anyMatch(r -> r.get("invoice_id").isEmpty());
        assertThat(rows(CanonicalEntity.CREDIT_NOTES)).as("credit notes").isNotEmpty();
        assertThat(ids(CanonicalEntity.INVOICE_LINES, "line_type")).contains("subscription", "services", "one_time", "usage");
        assertThat(ids(CanonicalEntity.INVOICE_LINES, "amount")).as("proration credit line").anyMatch(a -> a.startsWith("-"));

        List<Map<String, String>> opps = rows(CanonicalEntity.OPPORTUNITIES);
        assertThat(opps).as("won").anyMatch(r -> r.get("is_won").equals("true"));
        assertThat(opps).as("lost").anyMatch(r -> r.get("is_closed").equals("true") && r.get("is_won").equals("false"));
        assertThat(opps).as("open").anyMatch(r -> r.get("is_closed").equals("false"));
        assertThat(opps).as("prospect, no customer").anyMatch(r -> r.get("customer_id").isEmpty());
        assertThat(ids(CanonicalEntity.OPPORTUNITIES, "type")).contains("new", "expansion", "renewal");
        assertThat(ids(CanonicalEntity.OBLIGATIONS, "method")).contains("ratable", "point_in_time", "usage");
        assertThat(rows(CanonicalEntity.OBLIGATIONS)).as("implementation services over 1–3 months")
                .anyMatch(r -> r.get("product_id").equals("prod_implementation"));
        assertThat(rows(CanonicalEntity.CONTRACTS)).as("renewal contract").anyMatch(r -> r.get("contract_id").endsWith("-02"));

        List<String> movements = Extract.read(dir, "truth/mrr_movements.csv").column("movement");
        assertThat(movements).contains("new", "reactivation", "expansion", "contraction", "churn", "fx");
    }

    @Test
    void the_truth_bridge_holds_every_month() {
        List<Map<String, String>> summary = Extract.read(dir, "truth/summary.csv").rows();
        Map<String, BigDecimal> mrr = sum(Extract.read(dir, "truth/mrr_customer_month.csv").rows(), "month", "mrr");
        Map<String, Long> paying = Extract.read(dir, "truth/mrr_customer_month.csv").rows().stream()
                .collect(Collectors.groupingBy(r -> r.get("month"), Collectors.counting()));
        List<Map<String, String>> moves = Extract.read(dir, "truth/mrr_movements.csv").rows();
        BigDecimal previous = BigDecimal.ZERO;
        for (Map<String, String> s : summary) {
            String month = s.get("month");
            BigDecimal moved = BigDecimal.ZERO;
            for (String kind : List.of("new", "reactivation", "expansion", "contraction", "churn", "fx")) {
                BigDecimal fromRows = moves.stream().filter(r -> r.get("month").equals(month) && r.get("movement").equals(kind))
                        .map(r -> new BigDecimal(r.get("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(new BigDecimal(s.get(kind))).as(month + " " + kind).isEqualByComparingTo(fromRows);
                moved = moved.add(fromRows);
            }
            BigDecimal end = mrr.getOrDefault(month, BigDecimal.ZERO);
            assertThat(new BigDecimal(s.get("mrr"))).as(month).isEqualByComparingTo(end);
            assertThat(Long.parseLong(s.get("paying_customers"))).as(month).isEqualTo(paying.getOrDefault(month, 0L));
            assertThat(previous.add(moved)).as("bridge " + month).isEqualByComparingTo(end);
            previous = end;
        }
        assertThat(moves).allSatisfy(r -> assertThat(new BigDecimal(r.get("amount"))).isNotZero());
        assertThat(Extract.read(dir, "truth/mrr_customer_month.csv").rows())
                .allSatisfy(r -> assertThat(new BigDecimal(r.get("mrr_source_currency"))).isPositive());
    }

    @Test
    void the_truth_matches_an_independent_recomputation_from_the_extract() throws IOException {
        for (IndependentTruth.Division division : IndependentTruth.Division.values()) {
            IndependentTruth.Result expected = IndependentTruth.compute(dir, START, MONTHS, division);
            assertThat(dataLines("truth/mrr_customer_month.csv")).as(division.name()).containsExactlyElementsOf(expected.mrrRows());
            assertThat(dataLines("truth/mrr_movements.csv")).as(division.name()).containsExactlyElementsOf(expected.movementRows());
        }
        assertThat(IndependentTruth.compute(dir, START, MONTHS, IndependentTruth.Division.SINGLE_SCALE_12).base()).isEqualTo(START);
    }

    @Test
    void non_usd_customers_show_an_fx_movement_and_constant_currency_differs_from_reporting() {
        List<Map<String, String>> mrr = Extract.read(dir, "truth/mrr_customer_month.csv").rows();
        assertThat(mrr).filteredOn(r -> r.get("currency").equals("USD"))
                .allSatisfy(r -> assertThat(r.get("mrr")).isEqualTo(r.get("mrr_source_currency")).isEqualTo(r.get("mrr_constant_currency")));
        assertThat(mrr).filteredOn(r -> !r.get("currency").equals("USD"))
                .anyMatch(r -> !r.get("mrr").equals(r.get("mrr_constant_currency")));
    }

    private static List<String> dataLines(String file) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(file));
        return lines.subList(1, lines.size());
    }

    private static List<String[]> planChanges(int direction) {
        return changes((a, b) -> Integer.signum(rank(b.get("product_id")) - rank(a.get("product_id"))) == direction
                && rank(a.get("product_id")) >= 0);
    }

    private static List<String[]> seatChanges(int direction) {
        return changes((a, b) -> a.get("product_id").equals(b.get("product_id"))
                && Long.signum(Long.parseLong(b.get("quantity")) - Long.parseLong(a.get("quantity"))) == direction);
    }

    private static List<String[]> changes(java.util.function.BiPredicate<Map<String, String>, Map<String, String>> p) {
        List<String[]> found = new ArrayList<>();
        Map<String, List<Map<String, String>>> bySub = new HashMap<>();
        rows(CanonicalEntity.SUBSCRIPTION_ITEMS).forEach(r -> bySub.computeIfAbsent(r.get("subscription_id"), k -> new ArrayList<>()).add(r));
        for (List<Map<String, String>> items : bySub.values()) {
            for (Map<String, String> a : items) {
                for (Map<String, String> b : items) {
                    if (!a.get("end_date").isEmpty() && a.get("end_date").equals(b.get("start_date"))
                            && a.get("seat_based").equals(b.get("seat_based")) && p.test(a, b)) {
                        found.add(new String[] {a.get("item_id"), b.get("item_id")});
                    }
                }
            }
        }
        return found;
    }

    private static int rank(String product) {
        return List.of("prod_starter", "prod_growth", "prod_business").indexOf(product);
    }

    static List<String> ids(CanonicalEntity e, String column) {
        return files.get(e).column(column);
    }

    private static Map<String, String> index(CanonicalEntity e, String key, String value) {
        Map<String, String> m = new HashMap<>();
        rows(e).forEach(r -> m.put(r.get(key), r.get(value)));
        return m;
    }

    private static Map<String, BigDecimal> sum(CanonicalEntity e, String key, String amount) {
        return sum(rows(e), key, amount);
    }

    private static Map<String, BigDecimal> sum(List<Map<String, String>> rows, String key, String amount) {
        Map<String, BigDecimal> m = new HashMap<>();
        rows.stream().filter(r -> !r.get(key).isEmpty()).forEach(r -> m.merge(r.get(key), new BigDecimal(r.get(amount)), BigDecimal::add));
        return m;
    }
}
