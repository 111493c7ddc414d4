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
 * <p>Open AR in the reporting currency is converted invoice by invoice and rounded to the cent: DSO's AR end is Σ of
 * the aging rows' reporting amounts, so Σ aging buckets = AR end holds to the cent, as in the finance stage.
 *
 * <p>Creates the temporary tables {@code aging_rep} (as_of, customer_id, invoice_id, currency, open, days_past_due,
 * bucket, open_reporting), {@code dso} (as_of, ar_start, ar_end, current_ar_end, billings, days) and
 * {@code bill_rows} (invoice_id, customer_id, invoice_date, month, as_of, currency, total, total_reporting).
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
                -- DSO per snapshot. Open AR in the reporting currency is converted invoice by invoice and rounded to the
                -- cent, as the aging rows: ar_end = Σ open_reporting of the snapshot, current_ar_end = the same over the
                -- rows not yet due, ar_start = the previous snapshot's rows each converted at this snapshot's rate and
                -- rounded. Billings are each currency's invoice totals of the month converted at the snapshot's rate.
                CREATE TEMP TABLE dso AS
                  WITH sn AS (SELECT d, lag(d) OVER (ORDER BY d) AS prev FROM snaps),
                       ar AS (SELECT as_of, sum(open_reporting) AS ar_end,
                                     sum(CASE WHEN days_past_due <= 0 THEN open_reporting ELSE 0 END) AS current_ar_end
                              FROM aging_rep GROUP BY as_of),
                       start_rows AS (SELECT sn.d, a.currency, a.open FROM sn JOIN aging a ON a.as_of = sn.prev),
                       ar_start AS (SELECT r.d, sum(CAST(round(r.open * f.rate, 2) AS DECIMAL(38, 2))) AS ar_start
                                    FROM start_rows r ASOF LEFT JOIN fx f ON f.currency = r.currency AND r.d >= f.date
                                    GROUP BY r.d),
                       bill AS (SELECT s.d, i.currency, sum(i.total) AS billed FROM snaps s JOIN inv i
                                  ON i.invoice_date <= s.d AND i.invoice_date > last_day(s.d - INTERVAL 1 MONTH)
                                GROUP BY ALL),
                       billings AS (SELECT b.d, round(sum(b.billed * f.rate), 2) AS billings
                                    FROM bill b ASOF LEFT JOIN fx f ON f.currency = b.currency AND b.d >= f.date
                                    GROUP BY b.d)
                  SELECT s.d AS as_of, CAST(coalesce(st.ar_start, 0) AS DECIMAL(38, 2)) AS ar_start,
                         CAST(coalesce(a.ar_end, 0) AS DECIMAL(38, 2)) AS ar_end,
                         CAST(coalesce(a.current_ar_end, 0) AS DECIMAL(38, 2)) AS current_ar_end,
                         CAST(coalesce(b.billings, 0) AS DECIMAL(38, 2)) AS billings, day(s.d) AS days
                  FROM snaps s LEFT JOIN ar a ON a.as_of = s.d LEFT JOIN ar_start st ON st.d = s.d
                  LEFT JOIN billings b ON b.d = s.d;
                -- Billings invoice by invoice (gold.billings). Each invoice's total at its month's snapshot rate,
                -- rounded down to the cent, then the cents the month's rounded sum still needs go to the largest
                -- remainders, ties by invoice id, so a month's rows add up to its DSO billings.
                CREATE TEMP TABLE bill_rows AS
                  WITH b AS (SELECT invoice_id, customer_id, invoice_date, strftime(invoice_date, '%%Y-%%m') AS month,
                                    least(last_day(invoice_date), %1$s) AS snap, currency, total
                             FROM inv WHERE invoice_date <= %1$s),
                       r AS (SELECT b.*, f.rate, b.total * f.rate AS exact, floor(b.total * f.rate * 100) / 100 AS fl
                             FROM b ASOF LEFT JOIN fx f ON f.currency = b.currency AND b.snap >= f.date),
                       m AS (SELECT month, round(sum(exact), 2) - sum(fl) AS missing FROM r GROUP BY month),
                       k AS (SELECT r.*, row_number() OVER (PARTITION BY month ORDER BY exact - fl DESC, invoice_id) AS k
                             FROM r)
                  SELECT invoice_id, customer_id, invoice_date, month, snap AS as_of, currency, total,
                         CAST(fl + CASE WHEN k <= round(m.missing * 100) THEN 0.01 ELSE 0 END AS DECIMAL(38, 2))
                           AS total_reporting
                  FROM k JOIN m USING (month);
                """.formatted("DATE '" + asOf + "'", reporting, fxRates, invoices, payments, creditNotes);
        execute(duck, sql);
    }

    /**
     * The revenue-recognition schedule (docs/finance.md "Revenue recognition"), written independently of
     * {@code RevenueEngine} and {@code RecognitionSchedule}, for the obligations the sample generator produces.
     * Money is handled in integer cents (HUGEINT), so no step depends on decimal division.
     *
     * <ul>
     *   <li><b>Obligations.</b> Contracts signed by the as-of date; each obligation of obligations.csv (a contract
     *       without any is one ratable obligation {@code <contract>#term} over its term). Invoice lines (non-void
     *       invoices dated by the as-of date) bill a contract obligation they name (same customer and currency), or
     *       else the contract of the same customer and currency whose term [start, end) holds the line's service
     *       start (or the invoice date), the latest-starting one. Every other line is an obligation of its
     *       invoice priced at its amount.</li>
     *   <li><b>Allocation</b> (relative SSP, largest remainder). When a contract has fixed and usage obligations
     *       and the usage estimates (their SSPs) fit in the transaction price, each usage obligation gets its
     *       estimate to the cent (half up) and the rest of the price is split over the others; otherwise the whole
     *       price is split over all. The split: floor(rest × ssp ÷ Σ ssp) cents each, then one more cent to the
     *       largest remainders until the parts sum to the rest (ties: the smaller obligation_id). The list-price
     *       and residual fallbacks for a missing SSP are not written here: the generator always gives an SSP
     *       ({@code sched_unsupported} counts this and the other cases left out, and the cross-check requires each
     *       count to be 0: invoice lines that do not sum to the subtotal, discount lines).</li>
     *   <li><b>Ratable</b> over [s, e) with price P: every month m from s's month gets
     *       round_half_up(P × days(m ∩ [s, e)) ÷ days(e − s)) to the cent, except the last month, which gets
     *       P − Σ of the others, so the months sum exactly to P. A contract obligation whose end is not after its
     *       start is recognised at its start. Invoice lines of type subscription or services with a service
     *       period are ratable over it; when the line's subscription item ends at C strictly inside the period
     *       (a cancellation), the months before C's month keep their shares of [s, C) at the same rate
     *       (÷ days(e − s)), and C's month takes what is left.</li>
     *   <li><b>Point in time</b>: the whole price in the month of the delivery date (else the obligation's start,
     *       else the contract's start); other invoice lines (one-time, usage, undated) at the invoice date.</li>
     *   <li><b>Usage</b> (a contract's usage obligation): as billed, each linked line's amount in its invoice's
     *       month; the schedule sums to what was billed.</li>
     *   <li>Months that net to zero have no row.</li>
     * </ul>
     *
     * <p>Credit notes change a schedule prospectively (docs/finance.md); that is not written here. Instead
     * {@code sched_modified} (source, obligation_id) lists every obligation a credit note dated by the as-of date
     * could have touched: all obligations of every unit (contract, or invoice) that a credited invoice billed. The
     * cross-check leaves those out.
     *
     * <p>Creates {@code sched} (source, obligation_id, contract_id, customer_id, method, month 'YYYY-MM', currency,
     * allocated_price, recognized), {@code sched_modified} (source, obligation_id) and {@code sched_unsupported}
     * (what, n).
     */
    public static void schedule(Connection duck, String invoices, String lines, String creditNotes, String contracts,
                                String obligations, String items, LocalDate asOf) throws SQLException {
        String sql = """
                CREATE TEMP TABLE rs_inv AS
                  SELECT invoice_id, customer_id, invoice_date, currency, subtotal FROM %2$s
                  WHERE invoice_date <= %1$s AND (status IS NULL OR status <> 'void');
                CREATE TEMP TABLE rs_line AS
                  SELECT l.line_id, l.invoice_id, i.customer_id, i.invoice_date, i.currency, l.item_id, l.line_type,
                         CAST(round(l.amount * 100) AS HUGEINT) AS amount_c, l.service_start, l.service_end,
                         l.obligation_id
                  FROM %3$s l JOIN rs_inv i USING (invoice_id);
                CREATE TEMP TABLE rs_ct AS
                  SELECT contract_id, customer_id, currency, signed_date, start_date, end_date,
                         CAST(round(transaction_price * 100) AS HUGEINT) AS price_c
                  FROM %5$s WHERE signed_date <= %1$s;
                -- SSPs in millionths (HUGEINT): exact for the silver DECIMAL(…, 6) amounts
                CREATE TEMP TABLE rs_ob AS
                  SELECT o.obligation_id, o.contract_id, c.customer_id, c.currency, o.method,
                         CAST(round(coalesce(o.ssp, 0) * 1000000) AS HUGEINT) AS ssp_u,
                         coalesce(o.start_date, c.start_date) AS s, coalesce(o.end_date, c.end_date) AS e,
                         coalesce(o.delivery_date, o.start_date, c.start_date) AS delivery, c.price_c
                  FROM %6$s o JOIN rs_ct c USING (contract_id)
                  UNION ALL
                  SELECT c.contract_id || '#term', c.contract_id, c.customer_id, c.currency, 'ratable', c.price_c * 10000,
                         c.start_date, c.end_date, c.start_date, c.price_c
                  FROM rs_ct c WHERE c.contract_id NOT IN (SELECT contract_id FROM %6$s);
                CREATE TEMP TABLE rs_alloc AS
                  WITH k AS (
                    SELECT *, sum(CASE WHEN method = 'usage' THEN ssp_u ELSE 0 END) OVER w AS usage_u,
                           count(*) FILTER (WHERE method <> 'usage') OVER w AS n_fixed,
                           count(*) FILTER (WHERE method = 'usage') OVER w AS n_usage
                    FROM rs_ob WINDOW w AS (PARTITION BY contract_id)),
                  est AS (
                    SELECT *, CASE WHEN method = 'usage' AND n_fixed > 0 AND usage_u <= price_c * 10000
                                   THEN (ssp_u + 5000) // 10000 END AS est_c
                    FROM k),
                  r AS (
                    SELECT *, price_c - coalesce(sum(est_c) OVER w, 0) AS rest_c,
                           sum(CASE WHEN est_c IS NULL THEN ssp_u ELSE 0 END) OVER w AS w_sum
                    FROM est WINDOW w AS (PARTITION BY contract_id)),
                  f AS (
                    SELECT *, CASE WHEN est_c IS NULL THEN (rest_c * ssp_u) // w_sum END AS floor_c,
                           CASE WHEN est_c IS NULL THEN (rest_c * ssp_u) %% w_sum END AS rem
                    FROM r),
                  g AS (
                    SELECT *, rest_c - sum(floor_c) OVER (PARTITION BY contract_id) AS missing,
                           row_number() OVER (PARTITION BY contract_id, est_c IS NULL
                                              ORDER BY rem DESC, obligation_id) AS rank
                    FROM f)
                  SELECT obligation_id, contract_id, customer_id, currency, method, s, e, delivery,
                         coalesce(est_c, floor_c + CASE WHEN rank <= missing THEN 1 ELSE 0 END) AS price_c
                  FROM g;
                -- Which unit each line bills: the contract obligation it names, else the covering contract, else its
                -- own invoice (contract_unit NULL).
                CREATE TEMP TABLE rs_link AS
                  WITH l AS (
                    SELECT l.*, o.obligation_id AS linked_ob, o.contract_id AS linked_ct, o.method AS linked_method
                    FROM rs_line l LEFT JOIN rs_alloc o ON o.obligation_id = l.obligation_id
                      AND o.customer_id = l.customer_id AND o.currency = l.currency),
                  cov AS (
                    SELECT l.line_id, c.contract_id, row_number() OVER (PARTITION BY l.line_id
                             ORDER BY c.start_date DESC, c.signed_date, c.contract_id) AS k
                    FROM l JOIN rs_ct c ON c.customer_id = l.customer_id AND c.currency = l.currency
                      AND c.start_date <= coalesce(l.service_start, l.invoice_date)
                      AND c.end_date > coalesce(l.service_start, l.invoice_date)
                    WHERE l.linked_ob IS NULL)
                  SELECT l.*, coalesce(l.linked_ct, cov.contract_id) AS contract_unit
                  FROM l LEFT JOIN cov ON cov.line_id = l.line_id AND cov.k = 1;
                CREATE TEMP TABLE rs_terms AS
                  SELECT 'contract' AS source, obligation_id, contract_id AS unit_id, customer_id, method, currency,
                         CASE WHEN method = 'usage' THEN 'usage' WHEN method = 'ratable' AND e > s THEN 'ratable'
                              ELSE 'point' END AS kind,
                         price_c, s, e, e AS until, CASE WHEN method = 'ratable' THEN s ELSE delivery END AS delivery
                  FROM rs_alloc
                  UNION ALL
                  SELECT 'invoice', l.line_id, l.invoice_id, l.customer_id,
                         CASE WHEN r.ratable THEN 'ratable' WHEN l.line_type = 'usage' THEN 'usage'
                              ELSE 'point_in_time' END,
                         l.currency, CASE WHEN r.ratable THEN 'ratable' ELSE 'point' END, l.amount_c,
                         l.service_start, l.service_end,
                         CASE WHEN r.ratable AND it.end_date > l.service_start AND it.end_date < l.service_end
                              THEN it.end_date ELSE l.service_end END,
                         l.invoice_date
                  FROM rs_link l
                  CROSS JOIN LATERAL (SELECT l.line_type IN ('subscription', 'services') AND l.service_start IS NOT NULL
                                        AND l.service_end > l.service_start AS ratable) r
                  LEFT JOIN (SELECT item_id, customer_id, end_date FROM %7$s
                             WHERE end_date IS NOT NULL AND end_date <= %1$s) it
                    ON it.item_id = l.item_id AND it.customer_id = l.customer_id
                  WHERE l.contract_unit IS NULL;
                -- Ratable months: shares of [s, until) at P ÷ days(e − s), half up to the cent, and the residue month
                -- (the last month, or a cancellation's month) takes P − Σ the other months.
                CREATE TEMP TABLE rs_cells AS
                  WITH rat AS (
                    SELECT *, datediff('day', s, e) AS total_days,
                           CAST(date_trunc('month', CASE WHEN until = e THEN e - 1 ELSE until END) AS DATE) AS residue
                    FROM rs_terms WHERE kind = 'ratable'),
                  mon AS (
                    SELECT rat.*, CAST(date_trunc('month', s) + to_months(CAST(k AS INTEGER)) AS DATE) AS m
                    FROM rat, LATERAL (SELECT unnest(generate_series(0, datediff('month', s, until - 1))) AS k)),
                  share AS (
                    SELECT *, CAST(price_c AS HUGEINT) * datediff('day', greatest(m, s),
                                least(CAST(m + INTERVAL 1 MONTH AS DATE), until)) AS num
                    FROM mon),
                  cell AS (
                    SELECT source, obligation_id, residue, price_c, m,
                           sign(num) * ((2 * abs(num) + total_days) // (2 * total_days)) AS c
                    FROM share WHERE m <> residue)
                  SELECT source, obligation_id, m, c FROM cell
                  UNION ALL
                  SELECT r.source, r.obligation_id, r.residue, r.price_c - coalesce(sum(cell.c), 0)
                  FROM rat r LEFT JOIN cell ON cell.source = r.source AND cell.obligation_id = r.obligation_id
                  GROUP BY r.source, r.obligation_id, r.residue, r.price_c
                  UNION ALL
                  SELECT source, obligation_id, CAST(date_trunc('month', delivery) AS DATE), price_c
                  FROM rs_terms WHERE kind = 'point'
                  UNION ALL
                  SELECT 'contract', linked_ob, CAST(date_trunc('month', invoice_date) AS DATE), amount_c
                  FROM rs_link WHERE linked_method = 'usage';
                CREATE TEMP TABLE sched AS
                  WITH usage_billed AS (
                    SELECT linked_ob AS obligation_id, sum(amount_c) AS billed_c FROM rs_link
                    WHERE linked_method = 'usage' GROUP BY linked_ob)
                  SELECT t.source, t.obligation_id, t.unit_id AS contract_id, t.customer_id, t.method,
                         strftime(c.m, '%%Y-%%m') AS month, t.currency,
                         CAST(CAST(CASE WHEN t.kind = 'usage' THEN coalesce(u.billed_c, 0) ELSE t.price_c END
                              AS DECIMAL(38, 0)) * 0.01 AS DECIMAL(38, 2)) AS allocated_price,
                         CAST(CAST(sum(c.c) AS DECIMAL(38, 0)) * 0.01 AS DECIMAL(38, 2)) AS recognized
                  FROM rs_terms t JOIN rs_cells c ON c.source = t.source AND c.obligation_id = t.obligation_id
                  LEFT JOIN usage_billed u ON t.source = 'contract' AND u.obligation_id = t.obligation_id
                  GROUP BY ALL HAVING sum(c.c) <> 0;
                -- Obligations a credit note may have changed: every obligation of a unit a credited invoice billed.
                CREATE TEMP TABLE sched_modified AS
                  WITH credited AS (
                    SELECT DISTINCT c.invoice_id FROM %4$s c JOIN rs_inv i USING (invoice_id)
                    WHERE c.issue_date <= %1$s)
                  SELECT 'contract' AS source, o.obligation_id FROM rs_alloc o
                  WHERE o.contract_id IN (SELECT contract_unit FROM rs_link
                                          WHERE invoice_id IN (SELECT invoice_id FROM credited))
                  UNION
                  SELECT 'invoice', line_id FROM rs_link
                  WHERE contract_unit IS NULL AND invoice_id IN (SELECT invoice_id FROM credited);
                -- Cases the engine handles and this reference does not write (the cross-check requires none).
                CREATE TEMP TABLE sched_unsupported AS
                  SELECT 'obligations without an SSP' AS what, count(*) AS n FROM rs_ob WHERE ssp_u <= 0
                  UNION ALL
                  SELECT 'invoices whose lines do not sum to the subtotal', count(*) FROM (
                    SELECT i.invoice_id FROM rs_inv i LEFT JOIN rs_line l USING (invoice_id)
                    GROUP BY i.invoice_id, i.subtotal HAVING coalesce(sum(l.amount_c), 0) <> round(i.subtotal * 100))
                  UNION ALL
                  SELECT 'negative invoice lines without a service period', count(*) FROM rs_link
                  WHERE contract_unit IS NULL AND amount_c < 0
                    AND NOT coalesce(service_end > service_start, false);
                """.formatted("DATE '" + asOf + "'", invoices, lines, creditNotes, contracts, obligations, items);
        execute(duck, sql);
    }

    private static void execute(Connection duck, String sql) throws SQLException {
        try (Statement s = duck.createStatement()) {
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }
}
