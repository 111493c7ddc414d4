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

/** The optional general-ledger file journal_lines.csv of the canonical extract (docs/canonical.md), without Spark. */
class CanonicalJournalLinesTest {
    static final SourceReader CANONICAL = SourceReaders.forName("canonical");

    @TempDir
    Path dir;

    @Test
    void journal_lines_is_an_optional_canonical_file() {
        assertThat(CANONICAL.whyNot(dir.resolve("journal_lines.csv"))).isNull();
        assertThat(CanonicalEntity.forFileName("journal_lines.csv")).get().matches(e -> !e.isCore(), "is optional");
        assertThat(CanonicalEntity.JOURNAL_LINES.requiredFieldNames())
                .containsExactly("line_id", "entry_id", "posting_date", "account_id", "debit", "credit", "currency");
    }

    @Test
    void journal_lines_are_validated_by_kind() throws Exception {
        Path lines = Files.writeString(dir.resolve("journal_lines.csv"), """
                line_id,entry_id,posting_date,account_id,account_name,customer_id,debit,credit,currency,memo
                J1/0,J1,2024-01-31,1200,Accounts Receivable,C1,1100.00,0,USD,billing
                J1/1,J1,2024-01-31,4000,Revenue,,0,1100.00,USD,
                J2/0,J2,2024-01-31,4000,Revenue,,-5,0,USD,
                J2/1,J2,2024-01-31,,Revenue,,0,5,USD,
                J2/2,J2,31/01/2024,4000,Revenue,,0,5,USD,
                J2/3,J2,2024-01-31,4000,Revenue,,0,5,XYZ,
                J1/1,J1,2024-01-31,4000,Revenue,,0,1,USD,
                """);
        ReaderRun read = ReaderRun.of(CANONICAL, lines);
        assertThat(read.accepted()).extracting(ReaderRun::line).containsExactly(
                "J1/0|J1|2024-01-31|1200|Accounts Receivable|C1|1100.00|0|USD|billing",
                "J1/1|J1|2024-01-31|4000|Revenue||0|1100.00|USD|");
        assertThat(read.reasons()).isEqualTo(Map.of("NEGATIVE_VALUE", 1L, "MISSING_VALUE", 1L, "INVALID_DATE", 1L,
                "UNKNOWN_CURRENCY", 1L, "DUPLICATE_KEY", 1L));
        assertThat(read.reasonOf("J2/1")).isEqualTo("MISSING_VALUE: account_id is required but empty");
        assertThat(read.reasonOf("J2/0")).startsWith("NEGATIVE_VALUE: debit");
    }
}
