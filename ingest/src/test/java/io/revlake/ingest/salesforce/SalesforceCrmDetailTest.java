package io.revlake.ingest.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpportunityLineItem, Product2, Quote and OpportunityHistory through revlake/mappings/salesforce.json, without Spark.
 * Expected rows were written by hand from the shared Fivetran tables and the fixtures in
 * src/test/resources/connectors/salesforce-crm-detail (one fixture row per way a record can fail).
 */
class SalesforceCrmDetailTest {
    static final SourceReader SALESFORCE = SourceReaders.forName("salesforce");
    static ReaderRun fivetranLines;
    static ReaderRun fivetranProducts;
    static ReaderRun fivetranHistory;
    static Map<String, ReaderRun> fixtures;

    @BeforeAll
    static void read() throws Exception {
        fivetranLines = ReaderRun.of(SALESFORCE,
                ReaderRun.shared("salesforce", "fivetran-warehouse", "sf_opportunity_line_item_data.csv"));
        fivetranProducts = ReaderRun.of(SALESFORCE,
                ReaderRun.shared("salesforce", "fivetran-warehouse", "sf_product_2_data.csv"));
        fivetranHistory = ReaderRun.of(SALESFORCE,
                ReaderRun.shared("salesforce", "fivetran-warehouse", "sf_opportunity_history_data.csv"));
        fixtures = ReaderRun.all(SALESFORCE, Path.of("src/test/resources/connectors/salesforce-crm-detail"));
    }

    @Test
    void fivetran_opportunity_lines_are_all_accepted_with_their_prices() {
        assertThat(fivetranLines.records()).hasSize(10).allSatisfy(r ->
                assertThat(r.entity()).isEqualTo(CanonicalEntity.OPPORTUNITY_LINES));
        assertThat(fivetranLines.accepted()).hasSize(10);
        assertThat(fivetranLines.rejected()).isEmpty();
        // line_id|opportunity_id|product_id|quantity|unit_price|list_price|discount_pct|total_price|service_date|currency|updated_at
        assertThat(fivetranLines.accepted()).extracting(ReaderRun::line).contains(
                "00k1G000009ar5IQAQ|0061G00000HhviAQAR|01 1G000000bH0WQAU|6|850|1000||5100|||2019-11-11T17:23:34",
                "00k1G000009ar5JQAQ|0061G00000HhviAQAR|01 1G000000bH0bQAE|66|1276.52|1500||84250.32|||2019-11-11T17:23:34",
                // ids with blanks inside are kept as they are (the sample's obfuscation), not trimmed or rejected
                "00k1G000009al6CQAQ|0061G00000Is1  QAJ|01 1G000000bH pQAE|1|0|0||0|||2019-11-11T17:23:34");
        assertThat(fivetranLines.accepted().get(0).extras()).containsEntry("product_code", "a")
                .containsEntry("name", "plan a").containsEntry("pricebook_entry_id", "01u1G000002Ks75QAC")
                .containsEntry("sbqq_quote_line_c", "a4R1G000000S2a6UAC").containsEntry("product_family_c", "Usage");
        assertThat(fivetranLines.outcome().unknownColumns()).contains("_fivetran_synced", "months_c")
                .doesNotContain("product_2_id", "total_price");
    }

    @Test
    void fivetran_products_take_a_recognition_hint_from_the_cpq_charge_type() {
        assertThat(fivetranProducts.accepted()).extracting(ReaderRun::line).containsExactly(
                // product_id|name|product_code|family|recognition_method|is_active|updated_at
                "01t1G000002Uf3MQAS|X|1|X|ratable|true|2019-11-11T17:23:34",
                "01t1G000000bOtkQAE|X|2|||false|2019-11-11T17:23:34");
        assertThat(fivetranProducts.accepted().get(0).extras()).containsEntry("sbqq_billing_type_c", "Advance")
                .containsEntry("is_archived", "FALSE");
    }

    @Test
    void fivetran_history_mode_versions_of_deleted_opportunities_are_tombstones_keyed_by_opportunity_and_start() {
        assertThat(fivetranHistory.records()).hasSize(10);
        assertThat(fivetranHistory.tombstones()).hasSize(10);
        assertThat(fivetranHistory.tombstones().get(0).values())
                .containsEntry("opportunity_id", "006q000000HddohAAB")
                .containsEntry("changed_at", "2019-10-17T21:10:19");
        assertThat(fivetranHistory.tombstones().get(9).values())
                .containsEntry("opportunity_id", "006q000000HdOhuAAF")
                .containsEntry("changed_at", "2019-04-03T18:36:06");
    }

    @Test
    void line_items_from_a_bulk_export_are_validated_field_by_field() {
        ReaderRun lines = fixtures.get("OpportunityLineItem.csv");
        assertThat(lines.accepted()).extracting(ReaderRun::line).containsExactly(
                "00kA0000001|006A0000001|01tA0000001|10|100|120|10|900|2024-02-01|EUR|2024-01-10T09:00:00.000+00:00",
                // its opportunity is in no file: accepted here, flagged by silver's references check
                "00kA0000006|006A0000009|01tA0000003|2|25.5|30||51|2024-03-01|USD|2024-01-11T09:00:00.000+00:00");
        assertThat(lines.tombstones()).extracting(ReaderRun::line).containsExactly("DELETED 00kA0000005");
        assertThat(lines.reasonOf("00kA0000002")).isEqualTo("MISSING_VALUE: opportunity_id is required but empty");
        assertThat(lines.reasonOf("00kA0000003")).isEqualTo(
                "INVALID_NUMBER: quantity 'two' is not valid (expected a plain decimal such as 1234.50)");
        assertThat(lines.reasonOf("00kA0000004")).isEqualTo(
                "OUT_OF_RANGE: discount_pct '150' is not valid (expected a value between 0 and 100)");
        assertThat(lines.reasonOf("00kA0000007")).isEqualTo(
                "INVALID_DATE: service_date '2024-02-30' is not valid (expected a real date as YYYY-MM-DD)");
        assertThat(lines.records()).hasSize(lines.accepted().size() + lines.tombstones().size() + lines.rejected().size())
                .hasSize(7);
    }

    @Test
    void rest_products_read_boolean_spellings_and_prefer_the_orgs_own_recognition_field() {
        ReaderRun products = fixtures.get("Product2.json");
        assertThat(products.accepted()).extracting(ReaderRun::line).containsExactly(
                "01tA0000001|Platform|PLT|Software|ratable|true|2024-01-05T10:00:00.000+00:00",
                "01tA0000002|Onboarding|ONB|Services|point_in_time|true|",
                // Revenue_Recognition_Method__c says point in time, the charge type Usage: the org's field wins
                "01tA0000003|API calls||Software|point_in_time|true|");
        assertThat(products.reasonOf("01tA0000004")).isEqualTo(
                "INVALID_BOOLEAN: is_active 'maybe' is not valid (expected true or false)");
    }

    @Test
    void quotes_need_their_opportunity_and_valid_flags_and_dates() {
        ReaderRun quotes = fixtures.get("Quote.json");
        // quote_id|opportunity_id|name|status|is_syncing|total|currency|expiration_date|created_date|updated_at
        assertThat(quotes.accepted()).extracting(ReaderRun::line).containsExactly(
                "0Q0A0000001|006A0000001|Acme Q1|Accepted|true|900|EUR|2024-02-15|2024-01-09|");
        assertThat(quotes.accepted().get(0).extras()).containsEntry("quote_number", "00000001");
        assertThat(quotes.reasons()).isEqualTo(Map.of("MISSING_VALUE", 1L, "INVALID_BOOLEAN", 1L, "INVALID_DATE", 1L));
        assertThat(quotes.reasonOf("0Q0A0000002")).isEqualTo("MISSING_VALUE: opportunity_id is required but empty");
        assertThat(quotes.reasonOf("0Q0A0000003")).isEqualTo(
                "INVALID_BOOLEAN: is_syncing 'yes please' is not valid (expected true or false)");
        assertThat(quotes.reasonOf("0Q0A0000004")).isEqualTo(
                "INVALID_DATE: expiration_date '15/02/2024' is not valid (expected a real date as YYYY-MM-DD)");
    }

    @Test
    void opportunity_history_objects_are_keyed_by_opportunity_and_change_time() {
        ReaderRun history = fixtures.get("OpportunityHistory.csv");
        // opportunity_id|changed_at|stage|amount|probability|close_date|forecast_category|is_closed|is_won
        assertThat(history.accepted()).extracting(ReaderRun::line).containsExactly(
                "006A0000001|2024-01-02T10:00:00.000+00:00|Prospecting|10000|10|2024-03-31|Pipeline||",
                "006A0000001|2024-01-20T15:30:00.000+00:00|Negotiation/Review|12000.5|80|2024-02-15|Forecast||",
                "006A0000001|2024-02-15T09:00:00.000+00:00|Closed Won|12000.5|100|2024-02-15|Closed||");
        assertThat(history.accepted().get(0).extras()).isEqualTo(Map.of("source_id", "008A0000001"));
        assertThat(history.reasonOf("008A0000004")).isEqualTo("DUPLICATE_KEY: opportunity_id, changed_at "
                + "006A0000001/2024-02-15T09:00:00.000+00:00 already appears earlier in this file");
        assertThat(history.reasonOf("008A0000005")).isEqualTo(
                "OUT_OF_RANGE: probability '150' is not valid (expected a value between 0 and 100)");
        assertThat(history.reasonOf("008A0000006")).isEqualTo("MISSING_VALUE: changed_at is required but empty");
    }

    @Test
    void history_mode_versions_take_won_and_closed_from_the_flags_only() {
        ReaderRun versions = fixtures.get("sf_opportunity_history_data.csv");
        assertThat(versions.accepted()).extracting(ReaderRun::line).containsExactly(
                "006B0000001|2024-01-02T10:00:00|Prospecting|10000|10|2024-03-31|Pipeline|false|false",
                "006B0000001|2024-01-20T15:30:00|Closed Won|24120000|100|2024-04-30|Closed|true|true");
        // the version's own id is the opportunity's, so no source_id; when it stopped being current is kept
        assertThat(versions.accepted().get(0).extras()).isEqualTo(Map.of("valid_to", "2024-01-20 15:29:59",
                "_fivetran_active", "false"));
        assertThat(versions.reasonOf("006B0000002")).isEqualTo(
                "CONFLICTING_VALUES: IsWon = true but IsClosed is false (a won opportunity is closed)");
    }
}
