package io.revlake.api;

import io.revlake.ingest.IngestJob;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.RecurringConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated company run through the real pipeline (generate → ingest → transform) once per test JVM, for the
 * finance and drill-down tests, as of the end of its last month.
 *
 * <p>For quick local iterations, {@code -Drevlake.test.generated=DIR} keeps the company in DIR and reuses it when
 * DIR already holds one (delete DIR after changing the generator or the transform).
 */
public final class GeneratedWarehouse {
    public static final YearMonth START = YearMonth.of(2023, 1);
    public static final int MONTHS = 18;
    public static final int CUSTOMERS = 160;
    public static final LocalDate AS_OF = START.plusMonths(MONTHS - 1).atEndOfMonth();

    public final Path root;
    public final Path extract;
    public final Path warehouse;
    public final List<String> log = new ArrayList<>();

    private static GeneratedWarehouse instance;

    private GeneratedWarehouse() throws IOException {
        String kept = System.getProperty("revlake.test.generated");
        root = kept == null || kept.isBlank() ? GoldFixture.newWarehouse("generated") : Path.of(kept);
        extract = root.resolve("extract");
        warehouse = root.resolve("warehouse");
        if (kept != null && !kept.isBlank() && java.nio.file.Files.isDirectory(warehouse.resolve("gold"))) {
            return;
        }
        SampleCompanyGenerator.generate(new GeneratorConfig(CUSTOMERS, MONTHS, 11, START), extract);
        new IngestJob(SparkSessions.shared(), warehouse.toString(), log::add).run(extract);
        new Pipeline(SparkSessions.shared(), warehouse.toString(), log::add)
                .transform(Pipeline.Stage.ALL, RecurringConfig.defaults(AS_OF));
    }

    public static synchronized GeneratedWarehouse get() {
        if (instance == null) {
            try {
                instance = new GeneratedWarehouse();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }
}
