package io.revlake.bench;

import io.revlake.transform.DuckDbReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * Baseline for bench/recurring.sh: the DuckDB SQL implementation of MRR by customer-month and movements over the
 * silver subscription_items and fx_rates Parquet files of a freshly built warehouse (one Delta version each, so the
 * folder's Parquet files are exactly the table).
 *
 * <p>Usage: {@code DuckDbRecurring WAREHOUSE AS_OF}
 */
public final class DuckDbRecurring {
    private DuckDbRecurring() {
    }

    public static void main(String[] args) throws Exception {
        Path silver = Path.of(args[0]).resolve("silver");
        LocalDate asOf = LocalDate.parse(args[1]);
        long t0 = System.nanoTime();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbReference.run(duck, silver.resolve("subscription_items"), silver.resolve("fx_rates"), asOf);
            try (Statement s = duck.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM cust_month), (SELECT count(*) FROM movements)")) {
                rs.next();
                System.out.printf("duckdb: %d customer-months, %d movements in %.1f s%n", rs.getLong(1), rs.getLong(2),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
