package io.revlake.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSV text and its formula-injection rule, without a server. */
class CsvTest {

    @Test
    void text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe() {
        assertThat(Csv.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
        assertThat(Csv.cell("+cmd")).isEqualTo("'+cmd");
        assertThat(Csv.cell("-2+3+cmd|' /C calc'!A0")).isEqualTo("'-2+3+cmd|' /C calc'!A0");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(Csv.cell("\r=1")).isEqualTo("'\r=1");
    }

    @Test
    void numbers_and_text_that_is_exactly_a_number_are_never_changed() {
        assertThat(Csv.cell(new BigDecimal("-250.55"))).isEqualTo("-250.55");
        assertThat(Csv.cell(-3L)).isEqualTo("-3");
        assertThat(Csv.cell(-0.25)).isEqualTo("-0.25");
        assertThat(Csv.cell("-250.55")).isEqualTo("-250.55");
        assertThat(Csv.cell("+7")).isEqualTo("+7");
        assertThat(Csv.cell("smb")).isEqualTo("smb");
        assertThat(Csv.cell(null)).isEmpty();
    }

    @Test
    void rows_are_rfc_4180_with_a_header_and_quotes_where_needed() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", "Acme, \"Inc\"");
        row.put("amount", new BigDecimal("-1.50"));
        row.put("note", "=1+1");

        assertThat(Csv.write(List.of(row), List.of()))
                .isEqualTo("name,amount,note\r\n\"Acme, \"\"Inc\"\"\",-1.50,'=1+1\r\n");
        assertThat(Csv.write(List.of(), List.of("period", "value"))).isEqualTo("period,value\r\n");
    }
}
