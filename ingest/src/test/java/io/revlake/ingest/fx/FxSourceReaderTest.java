package io.revlake.ingest.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import io.revlake.ingest.SourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECB and Fed H.10 reference rates → fx_rates in USD per unit. Expected rates were computed by hand (Python Decimal,
 * 34 digits, then 10 decimals half-even): 1.1252 / 163.36 = 0.006887855, 1.1252 / 0.8477 = 1.3273563761,
 * 1 / 0.8199 = 1.2196609343, 1 / 110.8710 = 0.0090194911.
 */
class FxSourceReaderTest {
    static final SourceReader FX = SourceReaders.forName("fx");
    @TempDir
    Path tmp;

    static String rate(ReaderRun run, String date, String currency) {
        return run.accepted().stream().filter(r -> r.values().get("date").equals(date)
                        && r.values().get("currency").equals(currency)).findFirst()
                .map(r -> r.values().get("rate_to_reporting")).orElseThrow();
    }

    @Test
    void ecb_daily_rates_become_usd_cross_rates_for_every_currency_and_the_euro() throws Exception {
        ReaderRun ecb = ReaderRun.of(FX, ReaderRun.shared("fx", "ecb", "eurofxref-hist_2018-2025-05_subset.csv"));
        assertThat(ecb.rejected()).isEmpty();
        assertThat(ecb.accepted()).hasSize(1882 * 9);
        assertThat(rate(ecb, "2025-05-09", "JPY")).isEqualTo("0.006887855");
        assertThat(rate(ecb, "2025-05-09", "GBP")).isEqualTo("1.3273563761");
        assertThat(rate(ecb, "2025-05-09", "EUR")).isEqualTo("1.1252");
        assertThat(ecb.accepted()).noneMatch(r -> r.values().get("currency").equals("USD") || r.values().get("currency").isEmpty());
        assertThat(ecb.accepted().get(0).extras()).isEqualTo(Map.of("rate_type", "ecb_daily"));
    }

    @Test
    void fed_h10_rows_are_mapped_from_country_to_currency_and_inverted_to_usd_per_unit() throws Exception {
        ReaderRun h10 = ReaderRun.of(FX, ReaderRun.shared("fx", "fred-h10", "monthly_2018-2025_subset.csv"));
        assertThat(h10.records()).hasSize(960);
        assertThat(h10.rejected()).isEmpty();
        assertThat(rate(h10, "2018-01-01", "EUR")).isEqualTo("1.2196609343");
        assertThat(rate(h10, "2018-01-01", "JPY")).isEqualTo("0.0090194911");
    }

    @Test
    void na_cells_are_skipped_and_bad_rates_and_unknown_countries_are_quarantined() throws Exception {
        Path ecb = Files.writeString(tmp.resolve("eurofxref.csv"), """
                Date,USD,JPY,GBP,
                2025-05-09,1.1252,N/A,-0.8,
                2025-05-08,N/A,163.45,0.8476,
                2025-05-07,1.13,abc,0.85,
                2025-05-07,1.13,160,0.85,
                """);
        ReaderRun run = ReaderRun.of(FX, ecb);
        assertThat(run.outcome().note()).isEqualTo("1 N/A cells (no fixing that day) skipped");
        assertThat(run.reasonOf("GBP")).isEqualTo("OUT_OF_RANGE: GBP rate '-0.8' on 2025-05-09 is not valid (expected a rate greater than 0)");
        assertThat(run.rejected()).filteredOn(r -> r.values().get("date").equals("2025-05-08"))
                .extracting(r -> r.rejection().reason()).containsOnly(
                        "no fixing for USD on 2025-05-08, so the cross rate cannot be computed");
        assertThat(run.reasons()).isEqualTo(Map.of("OUT_OF_RANGE", 1L, "MISSING_VALUE", 3L, "INVALID_NUMBER", 1L,
                "DUPLICATE_KEY", 2L));
        assertThat(run.records()).extracting(SourceRecord::locator).contains("line 2 (GBP)");

        Path h10 = Files.writeString(tmp.resolve("h10.csv"), "Date,Country,Exchange rate\n2018-01-01,Atlantis,2\n");
        assertThat(ReaderRun.of(FX, h10).reasonOf("Atlantis")).isEqualTo("INVALID_VALUE: country 'Atlantis' has no "
                + "currency in revlake/mappings/fx.json (add it with its quote direction)");
    }

    @Test
    void a_file_of_another_layout_is_rejected_naming_the_expected_headers() throws Exception {
        Path derived = ReaderRun.shared("fx", "ecb", "derived_monthly_eur_base_2018-01_2025-04.csv");
        assertThatThrownBy(() -> ReaderRun.of(FX, derived)).isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("not a known FX layout (expected the ECB header Date,USD,JPY,… or the Fed H.10 header");
    }
}
