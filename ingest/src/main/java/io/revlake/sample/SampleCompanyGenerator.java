package io.revlake.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a believable B2B SaaS company as a canonical extract (CONTRACT.md), with the ground truth of its MRR.
 *
 * <p>Output, in {@code outDir}: {@code customers.csv}, {@code subscription_items.csv}, {@code invoices.csv},
 * {@code invoice_lines.csv}, {@code payments.csv}, {@code credit_notes.csv}, {@code opportunities.csv},
 * {@code contracts.csv}, {@code obligations.csv}, {@code fx_rates.csv}, {@code expenses.csv} (columns exactly as in
 * {@link io.revlake.catalog.CanonicalEntity}), and in {@code outDir/truth}: {@code mrr_customer_month.csv},
 * {@code mrr_movements.csv}, {@code summary.csv}. Existing files of those names are replaced; nothing else in the
 * folder is touched. Rows are grouped by customer (in id order), each customer's rows in the order they happened.
 *
 * <p>The extract is as of the window's last day. The truth follows METRICS.md's default policy and is computed from
 * the simulation's own state at each month end, never by reading the files back. The same configuration always gives
 * byte-identical files.
 */
public final class SampleCompanyGenerator {
    private static final long FX_STREAM = -1;
    private static final long EXPENSES_STREAM = -2;

    private SampleCompanyGenerator() {
    }

    public static GenerationReport generate(GeneratorConfig config, Path outDir) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(outDir, "outDir");
        long started = System.nanoTime();
        Files.createDirectories(outDir.resolve("truth"));
        Window w = new Window(config.start(), config.months());
        DateText dates = new DateText(w.firstDay - 3 * 366, w.lastDay + 6 * 366);
        FxRates fx = FxRates.simulate(new SplittableRandom(CustomerSimulation.mix(config.seed(), FX_STREAM)),
                config.start(), config.months());

        Map<String, Long> counts = new LinkedHashMap<>();
        GroundTruth.Totals totals;
        try (Sinks sinks = new Sinks(outDir, dates); GroundTruth truth = new GroundTruth()) {
            for (FxRates.Row r : fx.rows()) {
                sinks.fxRates.date(r.day()).text(r.currency().name()).decimal(r.rate());
                sinks.fxRates.endRow();
            }
            CustomerSimulation sim = new CustomerSimulation(config, w, sinks, truth);
            for (int i = 0; i < config.customers(); i++) {
                sim.simulate(i);
            }
            totals = truth.write(outDir, w, fx, dates, sim.idWidth());
            Expenses.write(sinks.expenses, w, sim.signups, totals.mrr(), config.customers(),
                    new SplittableRandom(CustomerSimulation.mix(config.seed(), EXPENSES_STREAM)));
            for (CsvSink s : sinks.all()) {
                counts.put(s.name(), s.rows());
            }
        }
        counts.put(GroundTruth.MRR_FILE, totals.mrrRows());
        counts.put(GroundTruth.MOVEMENTS_FILE, totals.movementRows());
        counts.put(GroundTruth.SUMMARY_FILE, totals.summaryRows());
        return new GenerationReport(counts, Duration.ofNanos(System.nanoTime() - started));
    }
}
