package io.revlake.ingest.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional CRM detail files of the canonical extract (docs/canonical.md), read without Spark. */
class CanonicalCrmDetailTest {
    static final SourceReader CANONICAL = SourceReaders.forName("canonical");

    @TempDir
    Path dir;

    @Test
    void the_crm_detail_files_are_canonical_files_and_the_core_ones_stay_as_they_were() {
        for (String name : new String[] {"products.csv", "opportunity_lines.csv", "opportunity_stage_history.csv",
                "quotes.csv"}) {
            assertThat(CANONICAL.whyNot(dir.resolve(name))).as(name).isNull();
            assertThat(CanonicalEntity.forFileName(name)).get().matches(e -> !e.isCore(), "is optional CRM detail");
        }
        assertThat(CanonicalEntity.values()).filteredOn(CanonicalEntity::isCore).extracting(CanonicalEntity::fileStem)
                .containsExactly("customers", "subscription_items", "invoices", "invoice_lines", "payments",
                        "credit_notes", "opportunities", "contracts", "obligations", "fx_rates", "expenses");
    }

    @Test
    void opportunity_lines_and_products_are_validated_by_kind() throws Exception {
        Path lines = Files.writeString(dir.resolve("opportunity_lines.csv"), """
                line_id,opportunity_id,product_id,quantity,unit_price,total_price,currency
                L1,O1,P1,2,450,900,EUR
                L2,,P1,1,50,50,USD
                L3,O1,P2,1,10,,USD
                L1,O2,P1,1,1,1,USD
                """);
        ReaderRun read = ReaderRun.of(CANONICAL, lines);
        assertThat(read.accepted()).extracting(ReaderRun::line).containsExactly("L1|O1|P1|2|450|900|EUR");
        assertThat(read.reasonOf("L2")).isEqualTo("MISSING_VALUE: opportunity_id is required but empty");
        assertThat(read.reasonOf("L3")).isEqualTo("MISSING_VALUE: total_price is required but empty");
        assertThat(read.reasons()).isEqualTo(Map.of("MISSING_VALUE", 2L, "DUPLICATE_KEY", 1L));

        Path products = Files.writeString(dir.resolve("products.csv"), """
                product_id,name,recognition_method,is_active
                P1,Platform,ratable,T
                P2,Hours,monthly,true
                """);
        ReaderRun catalogue = ReaderRun.of(CANONICAL, products);
        assertThat(catalogue.accepted()).extracting(ReaderRun::line).containsExactly("P1|Platform|ratable|T");
        assertThat(catalogue.reasons()).isEqualTo(Map.of("INVALID_VALUE", 1L));
        assertThat(catalogue.reasonOf("P2")).contains("recognition_method").contains("monthly");
    }

    @Test
    void stage_history_is_keyed_by_opportunity_and_time() throws Exception {
        Path history = Files.writeString(dir.resolve("opportunity_stage_history.csv"), """
                opportunity_id,changed_at,stage,amount,probability
                O1,2024-01-02T10:00:00Z,Prospecting,1000,10
                O1,2024-01-20T10:00:00Z,Negotiation,1200,80
                O1,2024-01-20T10:00:00Z,Negotiation,1300,80
                O2,yesterday,Prospecting,1,10
                """);
        ReaderRun read = ReaderRun.of(CANONICAL, history);
        assertThat(read.accepted()).hasSize(2);
        assertThat(read.reasons()).isEqualTo(Map.of("DUPLICATE_KEY", 1L, "INVALID_TIMESTAMP", 1L));
        assertThat(read.reasonOf("1300")).startsWith("DUPLICATE_KEY: opportunity_id, changed_at");
    }
}
