package io.revlake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
    private static final GeneratorConfig CONFIG = new GeneratorConfig(300, 24, 42, YearMonth.of(2023, 1));

    @Test
    void the_same_configuration_writes_byte_identical_files(@TempDir Path a, @TempDir Path b) throws IOException {
        SampleCompanyGenerator.generate(CONFIG, a);
        SampleCompanyGenerator.generate(CONFIG, b);
        List<Path> files = files(a);
        assertThat(files).hasSize(14);
        assertThat(files(b)).isEqualTo(files);
        for (Path f : files) {
            assertThat(Files.mismatch(a.resolve(f), b.resolve(f))).as(f.toString()).isEqualTo(-1L);
        }
    }

    @Test
    void a_different_seed_writes_a_different_company(@TempDir Path a, @TempDir Path b) throws IOException {
        SampleCompanyGenerator.generate(CONFIG, a);
        SampleCompanyGenerator.generate(new GeneratorConfig(300, 24, 43, YearMonth.of(2023, 1)), b);
        for (String f : List.of("customers.csv", "subscription_items.csv", "invoices.csv", "fx_rates.csv",
                "truth/mrr_customer_month.csv")) {
            assertThat(Files.mismatch(a.resolve(f), b.resolve(f))).as(f).isNotEqualTo(-1L);
        }
    }

    @Test
    void regenerating_into_the_same_folder_replaces_the_files(@TempDir Path a, @TempDir Path b) throws IOException {
        SampleCompanyGenerator.generate(new GeneratorConfig(500, 12, 7, YearMonth.of(2020, 6)), a);
        SampleCompanyGenerator.generate(CONFIG, a);
        SampleCompanyGenerator.generate(CONFIG, b);
        for (Path f : files(b)) {
            assertThat(Files.mismatch(a.resolve(f), b.resolve(f))).as(f.toString()).isEqualTo(-1L);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }
}
