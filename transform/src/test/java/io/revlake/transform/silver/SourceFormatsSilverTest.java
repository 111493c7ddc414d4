package io.revlake.transform.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.ingest.IngestJob;
import io.revlake.ingest.IngestReport;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.sample.formats.SourceFormat;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One generated company written twice, as the canonical extract and in the sources' own formats (Salesforce Data
 * Export, Stripe API JSON, NetSuite tables; {@link SourceFormat}), ingested through each source's connector into its
 * own warehouse: the silver tables are equal row for row, lineage columns aside.
 *
 * <p>Warehouse {@code sources} gets Stripe (billing: items, invoices, lines, credit notes, payments; its customers
 * lose to the Salesforce accounts, which carry an {@code updated_at}) and Salesforce (customers, opportunities,
 * contracts; and the opportunity lines and products the canonical extract does not have). Warehouse {@code erp} gets the NetSuite tables, compared on the receivables they carry. The only
 * differences allowed are the fields a format cannot carry, listed in {@link #GAPS} with the reason, each narrowed to
 * the rows it concerns.
 */
class SourceFormatsSilverTest {
    static SparkSession spark;
    @TempDir
    static Path tmp;
    static String canonical;
    static String sources;
    static String erp;
    static final List<IngestReport> sourceReports = new ArrayList<>();
    static final List<String> log = new ArrayList<>();

    /** A field a format cannot carry: set to null on both sides for the rows where {@code when} holds (canonical row). */
    record Gap(String warehouse, CanonicalEntity entity, String column, Predicate<Map<String, Object>> when, String reason) {
    }

    static final Predicate<Map<String, Object>> ALL = r -> true;

    static final List<Gap> GAPS = List.of(
            new Gap("sources", CanonicalEntity.CUSTOMERS, "crm_account_id", ALL,
                    "a Salesforce account's Id is both its key and its CRM id; the canonical extract keys customers apart from the CRM id"),
            new Gap("sources", CanonicalEntity.SUBSCRIPTION_ITEMS, "updated_at", ALL,
                    "Stripe subscriptions and items have no last-modified time"),
            new Gap("sources", CanonicalEntity.SUBSCRIPTION_ITEMS, "seat_based", r -> Boolean.FALSE.equals(r.get("seat_based")),
                    "Stripe's licensed prices are all per unit: a flat fee (quantity 1) reads as seat based"),
            new Gap("sources", CanonicalEntity.INVOICES, "updated_at", ALL,
                    "Stripe invoices have no last-modified time"),
            new Gap("sources", CanonicalEntity.INVOICE_LINES, "line_type", r -> Set.of("usage", "services").contains(r.get("line_type")),
                    "Stripe has two kinds of lines, subscription and invoice item: usage and services lines arrive as one_time"),
            new Gap("sources", CanonicalEntity.INVOICE_LINES, "obligation_id", ALL,
                    "Stripe has no revenue obligations"),
            new Gap("sources", CanonicalEntity.INVOICE_LINES, "service_start", r -> r.get("service_start") == null,
                    "every Stripe line has a period: a line without a service period is written for its invoice date"),
            new Gap("sources", CanonicalEntity.INVOICE_LINES, "service_end", r -> r.get("service_start") == null,
                    "every Stripe line has a period: a line without a service period is written for its invoice date"),
            new Gap("sources", CanonicalEntity.OPPORTUNITIES, "owner", ALL,
                    "an opportunity holds OwnerId; the owner's name is in User.csv, which the connector does not read"),
            new Gap("erp", CanonicalEntity.INVOICES, "status", r -> "uncollectible".equals(r.get("status")),
                    "a NetSuite invoice has no uncollectible status (bad debt is written off by a separate transaction): written open"));

    @BeforeAll
    static void ingestBothWays() throws Exception {
        spark = SparkSessions.shared();
        Path extract = tmp.resolve("canonical");
        // Seed 36 gives, in 50 customers, weekly, monthly, quarterly and annual items, both kinds of discount,
        // trials, EUR and GBP, void and uncollectible invoices, every kind of line, credit notes, unapplied payments and
        // every opportunity type (asserted below).
        SampleCompanyGenerator.generate(new GeneratorConfig(50, 12, 36, YearMonth.of(2024, 1)), extract);
        for (SourceFormat f : SourceFormat.values()) {
            f.write(extract, tmp.resolve(f.source()));
        }
        canonical = tmp.resolve("wh-canonical").toString();
        sources = tmp.resolve("wh-sources").toString();
        erp = tmp.resolve("wh-erp").toString();
        new IngestJob(spark, canonical, log::add).run(extract);
        new SilverJob(spark, canonical, log::add).run();
        // Stripe first: a customer in both keeps the Salesforce account (it has updated_at; equal times: the later batch).
        for (String source : List.of("stripe", "salesforce")) {
            sourceReports.add(new IngestJob(spark, sources, log::add, source).run(tmp.resolve(source)));
        }
        new SilverJob(spark, sources, log::add).run();
        sourceReports.add(new IngestJob(spark, erp, log::add, "erp").run(tmp.resolve("erp")));
        new SilverJob(spark, erp, log::add).run();
    }

    @Test
    void every_record_written_in_the_source_formats_is_accepted() {
        for (IngestReport r : sourceReports) {
            r.files().forEach(f -> assertThat(f.rowsRejected()).as(f.fileName() + ": " + f.message()).isZero());
        }
    }

    @Test
    void stripe_and_salesforce_give_the_canonical_silver_tables() {
        for (CanonicalEntity e : List.of(CanonicalEntity.CUSTOMERS, CanonicalEntity.SUBSCRIPTION_ITEMS,
                CanonicalEntity.INVOICES, CanonicalEntity.INVOICE_LINES, CanonicalEntity.PAYMENTS,
                CanonicalEntity.CREDIT_NOTES, CanonicalEntity.OPPORTUNITIES, CanonicalEntity.CONTRACTS)) {
            assertSameRows("sources", sources, e);
        }
    }

    /**
     * The canonical extract has no opportunity lines or products; the Salesforce format writes one line per obligation of
     * a contract that closed an opportunity, and the products those lines sell.
     */
    @Test
    void salesforce_opportunity_lines_and_products_carry_the_obligations_of_contracts_won_from_opportunities() {
        Map<String, Map<String, Object>> contracts = rows(canonical, CanonicalEntity.CONTRACTS);
        Map<String, String> expectedLines = new TreeMap<>();
        Map<String, String> expectedProducts = new TreeMap<>();
        rows(canonical, CanonicalEntity.OBLIGATIONS).values().forEach(ob -> {
            Map<String, Object> contract = contracts.get((String) ob.get("contract_id"));
            if (contract.get("opportunity_id") != null) {
                expectedLines.put("00k" + ob.get("obligation_id"), contract.get("opportunity_id") + " "
                        + ob.get("product_id") + " " + ob.get("ssp") + " " + contract.get("currency"));
                if (ob.get("product_id") != null) {
                    expectedProducts.putIfAbsent((String) ob.get("product_id"), (String) ob.get("method"));
                }
            }
        });
        Map<String, String> lines = new TreeMap<>();
        rows(sources, CanonicalEntity.OPPORTUNITY_LINES).forEach((id, r) -> lines.put(id, r.get("opportunity_id") + " "
                + r.get("product_id") + " " + r.get("total_price") + " " + r.get("currency")));
        assertThat(lines).isNotEmpty().isEqualTo(expectedLines);
        Map<String, String> products = new TreeMap<>();
        rows(sources, CanonicalEntity.PRODUCTS).forEach((id, r) -> products.put(id, (String) r.get("recognition_method")));
        assertThat(products).isNotEmpty().isEqualTo(expectedProducts);
        assertThat(DeltaTables.exists(spark, Tables.silver(CanonicalEntity.OPPORTUNITY_LINES), canonical)).isFalse();
    }

    /** Silver keeps the Salesforce account of a customer; what the Stripe customer says is checked in bronze. */
    @Test
    void stripe_customers_carry_name_country_currency_creation_and_the_other_systems_ids() {
        List<String> fields = List.of("customer_id", "name", "country", "currency", "created_at", "crm_account_id",
                "erp_customer_id");
        assertThat(bronzeLines(sources, "stripe", fields)).isNotEmpty()
                .containsExactlyElementsOf(bronzeLines(canonical, "canonical", fields));
    }

    static List<String> bronzeLines(String warehouse, String source, List<String> fields) {
        return DeltaTables.read(spark, Tables.bronze(source, CanonicalEntity.CUSTOMERS), warehouse)
                .selectExpr(fields.toArray(String[]::new)).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void netsuite_gives_the_canonical_receivables() {
        for (CanonicalEntity e : List.of(CanonicalEntity.INVOICES, CanonicalEntity.PAYMENTS, CanonicalEntity.CREDIT_NOTES)) {
            assertSameRows("erp", erp, e);
        }
    }

    @Test
    void the_company_has_the_cases_the_formats_must_carry() {
        List<String> cases = new ArrayList<>();
        rows(canonical, CanonicalEntity.SUBSCRIPTION_ITEMS).values().forEach(r -> {
            cases.add("interval " + r.get("billing_interval"));
            cases.add("currency " + r.get("currency"));
            if (r.get("discount_pct") != null) cases.add("discount_pct");
            if (r.get("discount_amount") != null) cases.add("discount_amount");
            if (r.get("discount_end") != null) cases.add("discount_end");
            if (r.get("trial_end") != null) cases.add("trial_end");
            if (r.get("end_date") != null) cases.add("ended item");
        });
        rows(canonical, CanonicalEntity.INVOICES).values().forEach(r -> cases.add("invoice " + r.get("status")));
        rows(canonical, CanonicalEntity.INVOICE_LINES).values().forEach(r -> cases.add("line " + r.get("line_type")));
        rows(canonical, CanonicalEntity.PAYMENTS).values().forEach(r -> cases.add(r.get("invoice_id") == null ? "unapplied payment" : "payment"));
        rows(canonical, CanonicalEntity.OPPORTUNITIES).values().forEach(r -> cases.add("opportunity " + r.get("type")));
        rows(canonical, CanonicalEntity.CONTRACTS).values().forEach(r -> cases.add(r.get("opportunity_id") == null ? "contract" : "contract of an opportunity"));
        assertThat(cases).contains("interval week", "interval month", "interval quarter", "interval year",
                "currency USD", "currency EUR", "currency GBP", "discount_pct", "discount_amount", "discount_end",
                "trial_end", "ended item", "invoice paid", "invoice open", "invoice void", "invoice uncollectible", "line subscription",
                "line usage", "line services", "line one_time", "unapplied payment", "opportunity new",
                "opportunity expansion", "opportunity renewal", "contract", "contract of an opportunity");
        assertThat(rows(canonical, CanonicalEntity.CREDIT_NOTES)).isNotEmpty();
    }

    /** Each gap is needed: without it the column differs on some row (so the comparison does see differences). */
    @Test
    void every_gap_is_a_real_difference() {
        for (Gap g : GAPS) {
            Map<String, Map<String, Object>> expected = expected(g.warehouse(), g.entity());
            Map<String, Map<String, Object>> actual = rows(g.warehouse().equals("sources") ? sources : erp, g.entity());
            long differing = expected.entrySet().stream().filter(e -> g.when().test(e.getValue()))
                    .filter(e -> actual.containsKey(e.getKey())
                            && !Objects.equals(e.getValue().get(g.column()), actual.get(e.getKey()).get(g.column())))
                    .count();
            assertThat(differing).as("%s.%s: %s", g.entity().fileStem(), g.column(), g.reason()).isPositive();
        }
    }

    /** The canonical silver rows, in the words of the format (Stripe has no quarter interval: every 3 months). */
    static Map<String, Map<String, Object>> expected(String name, CanonicalEntity e) {
        Map<String, Map<String, Object>> expected = rows(canonical, e);
        if (e == CanonicalEntity.SUBSCRIPTION_ITEMS && name.equals("sources")) {
            expected.values().stream().filter(r -> "quarter".equals(r.get("billing_interval"))).forEach(r -> {
                r.put("billing_interval", "month");
                r.put("interval_count", 3 * ((Number) r.get("interval_count")).intValue());
            });
        }
        return expected;
    }

    static void assertSameRows(String name, String warehouse, CanonicalEntity e) {
        Map<String, Map<String, Object>> expected = expected(name, e);
        Map<String, Map<String, Object>> actual = rows(warehouse, e);
        assertThat(expected).as("canonical silver.%s", e.fileStem()).isNotEmpty();
        for (Gap g : GAPS) {
            if (g.warehouse().equals(name) && g.entity() == e) {
                expected.forEach((key, row) -> {
                    if (g.when().test(row)) {
                        row.put(g.column(), null);
                        if (actual.containsKey(key)) {
                            actual.get(key).put(g.column(), null);
                        }
                    }
                });
            }
        }
        assertThat(lines(actual)).as("silver.%s from %s", e.fileStem(), name).containsExactlyElementsOf(lines(expected));
    }

    static List<String> lines(Map<String, Map<String, Object>> rows) {
        return rows.values().stream().map(Object::toString).toList();
    }

    /** Key → the row's canonical fields (lineage left out), values normalised for comparison. */
    static Map<String, Map<String, Object>> rows(String warehouse, CanonicalEntity e) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        List<String> fields = e.fieldNames();
        for (Row r : DeltaTables.read(spark, Tables.silver(e), warehouse).selectExpr(fields.toArray(String[]::new)).collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                Object v = r.get(i);
                m.put(fields.get(i), v instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString() : v);
            }
            String key = String.join("|", e.key().stream().map(k -> Objects.toString(m.get(k))).toList());
            out.put(key, m);
        }
        return out;
    }
}
