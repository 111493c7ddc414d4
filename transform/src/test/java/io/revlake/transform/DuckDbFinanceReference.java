package io.revlake.transform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * AR aging at every month end and DSO's AR and billings, written a second time, independently, in DuckDB SQL over the
 * silver invoices, payments, credit notes and fx_rates: the cross-check of the finance stage
 * ({@code DuckDbFinanceCrossCheckTest}) and the baseline of {@code bench/finance.sh}.
 *
 * <p>The definitions are METRICS.md's as the finance stage applies them: void invoices left out; payments applied to
 * their invoice, converted to its currency at the payment date; credit notes capped at what is left to credit
 * (applied_k = min(c_k, max(total, 0) − Σ earlier positive credits)), dated no earlier than the invoice; an
 * uncollectible invoice written off at its last update (kept between invoice date and as-of date); open = total −
 * paid − credited − written off, aged in days past due at each snapshot (every month end, the last one the as-of date)
 * and converted at that date's rate (the latest on or before it). Money stays DECIMAL throughout: a first version let
 * one cross-rate conversion turn the union of amounts into DOUBLE, and residues of 1e-12 became "open" invoices.
 *
 * <p>Creates the temporary tables {@code aging_rep} (as_of, customer_id, invoice_id, currency, open, days_past_due,
 * bucket, open_reporting) and {@code dso} (as_of, ar_end, billings, days).
 */
public final class DuckDbFinanceReference {
    private DuckDbFinanceReference() {
    }

    /**
     * @param invoices     a DuckDB table expression of silver.invoices, e.g. {@code read_parquet('…/*.parquet')}
     * @param reporting    the reporting currency (converts at 1)
     */
    public static void run(Connection duck, String invoices, String payments, String creditNotes, String fxRates,
                           LocalDate asOf, String reporting) throws SQLException {
        String sql = """

                CREATE TEMP TABLE fx AS
                  SELECT date, currency, rate_to_reporting AS rate FROM %3$s
                  UNION ALL SELECT DATE '1900-01-01', '%2$s', 1;
                CREATE TEMP TABLE inv AS
                  SELECT invoice_id, customer_id, invoice_date, due_date, currency, round(total, 2) AS total,
                         CASE WHEN status = 'uncollectible' THEN
                           CASE WHEN updated_at IS NULL OR CAST(updated_at AS DATE) > %1$s THEN %1$s
                                WHEN CAST(updated_at AS DATE) < invoice_date THEN invoice_date
                                ELSE CAST(updated_at AS DATE) END END AS wod
                  FROM %4$s WHERE status IS NULL OR status <> 'void';
                -- Payments in the invoice's currency (cross rates through the reporting currency at the payment date).
                CREATE TEMP TABLE pay AS
                  WITH p AS (SELECT p.payment_id, p.invoice_id, p.payment_date AS date, p.amount, p.currency AS pc,
                                    i.currency AS ic
                             FROM %5$s p JOIN inv i USING (invoice_id))
                  SELECT p.invoice_id, p.date, CASE WHEN pc = ic THEN amount
                           ELSE CAST(round(amount * f1.rate / f2.rate, 2) AS DECIMAL(38, 6)) END AS amount
                  FROM p ASOF LEFT JOIN fx f1 ON f1.currency = p.pc AND p.date >= f1.date
                         ASOF LEFT JOIN fx f2 ON f2.currency = p.ic AND p.date >= f2.date;
                -- Credit notes capped at what is left: applied_k = min(c_k, max(total, 0) − Σ earlier positive credits).
                CREATE TEMP TABLE cred AS
                  WITH c AS (SELECT c.credit_note_id, c.invoice_id, c.issue_date, i.invoice_date, i.total,
                                    CASE WHEN c.currency = i.currency THEN c.amount
                                         ELSE CAST(round(c.amount * f1.rate / f2.rate, 2) AS DECIMAL(38, 6))
                                         END AS amount
                             FROM %6$s c JOIN inv i USING (invoice_id)
                             ASOF LEFT JOIN fx f1 ON f1.currency = c.currency AND c.issue_date >= f1.date
                             ASOF LEFT JOIN fx f2 ON f2.currency = i.currency AND c.issue_date >= f2.date)
                  SELECT c.invoice_id, greatest(c.issue_date, c.invoice_date) AS date,
                         greatest(0, least(c.amount, greatest(c.total, 0) - coalesce(sum(greatest(c.amount, 0)) OVER (
                           PARTITION BY c.invoice_id ORDER BY c.issue_date, c.credit_note_id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS amount
                  FROM c;
                CREATE TEMP TABLE snaps AS
                  SELECT least(last_day(m), %1$s) AS d FROM generate_series(
                    date_trunc('month', (SELECT least(min(i.invoice_date), (SELECT min(payment_date)
                      FROM %5$s)) FROM inv i)),
                    date_trunc('month', %1$s), INTERVAL 1 MONTH) t(m);
                -- Events as signed amounts: what each invoice owes (+) and what reduced it (−), by date.
                CREATE TEMP TABLE ev AS
                  SELECT invoice_id, invoice_date AS date, CAST(total AS DECIMAL(38, 6)) AS amount FROM inv
                  UNION ALL SELECT invoice_id, date, CAST(-amount AS DECIMAL(38, 6)) FROM pay
                  UNION ALL SELECT invoice_id, date, CAST(-amount AS DECIMAL(38, 6)) FROM cred;
                CREATE TEMP TABLE wo AS
                  SELECT i.invoice_id, i.wod, greatest(0, coalesce(sum(e.amount), 0)) AS amount
                  FROM inv i LEFT JOIN ev e ON e.invoice_id = i.invoice_id AND e.date <= i.wod
                  WHERE i.wod IS NOT NULL GROUP BY i.invoice_id, i.wod;
                CREATE TEMP TABLE aging AS
                  WITH bal AS (
                    SELECT s.d, e.invoice_id, sum(e.amount) AS raw
                    FROM snaps s JOIN ev e ON e.date <= s.d GROUP BY s.d, e.invoice_id)
                  SELECT b.d AS as_of, i.customer_id, i.invoice_id, i.currency,
                         b.raw - CASE WHEN w.wod <= b.d THEN w.amount ELSE 0 END AS open,
                         datediff('day', i.due_date, b.d) AS days_past_due
                  FROM bal b JOIN inv i USING (invoice_id) LEFT JOIN wo w USING (invoice_id)
                  WHERE b.raw - CASE WHEN w.wod <= b.d THEN w.amount ELSE 0 END > 0;
                CREATE TEMP TABLE aging_rep AS
                  SELECT a.*, CASE WHEN days_past_due <= 0 THEN 'current' WHEN days_past_due <= 30 THEN '1-30'
                                   WHEN days_past_due <= 60 THEN '31-60' WHEN days_past_due <= 90 THEN '61-90'
                                   WHEN days_past_due <= 120 THEN '91-120' ELSE '120+' END AS bucket,
                         CAST(round(a.open * f.rate, 2) AS DECIMAL(38, 2)) AS open_reporting
                  FROM aging a ASOF LEFT JOIN fx f ON f.currency = a.currency AND a.as_of >= f.date;
                -- DSO (simple) per snapshot: AR at the end ÷ billings of the month × days of the month, totals converted
                -- at the snapshot's rate.
                CREATE TEMP TABLE dso AS
                  WITH ar AS (SELECT as_of, currency, sum(open) AS ar FROM aging GROUP BY ALL),
                       bill AS (SELECT s.d, i.currency, sum(i.total) AS billed FROM snaps s JOIN inv i
                                  ON i.invoice_date <= s.d AND i.invoice_date > last_day(s.d - INTERVAL 1 MONTH)
                                GROUP BY ALL),
                       cur AS (SELECT s.d, c.currency, coalesce(a.ar, 0) AS ar, coalesce(b.billed, 0) AS billed
                               FROM snaps s CROSS JOIN (SELECT DISTINCT currency FROM inv) c
                               LEFT JOIN ar a ON a.as_of = s.d AND a.currency = c.currency
                               LEFT JOIN bill b ON b.d = s.d AND b.currency = c.currency)
                  SELECT cur.d AS as_of, round(sum(cur.ar * f.rate), 2) AS ar_end,
                         round(sum(cur.billed * f.rate), 2) AS billings, day(cur.d) AS days
                  FROM cur ASOF LEFT JOIN fx f ON f.currency = cur.currency AND cur.d >= f.date GROUP BY cur.d;
                """.formatted("DATE '" + asOf + "'", reporting, fxRates, invoices, payments, creditNotes);
        try (Statement s = duck.createStatement()) {
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }
}
