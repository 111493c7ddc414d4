package io.revlake.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.catalog.Tables;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Jobs with the real pipeline: each attempt is a real {@code RevLakeCli execute} process (Spark, Delta) whose result
 * the runner reads and records. Kept small: every pipeline process starts its own Spark, which takes a while on a
 * small machine (the step logic of {@code all} is covered with {@link FakePipeline} in {@link JobServiceTest}).
 */
class JobsPipelineTest {

    @Test
    void an_ingest_runs_in_a_pipeline_process_and_its_rows_and_table_versions_are_recorded() throws Exception {
        Path extract = Files.createTempDirectory("revlake-jobs-extract-");
        Files.write(extract.resolve("customers.csv"), List.of("customer_id,name,segment,currency",
                "c-1,Acme,smb,USD", "c-2,Globex,enterprise,EUR"));
        Path warehouse = warehouse(extract);

        try (JobService jobs = JobFixtures.service(warehouse)) {
            JobService.RunOutcome outcome = jobs.run("ingest:canonical", Trigger.CLI, Optional.empty());

            assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
            JobRun run = jobs.history().lastRun("ingest:canonical").orElseThrow();
            assertThat(run.runId()).isEqualTo(outcome.runId());
            assertThat(run.rowsIn()).isEqualTo(2);
            assertThat(run.rowsOut()).isEqualTo(2);
            DeltaGoldReader reader = new DeltaGoldReader(warehouse.toString());
            TableDef bronze = Tables.bronze("canonical", CanonicalEntity.CUSTOMERS);
            assertThat(run.tablesWritten()).containsOnlyKeys(bronze.qualifiedName(), "ops.ingest_ledger");
            long version = run.tablesWritten().get(bronze.qualifiedName());
            assertThat(reader.read(Tables.INGEST_LEDGER, reader.latestSnapshot(Tables.INGEST_LEDGER).orElseThrow()).rowCount())
                    .isEqualTo(1);
            assertThat(version).isZero();
        }
    }

    @Test
    void a_stage_that_fails_in_the_pipeline_process_is_recorded_with_the_pipelines_own_message() throws Exception {
        Path warehouse = warehouse(Files.createTempDirectory("revlake-jobs-empty-"));
        try (JobService jobs = JobFixtures.service(warehouse)) {
            JobService.RunOutcome outcome = jobs.run("transform:recurring", Trigger.CLI, Optional.of(LocalDate.of(2024, 6, 30)));

            assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
            JobRun run = jobs.history().lastRun("transform:recurring").orElseThrow();
            assertThat(run.error()).as("the one-line reason the pipeline wrote to its result file")
                    .isNotBlank().doesNotContain("exited with code").doesNotContain("\n");
            assertThat(run.attempt()).isEqualTo(1);
        }
    }

    @Test
    void all_builds_in_full_once_then_refreshes_incrementally_publishing_every_gold_table_once_per_run()
            throws Exception {
        Path extract = Files.createTempDirectory("revlake-jobs-company-");
        SampleCompanyGenerator.generate(new GeneratorConfig(12, 6, 5, YearMonth.of(2024, 1)), extract);
        Path warehouse = warehouse(extract);
        Optional<LocalDate> asOf = Optional.of(LocalDate.of(2024, 6, 30));
        DeltaGoldReader reader = new DeltaGoldReader(warehouse.toString());
        try (JobService jobs = JobFixtures.service(warehouse)) {
            for (String expectedMode : List.of("full", "incremental")) {
                JobService.RunOutcome outcome = jobs.run("all", Trigger.CLI, asOf);
                assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);

                Table runs = reader.read(Tables.TRANSFORM_RUNS, reader.latestSnapshot(Tables.TRANSFORM_RUNS)
                        .orElseThrow()).data();
                assertThat(runs.rowCount()).as("one transform run per run of all").isEqualTo(
                        expectedMode.equals("full") ? 1 : 2);
                assertThat(runs.stringColumn("mode").asList()).contains(expectedMode);
                Table publications = reader.read(Tables.PUBLICATIONS, reader.latestSnapshot(Tables.PUBLICATIONS)
                        .orElseThrow()).data();
                assertThat(publications.rowCount()).as("one publication per run").isEqualTo(runs.rowCount());
            }
            assertThat(jobs.history().runs("transform:all", 10)).hasSize(2)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            assertThat(jobs.history().lastRun("transform:silver")).as("no single-stage runs").isEmpty();
        }
    }

    private static Path warehouse(Path extract) throws Exception {
        Path warehouse = Files.createTempDirectory("revlake-jobs-pipeline-");
        Files.createDirectories(warehouse.resolve("_ops"));
        Files.write(warehouse.resolve("_ops").resolve("jobs.properties"), List.of(
                "source.canonical.path = " + extract,
                "job.default.retries = 0",
                "job.default.timeout = 10m",
                "pipeline.command = " + new ObjectMapper().writeValueAsString(pipelineCommand()).replace("\\", "\\\\")));
        return warehouse;
    }

    /** This test JVM's options (the --add-opens Spark needs) and classpath, running the pipeline command line. */
    private static List<String> pipelineCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-Xmx1g", "-Drevlake.shuffle.partitions=2",
                "-Dlog4j2.configurationFile=log4j2-revlake-cli.properties",
                "-cp", System.getProperty("java.class.path"), "io.revlake.cli.RevLakeCli"));
        return cmd;
    }
}
