package io.revlake.api.quality;

import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.LatestTable;
import io.revlake.api.gold.LoadedTable;
import io.revlake.catalog.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.InstantColumn;

/**
 * The data-quality results the transform records in ops.quality_results (write, audit, publish;
 * docs/operations.md), read with Delta Kernel and re-read only when the table gets a new version.
 */
public final class QualityService {
    /** One check's result on one table version. */
    public record Result(String runId, String table, long version, String check, String kind, String severity,
                         boolean passed, long failingRows, String failingSample, Instant checkedAt) {
        public boolean blocking() {
            return "blocking".equals(severity);
        }
    }

    /** The results of one transform run, failures first. */
    public record Run(String runId, Instant checkedAt, List<Result> results) {
        public Run {
            results = List.copyOf(results);
        }

        public long failed(String severity) {
            return results.stream().filter(r -> !r.passed() && r.severity().equals(severity)).count();
        }
    }

    private final LatestTable<List<Result>> all;

    public QualityService(DeltaGoldReader reader) {
        this.all = new LatestTable<>(reader, Tables.QUALITY_RESULTS, QualityService::parse, List.of());
    }

    /** The run with the newest results; empty when no run recorded any. */
    public Optional<Run> latest() {
        List<Result> results = results();
        return results.stream().max(Comparator.comparing(Result::checkedAt)).flatMap(r -> run(r.runId()));
    }

    /** The results of a run; empty when it recorded none. */
    public Optional<Run> run(String runId) {
        List<Result> mine = results().stream().filter(r -> r.runId().equals(runId))
                .sorted(Comparator.comparing(Result::passed).thenComparing(r -> !r.blocking())
                        .thenComparing(Result::table).thenComparing(Result::check)).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Run(runId, mine.stream().map(Result::checkedAt).max(Comparator.naturalOrder())
                .orElseThrow(), mine));
    }

    private List<Result> results() {
        return all.get();
    }

    private static List<Result> parse(LoadedTable loaded) {
        var d = loaded.data();
        List<Result> out = new ArrayList<>(loaded.rowCount());
        for (int r = 0; r < loaded.rowCount(); r++) {
            out.add(new Result(d.stringColumn("run_id").get(r), d.stringColumn("table_name").get(r),
                    d.longColumn("version").getLong(r), d.stringColumn("check_name").get(r),
                    d.stringColumn("kind").get(r), d.stringColumn("severity").get(r),
                    d.booleanColumn("passed").get(r), d.longColumn("failing_rows").getLong(r),
                    d.stringColumn("failing_sample").get(r), ((InstantColumn) d.column("checked_at")).get(r)));
        }
        return List.copyOf(out);
    }
}
