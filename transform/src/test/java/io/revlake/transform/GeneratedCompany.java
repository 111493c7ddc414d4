package io.revlake.transform;

import io.revlake.ingest.IngestJob;
import io.revlake.ingest.IngestReport;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.recurring.RecurringConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One generated company, ingested and transformed once per test JVM and shared by the test classes that read it
 * (each full pipeline run costs tens of seconds on two cores).
 */
final class GeneratedCompany {
    static final YearMonth START = YearMonth.of(2023, 1);
    static final int MONTHS = 24;
    static final int CUSTOMERS = 400;
    static final LocalDate AS_OF = START.plusMonths(MONTHS - 1).atEndOfMonth();

    final Path root;
    final Path extract;
    final String warehouse;
    final IngestReport ingest;
    final List<String> log = new ArrayList<>();

    private static GeneratedCompany instance;

    final LocalDate asOf;

    private GeneratedCompany(int customers, int months) throws IOException {
        root = Files.createTempDirectory("revlake-generated-");
        extract = root.resolve("extract");
        warehouse = root.resolve("warehouse").toString();
        asOf = START.plusMonths(months - 1).atEndOfMonth();
        SampleCompanyGenerator.generate(new GeneratorConfig(customers, months, 7, START), extract);
        ingest = new IngestJob(spark(), warehouse, log::add).run(extract);
        new Pipeline(spark(), warehouse, log::add).transform(Pipeline.Stage.ALL, RecurringConfig.defaults(asOf));
    }

    /** A company of its own (not shared), for tests that damage or interrupt its warehouse. */
    static GeneratedCompany fresh(int customers, int months) {
        try {
            return new GeneratedCompany(customers, months);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized GeneratedCompany get() {
        if (instance == null) {
            try {
                instance = new GeneratedCompany(CUSTOMERS, MONTHS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    static SparkSession spark() {
        return SparkSessions.shared();
    }
}
