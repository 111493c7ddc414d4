package io.revlake.transform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * The MRR and movement definitions in plain SQL for DuckDB: a month calendar joined to the items, window functions
 * for movements, money in exact integers. Used by the cross-check test and by the benchmark under bench/.
 * Leaves tables {@code cust_month} (month, customer_id, currency, src_cents, rep_cents, const_cents) and
 * {@code movements} (month, customer_id, movement, amount in cents).
 */
public final class DuckDbReference {
    private DuckDbReference() {
    }

    /** Loads silver subscription_items and fx_rates from Parquet folders and computes the two tables. */
    public static void run(Connection duck, Path itemsParquet, Path fxParquet, LocalDate asOf) throws SQLException {
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE items AS SELECT * FROM read_parquet('" + itemsParquet + "/*.parquet')");
            s.execute("CREATE TABLE fx AS SELECT * FROM read_parquet('" + fxParquet + "/*.parquet')");
            for (String sql : SQL.replace("{asof}", asOf.toString()).split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        }
    }

    /**
     * After {@link #run}: the segment of every customer-month from silver.customer_dimension_history (Parquet), and
     * table {@code segment_rows} (month, segment, kind, amount in cents) with kind {@code mrr} (reporting currency), a
     * movement, or {@code entering}/{@code leaving}; also {@code moves} (month, customer_id, movement, amount) with the
     * customers' entering and leaving rows. Written from docs/metrics.md "Entering and leaving", not from the Java.
     */
    public static void runSegments(Connection duck, Path historyParquet) throws SQLException {
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE hist AS SELECT customer_id, valid_from, segment FROM read_parquet('" + historyParquet
                    + "/*.parquet')");
            execute(s, SEGMENT_AT_SQL + PLACEMENT_SQL.replace("{sfx}", ""));
        }
    }

    /**
     * After {@link #run}: as {@link #runSegments} for the customer's main plan of each month (the plan id with the
     * most MRR at the month end, ties to the smallest id; docs/metrics.md "Plan"): tables {@code seg_at_plan},
     * {@code moves_plan} and {@code segment_rows_plan}, whose {@code segment} column holds the plan.
     */
    public static void runPlans(Connection duck) throws SQLException {
        try (Statement s = duck.createStatement()) {
            execute(s, PLAN_AT_SQL + PLACEMENT_SQL.replace("{sfx}", "_plan"));
        }
    }

    private static void execute(Statement s, String script) throws SQLException {
        for (String sql : script.split(";")) {
            if (!sql.isBlank()) {
                s.execute(sql);
            }
        }
    }

    static final String SEGMENT_AT_SQL = """
            -- the values of month m: the period with the latest start on or before m (the first has no start)
            CREATE TABLE seg_at AS
              SELECT s.customer_id, s.month,
                coalesce(arg_max(h.segment, coalesce(h.valid_from, '0000-00')), '(none)') AS segment
              FROM series s LEFT JOIN hist h
                ON h.customer_id = s.customer_id AND coalesce(h.valid_from, '0000-00') <= s.month
              GROUP BY ALL;
            """;

    static final String PLAN_AT_SQL = """
            -- each plan's exact MRR (n, the same scale for every item) at the month end: the largest wins
            CREATE TABLE plan_month AS
              SELECT strftime(month_start, '%Y-%m') AS month, customer_id,
                first(plan_id ORDER BY n DESC, plan_id) AS plan
              FROM (SELECT month_start, customer_id, plan_id, sum(n) AS n FROM item_month
                    WHERE n > 0 AND plan_id IS NOT NULL GROUP BY ALL)
              GROUP BY ALL;
            CREATE TABLE seg_at_plan AS
              SELECT s.customer_id, s.month, coalesce(p.plan, '(none)') AS segment
              FROM series s LEFT JOIN plan_month p USING (customer_id, month);
            """;

    static final String PLACEMENT_SQL = """
            CREATE TABLE placed{sfx} AS
              SELECT l.month, l.customer_id, l.c, l.p, l.r, l.pr, now.segment AS seg_now, prev.segment AS seg_prev
              FROM lagged l
              JOIN seg_at{sfx} now ON now.customer_id = l.customer_id AND now.month = l.month
              LEFT JOIN seg_at{sfx} prev ON prev.customer_id = l.customer_id
                AND prev.month = strftime(CAST(l.month || '-01' AS DATE) - INTERVAL 1 MONTH, '%Y-%m');
            CREATE TABLE moves{sfx} AS
              SELECT month, customer_id, 'leaving' AS movement, -pr AS amount FROM placed{sfx}
                WHERE p > 0 AND c > 0 AND seg_prev <> seg_now
              UNION ALL
              SELECT month, customer_id, 'entering', pr FROM placed{sfx} WHERE p > 0 AND c > 0 AND seg_prev <> seg_now;
            CREATE TABLE segment_rows{sfx} AS
              SELECT month, segment, kind, sum(amount) AS amount FROM (
                SELECT m.month, CASE WHEN x.c = 0 THEN x.seg_prev ELSE x.seg_now END AS segment, m.movement AS kind,
                  m.amount
                FROM movements m JOIN placed{sfx} x USING (month, customer_id)
                UNION ALL
                SELECT month, seg_prev, 'leaving', -pr FROM placed{sfx} WHERE p > 0 AND c > 0 AND seg_prev <> seg_now
                UNION ALL
                SELECT month, seg_now, 'entering', pr FROM placed{sfx} WHERE p > 0 AND c > 0 AND seg_prev <> seg_now
                UNION ALL
                SELECT cm.month, s.segment, 'mrr', cm.rep_cents FROM cust_month cm JOIN seg_at{sfx} s USING (customer_id, month))
              GROUP BY ALL HAVING sum(amount) <> 0
            """;

    public static final String SQL = """
            CREATE TABLE months AS
              SELECT CAST(m AS DATE) AS month_start, LEAST(CAST(last_day(m) AS DATE), DATE '{asof}') AS snap
              FROM range((SELECT CAST(date_trunc('month', min(start_date)) AS DATE) FROM items),
                         DATE '{asof}' + INTERVAL 1 DAY, INTERVAL 1 MONTH) t(m);
            CREATE TABLE item_month AS
              WITH x AS (
                SELECT m.month_start, m.snap, i.customer_id, i.currency, i.plan_id,
                  (i.trial_end IS NOT NULL AND i.trial_end > m.snap) AS trialing,
                  (i.discount_end IS NULL OR i.discount_end > m.snap) AS discounted,
                  CAST(i.unit_amount * 100 AS HUGEINT) AS unit_c,
                  CAST(coalesce(i.quantity, 1) * 100 AS HUGEINT) AS qty_c,
                  CAST(coalesce(i.discount_pct, 0) * 100 AS HUGEINT) AS pct_c,
                  CAST(coalesce(i.discount_amount, 0) * 100 AS HUGEINT) AS off_c,
                  CASE i.billing_interval WHEN 'week' THEN 52 ELSE 1 END AS mult,
                  CASE i.billing_interval WHEN 'week' THEN 12 WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 ELSE 12 END
                    * coalesce(i.interval_count, 1) AS denom
                FROM items i JOIN months m ON i.start_date <= m.snap AND (i.end_date IS NULL OR i.end_date > m.snap))
              -- n = monthly amount x 1e8 x 30240 (30240 = 12 x 2520, a common multiple of every denominator here)
              SELECT month_start, snap, customer_id, currency, plan_id,
                CASE WHEN trialing THEN CAST(0 AS HUGEINT) ELSE
                  greatest(CAST(0 AS HUGEINT),
                    CASE WHEN discounted THEN unit_c * qty_c * (10000 - pct_c) - off_c * 1000000
                         ELSE unit_c * qty_c * 10000 END) * mult * (30240 // denom)
                END AS n
              FROM x;
            CREATE TABLE cust AS
              SELECT month_start, snap, customer_id, min(currency) AS currency, sum(n) AS n
              FROM item_month WHERE n > 0 GROUP BY ALL;
            CREATE TABLE rates AS
              SELECT currency, date, CAST(rate_to_reporting * 10000000000 AS HUGEINT) AS rate_e10 FROM fx
              UNION ALL SELECT 'USD', DATE '1900-01-01', CAST(10000000000 AS HUGEINT);
            CREATE TABLE base AS SELECT min(month_start) AS base_month, CAST(last_day(min(month_start)) AS DATE) AS base_end FROM cust;
            CREATE TABLE base_rates AS
              SELECT r.currency,
                coalesce(max_by(r.rate_e10, r.date) FILTER (WHERE r.date <= b.base_end), min_by(r.rate_e10, r.date)) AS rate_e10
              FROM rates r, base b GROUP BY r.currency;
            -- cents, rounded half up once: n / (1e8 x 30240 / 100) and, converted, n x rate_e10 / (that x 1e10)
            CREATE TABLE cust_month AS
              SELECT strftime(c.month_start, '%Y-%m') AS month, c.customer_id, c.currency,
                (c.n + CAST('15120000000' AS HUGEINT)) // CAST('30240000000' AS HUGEINT) AS src_cents,
                (c.n * r.rate_e10 + CAST('151200000000000000000' AS HUGEINT))
                  // CAST('302400000000000000000' AS HUGEINT) AS rep_cents,
                (c.n * b.rate_e10 + CAST('151200000000000000000' AS HUGEINT))
                  // CAST('302400000000000000000' AS HUGEINT) AS const_cents
              FROM cust c
              ASOF JOIN rates r ON r.currency = c.currency AND r.date <= c.snap
              JOIN base_rates b ON b.currency = c.currency;
            CREATE TABLE series AS
              WITH firsts AS (SELECT customer_id, min(month) AS first FROM cust_month GROUP BY 1)
              SELECT f.customer_id, strftime(m.month_start, '%Y-%m') AS month,
                coalesce(cm.const_cents, 0) AS c, coalesce(cm.rep_cents, 0) AS r
              FROM firsts f JOIN months m ON strftime(m.month_start, '%Y-%m') >= f.first
              LEFT JOIN cust_month cm ON cm.customer_id = f.customer_id AND cm.month = strftime(m.month_start, '%Y-%m');
            CREATE TABLE lagged AS
              SELECT *, coalesce(lag(c) OVER w, 0) AS p, coalesce(lag(r) OVER w, 0) AS pr,
                coalesce(max(CASE WHEN c > 0 THEN 1 ELSE 0 END) OVER (PARTITION BY customer_id ORDER BY month
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 2 PRECEDING), 0) AS paid_before
              FROM series WINDOW w AS (PARTITION BY customer_id ORDER BY month);
            CREATE TABLE movements AS
              SELECT month, customer_id, movement, amount FROM (
                SELECT month, customer_id,
                  CASE WHEN p = 0 AND c > 0 AND paid_before = 0 THEN 'new'
                       WHEN p = 0 AND c > 0 THEN 'reactivation'
                       WHEN p > 0 AND c > p THEN 'expansion'
                       WHEN c > 0 AND c < p THEN 'contraction'
                       WHEN p > 0 AND c = 0 THEN 'churn' END AS movement,
                  c - p AS amount
                FROM lagged) WHERE movement IS NOT NULL
              UNION ALL
              SELECT month, customer_id, 'fx', (r - pr) - (c - p) FROM lagged WHERE (r - pr) - (c - p) <> 0
            """;
}
