package io.revlake.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSinkTest {
    @Test
    void fields_needing_quotes_are_quoted_per_rfc_4180_and_read_back_unchanged(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.csv");
        List<String> tricky = List.of("Acme, Inc.", "The \"Good\" Co", "line\nbreak", "cr\rhere", "Müller GmbH", "plain", "");
        try (CsvSink s = new CsvSink(file, "t.csv", List.of("name", "n"), new DateText(0, 10))) {
            for (String t : tricky) {
                s.text(t).integer(7);
                s.endRow();
            }
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("name,n\n\"Acme, Inc.\",7\n\"The \"\"Good\"\" Co\",7\n");
        assertThat(Extract.read(file).column("name")).containsExactlyElementsOf(tricky);
    }

    @Test
    void numbers_dates_and_ids_are_formatted_without_locale(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.csv");
        int day = (int) java.time.LocalDate.of(2024, 2, 29).toEpochDay();
        try (CsvSink s = new CsvSink(file, "t.csv", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"), new DateText(day - 5, day + 5))) {
            s.money(-1234).money(5).money(100_000_000_00L).percentOrEmpty(1250).percentOrEmpty(0).date(day)
                    .timestamp(day + 30, 3661).id2("OB", "000042", 3, 2, 7, 1).date(DateText.NONE_HIGH);
            s.endRow();
        }
        assertThat(Files.readAllLines(file).get(1))
                .isEqualTo("-12.34,0.05,100000000.00,12.5,,2024-02-29,2024-03-30T01:01:01Z,OB000042-03-7,");
    }

    @Test
    void a_row_with_the_wrong_number_of_fields_is_refused(@TempDir Path dir) throws IOException {
        try (CsvSink s = new CsvSink(dir.resolve("t.csv"), "t.csv", List.of("a", "b"), new DateText(0, 1))) {
            s.text("only one");
            assertThatThrownBy(s::endRow).isInstanceOf(IllegalStateException.class)
                    .hasMessage("t.csv: row 1 has 1 fields, the header has 2");
        }
    }
}
