package io.revlake.ingest.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.warehouse.TableFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HubSpot tables → customers and opportunities, without Spark. The fixtures (src/test/resources/connectors/hubspot,
 * README there) were worked out by hand; the shared samples' counts from reading their CSVs.
 */
class HubSpotConnectorTest {
    static final SourceReader HUBSPOT = SourceReaders.forName("hubspot");
    static final Path FIXTURES = Path.of("src/test/resources/connectors/hubspot");
    @TempDir
    Path tmp;

    static ReaderRun fixture(String file) throws Exception {
        return ReaderRun.of(HUBSPOT, FIXTURES.resolve(file));
    }

    static ReaderRun sample(String file) throws Exception {
        return ReaderRun.of(HUBSPOT, ReaderRun.shared("hubspot", "fivetran-warehouse", file));
    }

    @Test
    void hand_checked_tables_map_to_the_expected_canonical_rows() throws Exception {
        Map<String, ReaderRun> runs = ReaderRun.all(HUBSPOT, FIXTURES);
        assertThat(runs.keySet()).containsExactly("company_data.csv", "deal_data.csv", "merged_deal_data.csv");
        List<String> actual = new ArrayList<>();
        for (ReaderRun run : runs.values()) {
            for (SourceRecord r : run.records()) {
                if (r.accepted()) {
                    actual.add(r.entity().fileStem() + "," + ReaderRun.line(r));
                }
            }
        }
        List<String> expected = Files.readAllLines(FIXTURES.resolve("expected.csv")).stream().skip(1).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        ReaderRun deals = runs.get("deal_data.csv");
        assertThat(deals.records()).hasSize(17);
        assertThat(deals.accepted().size() + deals.tombstones().size() + deals.rejected().size()).isEqualTo(17);
    }

    @Test
    void won_and_closed_come_from_stage_metadata_and_labels_are_kept_only_as_extras() throws Exception {
        ReaderRun deals = fixture("deal_data.csv");
        SourceRecord won = deals.accepted().stream().filter(r -> "201".equals(r.values().get("opportunity_id")))
                .findFirst().orElseThrow();
        assertThat(won.values()).containsEntry("is_won", "true").containsEntry("is_closed", "true");
        assertThat(won.extras()).containsEntry("stage_label", "Closed lost (renamed)").containsEntry("type_raw", "renewal")
                .containsEntry("pipeline_id", "default").doesNotContainKey("erp_system");
        assertThat(won.locator()).isEqualTo("line 2 (deal 201) → opportunities");
    }

    @Test
    void each_kind_of_bad_deal_is_quarantined_with_its_reason_code() throws Exception {
        ReaderRun deals = fixture("deal_data.csv");
        assertThat(deals.reasonOf("205")).isEqualTo("MISSING_VALUE: is_closed is unknown: stage gone is not in "
                + "deal_pipeline_stage_data.csv, which says whether a stage is closed and won");
        assertThat(deals.reasonOf("206")).isEqualTo("CONFLICTING_VALUES: deal_pipeline_id is sales but its stage "
                + "qualified belongs to pipeline default (a deal's stage is a stage of its pipeline)");
        assertThat(deals.reasonOf("207")).isEqualTo("MISSING_VALUE: amount is required but empty");
        assertThat(deals.reasonOf("208")).isEqualTo("CONFLICTING_VALUES: deal 208 is associated with companies 101, "
                + "102 and none of them is primary (deal_company type_id 5); mark one association primary in HubSpot");
        assertThat(deals.reasonOf("209")).isEqualTo("OUT_OF_RANGE: stage badprob probability 40 is outside 0.0–1.0 "
                + "(HubSpot stage probabilities are fractions, not percents)");
        assertThat(deals.reasonOf("210")).isEqualTo("CONFLICTING_VALUES: stage wonopen has closed_won TRUE but "
                + "is_closed FALSE (a won stage is closed)");
        assertThat(deals.reasonOf("211")).isEqualTo("INVALID_NUMBER: property_amount '12,000' is not valid "
                + "(expected a plain decimal such as 1234.50)");
        assertThat(deals.reasonOf("212")).isEqualTo("INVALID_DATE: close_date 'soon' is not valid (expected a real date as YYYY-MM-DD)");
        assertThat(deals.reasonOf("Globex upsell again")).isEqualTo("DUPLICATE_KEY: opportunity_id 203 already "
                + "appears earlier in this file");
        assertThat(deals.reasonOf("216")).isEqualTo("MISSING_VALUE: stage is required but empty");
        assertThat(deals.reasonOf("217")).isEqualTo("WRONG_COLUMN_COUNT: record has 9 values but the header has 13 columns");
        assertThat(deals.reasons()).isEqualTo(Map.of("MISSING_VALUE", 3L, "CONFLICTING_VALUES", 3L, "OUT_OF_RANGE", 1L,
                "INVALID_NUMBER", 1L, "INVALID_DATE", 1L, "DUPLICATE_KEY", 1L, "WRONG_COLUMN_COUNT", 1L));
    }

    @Test
    void deals_without_the_stage_table_are_quarantined_saying_so() throws Exception {
        Files.copy(FIXTURES.resolve("deal_data.csv"), tmp.resolve("hubspot_deal_data.csv"));
        ReaderRun run = ReaderRun.of(HUBSPOT, tmp.resolve("hubspot_deal_data.csv"));
        assertThat(run.reasonOf("201")).isEqualTo("MISSING_VALUE: is_closed is unknown: stage closedwon is not in "
                + "deal_pipeline_stage_data.csv (not beside this file), which says whether a stage is closed and won");
        assertThat(run.accepted()).isEmpty();
        assertThat(HUBSPOT.dependencies(tmp.resolve("hubspot_deal_data.csv"))).isEmpty();
        assertThat(HUBSPOT.dependencies(FIXTURES.resolve("deal_data.csv"))).extracting(p -> p.getFileName().toString())
                .containsExactly("deal_pipeline_stage_data.csv", "deal_company_data.csv");
    }

    @Test
    void a_deal_table_without_its_key_column_is_rejected_whole() throws Exception {
        Files.writeString(tmp.resolve("deal_data.csv"), "id,property_amount\n1,100\n");
        assertThatThrownBy(() -> ReaderRun.of(HUBSPOT, tmp.resolve("deal_data.csv")))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("Cannot ingest deal_data.csv: required columns missing: deal_id (found: id, property_amount)");
    }

    @Test
    void the_default_currency_and_deal_types_come_from_the_mapping_file() throws Exception {
        String edited = TableFiles.mappingText("hubspot").replace("\"default_currency\": \"USD\"", "\"default_currency\": \"gbp\"")
                .replace("\"newbusiness\": \"new\"", "\"newbusiness\": \"expansion\"");
        HubSpotSourceReader reader = HubSpotSourceReader.of(edited);
        ReaderRun run = ReaderRun.of(reader, FIXTURES.resolve("deal_data.csv"));
        SourceRecord globex = run.accepted().stream().filter(r -> "202".equals(r.values().get("opportunity_id")))
                .findFirst().orElseThrow();
        assertThat(globex.values()).containsEntry("currency", "GBP").containsEntry("type", "expansion");
        assertThat(reader.configFingerprint()).isNotEqualTo(HUBSPOT.configFingerprint());
    }

    @Test
    void lookup_and_history_tables_are_reported_not_read() {
        assertThat(HUBSPOT.whyNot(Path.of("deal_pipeline_stage_data.csv")))
                .isEqualTo("HubSpot lookup table: read with the deals (deal_data.csv)");
        assertThat(HUBSPOT.whyNot(Path.of("deal_stage_data.csv")))
                .isEqualTo("HubSpot deal stage history: the current stage is the deal's deal_pipeline_stage_id");
        assertThat(HUBSPOT.whyNot(Path.of("hubspot_company_data.csv"))).isNull();
        assertThat(HUBSPOT.whyNot(Path.of("notes.txt"))).isEmpty();
    }

    // --- shared samples -------------------------------------------------------------------------------------------

    @Test
    void sample_companies_are_24_customers() throws Exception {
        ReaderRun run = sample("company_data.csv");
        assertThat(run.records()).hasSize(24);
        assertThat(run.accepted()).hasSize(24);
        SourceRecord first = run.accepted().get(0);
        assertThat(ReaderRun.line(first)).isEqualTo("2182162682|4b2c13cca3eb58ee49bbddcf00417130|United States||"
                + "2019-07-05T20:35:26|2182162682|||2020-12-30T03:15:52");
        assertThat(run.outcome().unknownColumns()).contains("property_hs_all-funky-a9384-syntax");
    }

    @Test
    void sample_deals_have_no_stage_so_all_are_quarantined() throws Exception {
        // Every deal row has empty deal_pipeline_stage_id, amount and close date (the seed leaves them out).
        ReaderRun run = sample("deal_data.csv");
        assertThat(run.records()).hasSize(44);
        assertThat(run.reasons()).isEqualTo(Map.of("MISSING_VALUE", 44L));
        assertThat(run.reasonOf("1244495215")).isEqualTo("MISSING_VALUE: stage is required but empty");
    }

    @Test
    void sample_merged_deals_are_deletions_of_the_merged_ids() throws Exception {
        ReaderRun run = sample("merged_deal_data.csv");
        assertThat(run.records()).hasSize(14);
        assertThat(run.tombstones()).hasSize(14);
        assertThat(run.tombstones().get(0).values()).containsEntry("opportunity_id", "9014070905");
        assertThat(run.tombstones().get(0).extras()).containsEntry("merged_into", "9089908390");
    }
}
