package io.revlake.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping language itself: paths, transforms, value maps, checks, and errors in a mapping file. */
class MappingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void paths_match_names_case_insensitively_read_expanded_ids_and_the_parent() throws Exception {
        Scope s = new Scope(json("""
                {"AccountId": "001", "price": "price_1", "plan": {"id": "plan_1"}, "items": [{"id": "a"}], "n": 12.50}"""),
                json("{\"id\": \"sub_1\"}"));
        assertThat(s.text("accountid")).isEqualTo("001");
        assertThat(s.text("price.id")).isEqualTo("price_1");
        assertThat(s.text("plan.id")).isEqualTo("plan_1");
        assertThat(s.text("items.0.id")).isEqualTo("a");
        assertThat(s.text("$parent.id")).isEqualTo("sub_1");
        assertThat(s.text("n")).isEqualTo("12.5");
        assertThat(s.text("account_id")).isNull();
        assertThat(new Scope(s.node(), null, true).text("account_id")).isEqualTo("001");
    }

    @Test
    void minor_units_respect_zero_and_three_decimal_currencies() throws Exception {
        assertThat(Transforms.minorUnits("1999", "amount", "usd")).isEqualTo("19.99");
        assertThat(Transforms.minorUnits("1000", "amount", "JPY")).isEqualTo("1000");
        assertThat(Transforms.minorUnits("1000", "amount", "krw")).isEqualTo("1000");
        assertThat(Transforms.minorUnits("1230", "amount", "KWD")).isEqualTo("1.230");
        assertThat(Transforms.minorUnits("-250", "amount", "eur")).isEqualTo("-2.50");
        assertThat(Transforms.minorUnits("12.5", "unit_amount_decimal", "usd")).isEqualTo("0.125");
        assertThatThrownBy(() -> Transforms.minorUnits("100", "amount", "currency"))
                .isInstanceOf(MappingException.class).hasMessage(
                        "currency 'currency' of amount is not an ISO 4217 code, so the minor-unit amount 100 cannot be converted");
    }

    @Test
    void dates_timestamps_and_booleans_are_normalised_and_unknown_forms_pass_through_to_validation() throws Exception {
        assertThat(Transforms.apply("epoch_date", "1704067200", "created", null)).isEqualTo("2024-01-01");
        assertThat(Transforms.apply("epoch_timestamp", "1704067200", "created", null)).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(Transforms.apply("date", "2018-12-19 00:00:00", "close_date", null)).isEqualTo("2018-12-19");
        assertThat(Transforms.apply("date", "2020-12-22T21:16:01Z", "closedate", null)).isEqualTo("2020-12-22");
        assertThat(Transforms.apply("timestamp", "2018-12-10T17:03:22.000+0000", "c", null)).isEqualTo("2018-12-10T17:03:22.000+00:00");
        assertThat(Transforms.apply("timestamp", "2019-04-04 18:47:01", "c", null)).isEqualTo("2019-04-04T18:47:01");
        for (String t : new String[] {"true", "TRUE", "T", "t", "1", "yes"}) {
            assertThat(Transforms.apply("boolean", t, "b", null)).isEqualTo("true");
        }
        assertThat(Transforms.apply("boolean", "F", "b", null)).isEqualTo("false");
        assertThat(Transforms.apply("boolean", "maybe", "b", null)).isEqualTo("maybe");
        assertThat(Transforms.apply("next_day", "2024-02-28", "e", null)).isEqualTo("2024-02-29");
        assertThatThrownBy(() -> Transforms.apply("epoch_date", "2024-01-01", "created", null))
                .hasMessage("created '2024-01-01' is not valid (expected Unix epoch seconds)");
    }

    @Test
    void a_user_mapping_adds_a_field_constants_value_maps_and_reads_another_export_without_java() throws Exception {
        Mapping m = Mapping.parse("""
                {"source": "billing_x", "rules": [{
                  "entity": "customers", "file": "clients\\\\.csv", "keep_unmapped_columns": true,
                  "fields": {"customer_id": "Client No", "name": "Client", "segment": {"path": "Tier", "map": {"A": "enterprise", "B": "smb"}},
                             "channel": {"const": "partner"}, "currency": {"path": "Cur", "transform": "upper", "default": "EUR"},
                             "crm_account_id": "SFDC"}
                }]}""");
        Path file = Files.writeString(tmp.resolve("clients.csv"), "Client No,Client,Tier,Cur,SFDC,Notes\n7,Seven,a,,001X,vip\n7,Dup,b,usd,,\n");
        ReaderRun run = ReaderRun.of(new MappedSourceReader(m), file);
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly("7|Seven|enterprise|partner|EUR|001X");
        assertThat(run.accepted().get(0).extras()).containsEntry("Notes", "vip");
        assertThat(run.outcome().unknownColumns()).containsExactly("Notes");
        assertThat(run.reasonOf("Dup")).isEqualTo("DUPLICATE_KEY: customer_id 7 already appears earlier in this file");
        assertThat(run.records()).extracting(SourceRecord::locator).containsExactly("line 2 → customers", "line 3 → customers");
        assertThat(new MappedSourceReader(m).whyNot(tmp.resolve("other.csv")))
                .isEqualTo("no billing_x mapping rule matches this file name");
    }

    @Test
    void a_mapping_naming_an_unknown_field_transform_or_entity_fails_when_loaded() {
        assertThatThrownBy(() -> Mapping.parse("""
                {"source": "x", "rules": [{"entity": "customers", "fields": {"customer_no": "id"}}]}"""))
                .hasMessageStartingWith("customers: 'customer_no' is not a canonical field (expected one of customer_id, name");
        assertThatThrownBy(() -> Mapping.parse("""
                {"source": "x", "rules": [{"entity": "customers", "fields": {"customer_id": {"path": "id", "transform": "cents"}}}]}"""))
                .hasMessageStartingWith("customers.customer_id: unknown transform cents (expected one of boolean, date");
        assertThatThrownBy(() -> Mapping.parse("""
                {"source": "x", "rules": [{"entity": "clients", "fields": {}}]}"""))
                .hasMessage("unknown canonical entity 'clients'");
        assertThatThrownBy(() -> Mapping.parse("""
                {"source": "x", "rules": [{"entity": "payments", "fields": {"amount": {"path": "a", "transform": "minor_units"}}}]}"""))
                .hasMessage("payments.amount: minor_units needs \"currency\": the path of the currency");
    }

    @Test
    void the_built_in_mappings_load() {
        assertThat(Mapping.builtIn("stripe").rules()).hasSize(10);
        assertThat(Mapping.builtIn("salesforce").looseNames()).isTrue();
    }
}
