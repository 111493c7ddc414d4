package io.revlake.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.ingest.ReaderRun;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping language's lookups across objects, field cases, tier pricing and date intervals. */
class MappingLookupTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    static final String PLANS = """
            {"source": "shop", "lookups": {"plan": {"when": {"kind": "plan"}, "key": "code"}},
             "rules": [{"entity": "subscription_items", "when": {"kind": "sub"},
               "fields": {"item_id": "id", "subscription_id": "id", "customer_id": "cust", "start_date": "start",
                          "billing_interval": "plan.@plan.every", "currency": "plan.@plan.cur",
                          "unit_amount": [{"when": {"plan.@plan.free": true}, "const": "0"},
                                          {"path": "plan.@plan.price"}],
                          "discount_pct": {"path": "promo.@plan?.pct"},
                          "seat_based": {"when": {"seats": {"present": true}}, "const": "true"}}}]}""";

    @Test
    void a_path_step_resolves_an_id_through_a_lookup_of_the_same_folder_and_names_the_id_it_cannot() throws Exception {
        Mapping m = Mapping.parse(PLANS);
        Files.writeString(tmp.resolve("plans.json"), """
                [{"kind": "plan", "code": "P1", "every": "month", "cur": "EUR", "price": "12.50"},
                 {"kind": "plan", "code": "FREE", "every": "year", "cur": "EUR", "price": "99", "free": true}]""");
        Path subs = Files.writeString(tmp.resolve("subs.jsonl"), String.join("\n",
                "{\"kind\": \"sub\", \"id\": \"s1\", \"cust\": \"c1\", \"start\": \"2024-01-01\", \"plan\": \"P1\", \"seats\": 3}",
                "{\"kind\": \"sub\", \"id\": \"s2\", \"cust\": \"c1\", \"start\": \"2024-01-01\", \"plan\": \"FREE\", \"promo\": \"NOPE\"}",
                "{\"kind\": \"sub\", \"id\": \"s3\", \"cust\": \"c1\", \"start\": \"2024-01-01\", \"plan\": {\"every\": \"week\", \"cur\": \"USD\", \"price\": 1}}",
                "{\"kind\": \"sub\", \"id\": \"s4\", \"cust\": \"c1\", \"start\": \"2024-01-01\", \"plan\": \"P9\"}"));
        MappedSourceReader reader = new MappedSourceReader(m);
        ReaderRun run = ReaderRun.of(reader, subs);
        Map<String, String> s1 = run.accepted().get(0).values();
        assertThat(s1).containsEntry("billing_interval", "month").containsEntry("currency", "EUR")
                .containsEntry("unit_amount", "12.50").containsEntry("seat_based", "true");
        // a case whose "when" holds decides, an optional step (@plan?) reads an unknown id as empty
        assertThat(run.accepted().get(1).values()).containsEntry("unit_amount", "0").containsEntry("discount_pct", null)
                .containsEntry("billing_interval", "year").containsEntry("seat_based", null);
        // an object in place of the id is taken as it is (already expanded)
        assertThat(run.accepted().get(2).values()).containsEntry("billing_interval", "week").containsEntry("unit_amount", "1");
        assertThat(run.reasonOf("s4")).isEqualTo(
                "UNRESOLVED_REFERENCE: plan 'P9' (plan) is an id and no plan object with that id is in the batch");
        assertThat(run.records()).hasSize(4);
        // the file of plans is a dependency (a changed plan re-ingests the subscriptions); the file itself is not
        assertThat(reader.dependencies(subs)).containsExactly(tmp.resolve("plans.json").toAbsolutePath());
        assertThat(reader.dependencies(tmp.resolve("plans.json"))).isEmpty();
        // the plans file holds no rule's record: it is reported, not ingested
        assertThat(ReaderRun.of(reader, tmp.resolve("plans.json")).records()).isEmpty();
    }

    @Test
    void a_changed_lookup_file_is_read_again() throws Exception {
        MappedSourceReader reader = new MappedSourceReader(Mapping.parse(PLANS));
        Path subs = Files.writeString(tmp.resolve("subs.jsonl"),
                "{\"kind\": \"sub\", \"id\": \"s1\", \"cust\": \"c1\", \"start\": \"2024-01-01\", \"plan\": \"P1\"}");
        assertThat(ReaderRun.of(reader, subs).reasonOf("s1")).startsWith("UNRESOLVED_REFERENCE: plan 'P1'");
        Files.writeString(tmp.resolve("plans.json"),
                "{\"kind\": \"plan\", \"code\": \"P1\", \"every\": \"month\", \"cur\": \"EUR\", \"price\": \"5\"}");
        assertThat(ReaderRun.of(reader, subs).accepted()).singleElement()
                .satisfies(r -> assertThat(r.values()).containsEntry("unit_amount", "5"));
    }

    @Test
    void lookups_and_cases_are_checked_when_the_mapping_is_loaded() {
        assertThatThrownBy(() -> Mapping.parse("""
                {"source": "x", "lookups": {"plan": {"key": "id"}}, "rules": [{"entity": "customers", "fields": {"customer_id": "id"}}]}"""))
                .hasMessage("lookup plan needs \"when\": which records it holds");
        assertThatThrownBy(() -> Mapping.parse("""
                {"source": "x", "rules": [{"entity": "customers", "fields": {"customer_id": [["id"]]}}]}"""))
                .hasMessageStartingWith("customers.customer_id[0]: cases cannot be nested");
        assertThatThrownBy(() -> Mapping.parse("""
                {"source": "x", "rules": [{"entity": "subscription_items", "fields": {"unit_amount": {"tiers": {"paths": ["t"], "mode": ["m"]}}}}]}"""))
                .hasMessage("subscription_items.unit_amount: tiers needs \"currency\": the path of the currency");
    }

    static BigDecimal total(String tiers, String mode, String q) throws Exception {
        return Tiers.total(json(tiers), mode, new BigDecimal(q), "price p");
    }

    static final String TIERS = """
            [{"up_to": 10, "unit_amount_decimal": "1000", "flat_amount": 5000},
             {"up_to": 50, "unit_amount": 800, "flat_amount_decimal": "2000"},
             {"up_to": "inf", "unit_amount": 600}]""";

    @Test
    void volume_tiers_price_the_whole_quantity_in_its_tier_and_graduated_tiers_each_slice() throws Exception {
        // volume, in minor units: 10 → tier 1 (up_to inclusive): 10 × 1000 + 5000; 11 → tier 2: 11 × 800 + 2000;
        // 51 → tier 3: 51 × 600; 0 → tier 1's flat amount alone
        assertThat(total(TIERS, "volume", "10")).isEqualByComparingTo("15000");
        assertThat(total(TIERS, "volume", "11")).isEqualByComparingTo("10800");
        assertThat(total(TIERS, "volume", "51")).isEqualByComparingTo("30600");
        assertThat(total(TIERS, "volume", "0")).isEqualByComparingTo("5000");
        // graduated: 10 → 10 × 1000 + 5000; 11 → 15000 + 1 × 800 + 2000; 60 → 15000 + 40 × 800 + 2000 + 10 × 600
        assertThat(total(TIERS, "graduated", "10")).isEqualByComparingTo("15000");
        assertThat(total(TIERS, "graduated", "11")).isEqualByComparingTo("17800");
        assertThat(total(TIERS, "graduated", "60")).isEqualByComparingTo("55000");
        assertThat(total(TIERS, "graduated", "0")).isEqualByComparingTo("0");
        // sub-cent unit amounts stay exact: 3 × 0.125 + 2 × 0.1
        assertThat(total("[{\"up_to\": 3, \"unit_amount_decimal\": \"0.125\"}, {\"up_to\": null, \"unit_amount_decimal\": \"0.1\"}]",
                "graduated", "5")).isEqualByComparingTo("0.575");
    }

    @Test
    void tiers_that_cannot_price_a_quantity_are_rejected_with_a_reason() {
        assertThatThrownBy(() -> total("[{\"up_to\": 10, \"unit_amount\": 1}]", "volume", "11"))
                .isInstanceOf(MappingException.class)
                .hasMessage("quantity 11 of price p is above its last tier (up to 10)");
        assertThatThrownBy(() -> total("[{\"up_to\": null, \"unit_amount\": 1}, {\"up_to\": 5, \"unit_amount\": 1}]", "volume", "1"))
                .hasMessage("price p tier 1 is unbounded but is not the last tier");
        assertThatThrownBy(() -> total("[{\"up_to\": 5, \"unit_amount\": 1}, {\"up_to\": 5, \"unit_amount\": 1}]", "volume", "1"))
                .hasMessage("price p tier 2 up_to 5 is not above the previous tier's 5");
        assertThatThrownBy(() -> total("[{\"up_to\": null, \"unit_amount\": \"ten\"}]", "volume", "1"))
                .hasMessage("price p tier 1 unit_amount 'ten' is not a number");
    }

    @Test
    void a_tiered_field_yields_an_exact_unit_amount_and_quantity_whose_product_is_the_total() throws Exception {
        String spec = """
                {"source": "x", "rules": [{"entity": "subscription_items", "fields": {
                  "item_id": "id", "subscription_id": "id", "customer_id": "id", "start_date": {"const": "2024-01-01"},
                  "billing_interval": {"const": "month"}, "currency": "cur",
                  "quantity": {"tiers": {"paths": ["tiers"], "mode": ["mode"], "quantity": ["q"], "yield": "quantity"}, "currency": "cur"},
                  "unit_amount": {"tiers": {"paths": ["tiers"], "mode": ["mode"], "quantity": ["q"], "yield": "unit_amount"}, "currency": "cur"}},
                  "extras": {"amount": {"tiers": {"paths": ["tiers"], "mode": ["mode"], "quantity": ["q"]}, "currency": "cur"}}}]}""";
        MappedSourceReader reader = new MappedSourceReader(Mapping.parse(spec));
        String tiers = TIERS.replace("\n", "");
        Path f = Files.writeString(tmp.resolve("items.jsonl"), String.join("\n",
                "{\"id\": \"a\", \"cur\": \"USD\", \"mode\": \"graduated\", \"q\": 10, \"tiers\": " + tiers + "}",
                "{\"id\": \"b\", \"cur\": \"USD\", \"mode\": \"graduated\", \"q\": 11, \"tiers\": " + tiers + "}",
                "{\"id\": \"c\", \"cur\": \"KWD\", \"mode\": \"volume\", \"q\": 8, \"tiers\": [{\"up_to\": null, \"unit_amount\": 1001}]}",
                "{\"id\": \"d\", \"cur\": \"USD\", \"mode\": \"stairs\", \"q\": 1, \"tiers\": " + tiers + "}",
                "{\"id\": \"e\", \"cur\": \"USD\", \"mode\": \"volume\", \"q\": 1}"));
        ReaderRun run = ReaderRun.of(reader, f);
        // 150.00 for 10: 15.00 each
        assertThat(run.accepted().get(0).values()).containsEntry("quantity", "10").containsEntry("unit_amount", "15.00");
        // 178.00 for 11 is not exact (16.1818…): one unit of 178.00, the quantity kept as an extra by the mapping
        assertThat(run.accepted().get(1).values()).containsEntry("quantity", "1").containsEntry("unit_amount", "178.00");
        assertThat(run.accepted().get(1).extras()).containsEntry("amount", "178.00");
        // KWD has 3 decimals: 8 × 1.001 = 8.008; 1.001 each
        assertThat(run.accepted().get(2).values()).containsEntry("quantity", "8").containsEntry("unit_amount", "1.001");
        assertThat(run.reasonOf("d")).isEqualTo("INVALID_VALUE: price is tiered but its tiers mode 'stairs' is unknown "
                + "(expected volume or graduated)");
        assertThat(run.reasonOf("e")).isEqualTo("MISSING_VALUE: price is tiered (volume) but its tiers are not present, "
                + "so the amount of quantity 1 cannot be computed");
    }

    @Test
    void add_interval_moves_a_date_by_a_count_of_units_read_from_the_record() throws Exception {
        AddInterval add = AddInterval.parse("f", json("{\"count\": [\"n\"], \"unit\": [\"u\"]}"));
        assertThat(add.apply(new Scope(json("{\"n\": 3, \"u\": \"month\"}"), null), "2024-01-31", "start"))
                .isEqualTo("2024-04-30");
        assertThat(add.apply(new Scope(json("{\"n\": 2, \"u\": \"week\"}"), null), "2024-01-01", "start"))
                .isEqualTo("2024-01-15");
        assertThat(add.apply(new Scope(json("{\"n\": 1, \"u\": \"year\"}"), null), "2024-02-29", "start"))
                .isEqualTo("2025-02-28");
        assertThatThrownBy(() -> add.apply(new Scope(json("{\"u\": \"month\"}"), null), "2024-01-01", "start"))
                .isInstanceOf(MappingException.class)
                .hasMessage("start + n × u cannot be computed: the count is empty");
        assertThatThrownBy(() -> add.apply(new Scope(json("{\"n\": 1, \"u\": \"fortnight\"}"), null), "2024-01-01", "start"))
                .hasMessage("start + n × u: unit 'fortnight' is not one of day, week, month, year");
        AddInterval months = AddInterval.parse("f", json("{\"count\": {\"const\": 3}, \"unit\": {\"const\": \"month\"}}"));
        assertThat(months.apply(new Scope(json("{}"), null), "2024-02-01", "start")).isEqualTo("2024-05-01");
    }
}
