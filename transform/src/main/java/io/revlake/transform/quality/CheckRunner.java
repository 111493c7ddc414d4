package io.revlake.transform.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.Check;
import io.revlake.catalog.TableDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Evaluates declared {@link Check}s on one table's rows. Row checks are Spark column expressions (they run where the
 * data is); identities collect their small tables and reuse the stages' own check functions ({@link Identities}).
 */
public final class CheckRunner {
    /** Failing keys kept per check: enough to find the rows, small enough for a dashboard cell. */
    static final int SAMPLE_SIZE = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckRunner() {
    }

    /** What a check found: how many rows (or identity violations) fail, and a few of them as a JSON array. */
    public record Outcome(long failingRows, String sample) {
    }

    /**
     * @param data  the checked table's rows (at the version written)
     * @param other any table the check refers to, at the version of the same run
     */
    public static Outcome evaluate(Check check, TableDef table, Dataset<Row> data,
                                   Function<TableDef, Dataset<Row>> other) {
        Optional<Column> failing = rowPredicate(check);
        if (failing.isPresent()) {
            Dataset<Row> bad = data.filter(failing.get());
            return outcome(bad.count(), bad, keys(table, check));
        }
        if (check instanceof Check.Unique c) {
            return duplicates(data, c.columns());
        }
        if (check instanceof Check.References c) {
            return orphans(data, c, other.apply(c.target()), keys(table, check));
        }
        Check.Identity c = (Check.Identity) check;
        List<String> violations = Identities.violations(c.identity(), other);
        return new Outcome(violations.size(), json(violations.stream().limit(SAMPLE_SIZE).toList()));
    }

    /** The condition a failing row meets, for the checks that look at one row at a time. */
    private static Optional<Column> rowPredicate(Check check) {
        if (check instanceof Check.NotNull c) {
            return c.columns().stream().map(n -> col(n).isNull()).reduce(Column::or);
        }
        if (check instanceof Check.AcceptedValues c) {
            Column value = col(c.column());
            return Optional.of(value.isNotNull().and(value.cast("string").isin(c.values().toArray()).unary_$bang()));
        }
        return Optional.empty();
    }

    /** Runs every check of a table and stamps the results with the run, version and time. */
    public static List<QualityResult> run(String runId, TableDef table, long version, List<Check> checks,
                                          Dataset<Row> data, Function<TableDef, Dataset<Row>> other) {
        // The one-row checks share one pass over the table; samples are read only for those that fail.
        List<Column> counts = new ArrayList<>();
        for (Check check : checks) {
            rowPredicate(check).ifPresent(p -> counts.add(sum(when(p, 1L).otherwise(0L))));
        }
        Row failingCounts = counts.isEmpty() ? null : data.agg(counts.get(0), counts.subList(1, counts.size())
                .toArray(Column[]::new)).first();
        int next = 0;
        List<QualityResult> results = new ArrayList<>();
        for (Check check : checks) {
            Optional<Column> failing = rowPredicate(check);
            Outcome o;
            if (failing.isPresent()) {
                int i = next++;
                long n = failingCounts.isNullAt(i) ? 0 : failingCounts.getLong(i);
                o = outcome(n, data.filter(failing.get()), keys(table, check));
            } else {
                o = evaluate(check, table, data, other);
            }
            results.add(new QualityResult(runId, table.qualifiedName(), version, check.name(), check.kind(),
                    check.severity(), o.failingRows() == 0, o.failingRows(), o.sample(), Instant.now()));
        }
        return results;
    }

    private static Outcome outcome(long failingRows, Dataset<Row> bad, List<String> keys) {
        return new Outcome(failingRows, failingRows == 0 ? "[]" : sample(bad, keys));
    }

    /** Every row whose key another row shares fails (two rows with one key: 2 failing rows). */
    private static Outcome duplicates(Dataset<Row> data, List<String> key) {
        Column[] cols = key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> dup = data.groupBy(cols).agg(count("*").as("_rows")).filter(col("_rows").gt(1));
        Row total = dup.agg(sum("_rows")).first();
        return outcome(total.isNullAt(0) ? 0 : total.getLong(0), dup, key);
    }

    private static Outcome orphans(Dataset<Row> data, Check.References c, Dataset<Row> target, List<String> keys) {
        Dataset<Row> values = target.select(col(c.targetColumn()).as("_ref")).distinct();
        Dataset<Row> bad = data.filter(col(c.column()).isNotNull())
                .join(values, col(c.column()).equalTo(col("_ref")), "left_anti");
        return outcome(bad.count(), bad, keys);
    }

    private static String sample(Dataset<Row> bad, List<String> keys) {
        Column row = struct(keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
        List<String> rows = bad.select(to_json(row).as("_key")).orderBy("_key").limit(SAMPLE_SIZE)
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        return "[" + String.join(",", rows) + "]";
    }

    /** The table's key then the checked columns: enough to find a failing row. */
    private static List<String> keys(TableDef table, Check check) {
        Set<String> keys = new LinkedHashSet<>(table.key());
        if (check instanceof Check.NotNull c) {
            keys.addAll(c.columns());
        } else if (check instanceof Check.AcceptedValues c) {
            keys.add(c.column());
        } else if (check instanceof Check.References c) {
            keys.add(c.column());
        }
        return List.copyOf(keys);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
