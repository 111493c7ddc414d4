package io.revlake.sample;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a generation wrote.
 *
 * @param rowCounts file name relative to the output folder (e.g. {@code customers.csv},
 *                  {@code truth/mrr_movements.csv}) to the number of data rows (header excluded), in write order
 * @param elapsed   time the generation took
 */
public record GenerationReport(Map<String, Long> rowCounts, Duration elapsed) {
    public GenerationReport {
        Objects.requireNonNull(rowCounts, "rowCounts");
        Objects.requireNonNull(elapsed, "elapsed");
        rowCounts = Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
    }
}
