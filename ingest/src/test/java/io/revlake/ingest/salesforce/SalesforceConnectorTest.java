package io.revlake.ingest.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Salesforce exports → canonical records through revlake/mappings/salesforce.json, without Spark. The expected rows
 * below were written by hand from the fixture files in src/test/resources/connectors/salesforce.
 */
class SalesforceConnectorTest {
    static final SourceReader SALESFORCE = SourceReaders.forName("salesforce");
    static Map<String, ReaderRun> samples;
    static Map<String, ReaderRun> fixtures;

    @BeforeAll
    static void readEverything() throws Exception {
        samples = ReaderRun.all(SALESFORCE, ReaderRun.shared("salesforce"));
        fixtures = ReaderRun.all(SALESFORCE, Path.of("src/test/resources/connectors/salesforce"));
    }

    @Test
    void every_mapped_sample_is_read_and_orders_and_users_are_left_out() {
        assertThat(samples.keySet()).containsExactlyInAnyOrder(
                "fivetran-warehouse/sf_account_data.csv", "fivetran-warehouse/sf_opportunity_data.csv",
                "fivetran-warehouse/sf_opportunity_history_data.csv",
                "fivetran-warehouse/sf_opportunity_line_item_data.csv", "fivetran-warehouse/sf_product_2_data.csv",
                "sobject-tree/apex-recipes/Accounts.csv", "sobject-tree/apex-recipes/Accounts.json",
                "sobject-tree/apex-recipes/Opportunities.csv", "sobject-tree/apex-recipes/Opportunities.json",
                "sobject-tree/lwc-recipes/Accounts.json", "sobject-tree/lwc-recipes/Opportunities.json");
        for (String ignored : new String[] {"sf_order_data.csv", "sf_user_data.csv"}) {
            assertThat(SALESFORCE.whyNot(ReaderRun.shared("salesforce", "fivetran-warehouse", ignored)))
                    .isEqualTo("no salesforce mapping rule matches this file name");
        }
        // 250 accounts and opportunities, 10 history versions, 10 opportunity lines, 2 products
        assertThat(samples.values().stream().mapToLong(r -> r.records().size()).sum()).isEqualTo(272);
    }

    @Test
    void sobject_tree_accounts_take_their_reference_id_and_opportunities_point_at_it() {
        ReaderRun accounts = samples.get("sobject-tree/lwc-recipes/Accounts.json");
        assertThat(accounts.accepted()).hasSize(10);
        assertThat(ReaderRun.line(accounts.accepted().get(0)))
                .isEqualTo("AccountRef1|Alpha Dynamics|||||||AccountRef1|||");
        assertThat(samples.get("sobject-tree/apex-recipes/Accounts.json").accepted()).hasSize(50);
    }

    @Test
    void sobject_tree_opportunities_without_is_won_and_is_closed_are_quarantined_not_guessed_from_stage_names() {
        ReaderRun lwc = samples.get("sobject-tree/lwc-recipes/Opportunities.json");
        assertThat(lwc.reasons()).isEqualTo(Map.of("MISSING_VALUE", 20L));
        assertThat(lwc.reasonOf("OpportunityRef1")).isEqualTo("MISSING_VALUE: is_closed is required but empty");
        assertThat(lwc.rejected().get(0).values()).containsEntry("customer_id", "AccountRef1")
                .containsEntry("close_date", "2025-06-30").containsEntry("amount", "125000");
        ReaderRun apex = samples.get("sobject-tree/apex-recipes/Opportunities.json");
        assertThat(apex.rejected().get(0).values()).containsEntry("amount", "119373.34")
                .containsEntry("close_date", "2020-12-22").containsEntry("customer_id", "AccountRef32");
        assertThat(samples.get("sobject-tree/apex-recipes/Accounts.csv").reasonOf("Zoonoodle 37"))
                .isEqualTo("MISSING_VALUE: customer_id is required but empty");
    }

    @Test
    void warehouse_rows_flagged_is_deleted_become_tombstones_and_fivetran_columns_are_kept() {
        ReaderRun opps = samples.get("fivetran-warehouse/sf_opportunity_data.csv");
        assertThat(opps.tombstones()).hasSize(10);
        ReaderRun accounts = samples.get("fivetran-warehouse/sf_account_data.csv");
        assertThat(accounts.accepted()).singleElement().satisfies(r -> {
            assertThat(r.values()).containsEntry("customer_id", "0015500000Xyy06AAB").containsEntry("name", "Eric's Test");
            assertThat(r.extras()).containsEntry("_fivetran_synced", "2019-10-17 21:10:19")
                    .containsEntry("_fivetran_active", "true");
        });
        assertThat(accounts.outcome().unknownColumns()).contains("_fivetran_synced", "annual_revenue");
    }

    @Test
    void rest_json_opportunities_map_won_and_closed_from_the_flags_only() throws Exception {
        ReaderRun opps = fixtures.get("Opportunity.json");
        assertThat(opps.accepted()).extracting(ReaderRun::line).containsExactly(
                "006A0000001|001A000001|Acme expansion|expansion|Closed Won|true|true|12000.5|EUR|2024-01-10|2024-02-15|100|005A01|Web",
                "006A0000002|001A000001|Looks won, is not||Closed/Won|false|false|800|USD|2024-03-01|2024-06-30|40||");
        assertThat(opps.accepted().get(1).extras()).containsEntry("type_raw", "Partner Deal");
        assertThat(opps.reasonOf("006A0000003")).isEqualTo(
                "CONFLICTING_VALUES: IsWon = true but IsClosed is false (a won opportunity is closed)");
        assertThat(opps.reasonOf("006A0000004")).isEqualTo(
                "OUT_OF_RANGE: probability '1000' is not valid (expected a value between 0 and 100)");
    }

    @Test
    void bulk_csv_headers_match_case_insensitively_and_deleted_accounts_are_tombstones() {
        ReaderRun accounts = fixtures.get("Account.csv");
        assertThat(accounts.accepted()).extracting(ReaderRun::line).containsExactly(
                "001A000001|Acme GmbH|||DE||EUR|2023-11-02T08:00:00.000+00:00|001A000001|cus_A|NS-1001|",
                "001A000002|Globex|||US||USD|2023-12-24T10:15:00.000+00:00|001A000002|||");
        assertThat(accounts.accepted().get(0).extras()).isEqualTo(Map.of("industry", "Manufacturing", "Rating", "Hot"));
        assertThat(accounts.tombstones()).extracting(ReaderRun::line).containsExactly("DELETED 001A000009");
        assertThat(accounts.reasons()).isEqualTo(Map.of("MISSING_VALUE", 1L));
    }

    @Test
    void snake_case_warehouse_columns_and_boolean_forms_map_like_api_names() {
        ReaderRun opps = fixtures.get("sf_opportunity_data.csv");
        assertThat(opps.accepted()).extracting(ReaderRun::line).containsExactly(
                "006B0000001|001A000002|Globex platform|new|GavUFuuf4DrnQAoiRGlWpQ==|true|true|24120000|USD|2024-01-15|2024-04-30|100||");
        // Amount is nullable in Salesforce but required by the contract: an opportunity without one is quarantined.
        assertThat(opps.reasonOf("006B0000002")).isEqualTo("MISSING_VALUE: amount is required but empty");
        assertThat(opps.accepted().get(0).extras()).containsEntry("_fivetran_synced", "2024-05-01 10:00:00.123")
                .containsEntry("forecast_category", "Closed");
        assertThat(opps.reasonOf("006B0000003")).isEqualTo(
                "INVALID_BOOLEAN: is_won 'maybe' is not valid (expected true or false)");
    }

    @Test
    void contracts_take_an_exclusive_end_and_only_activated_ones_are_commitments() {
        ReaderRun contracts = fixtures.get("Contract.csv");
        assertThat(contracts.accepted()).extracting(ReaderRun::line).containsExactly(
                "800A0000001|001A000001|006A0000001|2024-02-14|2024-03-01|2025-03-01|EUR|12000.5");
        assertThat(contracts.reasonOf("800A0000002")).isEqualTo("NOT_APPLICABLE: Status 'Draft' is not one of activated, "
                + "active (only an activated contract is a commitment; draft and in-approval contracts are not)");
        assertThat(contracts.reasonOf("800A0000003")).isEqualTo(
                "INVALID_PERIOD: end_date 2024-02-29 is not after start_date 2024-03-01");
    }
}
