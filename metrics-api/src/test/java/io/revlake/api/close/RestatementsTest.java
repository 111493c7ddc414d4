package io.revlake.api.close;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.api.gold.ColumnCodec;
import io.revlake.api.gold.LoadedTable;
import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Restatements of tables whose rows are dated by a non-key {@code month} (billings, one row per invoice) or by an
 * {@code as_of} snapshot date (AR aging): hand-made versions at close and now, differences worked by hand.
 */
class RestatementsTest {
    private static final YearMonth MARCH = YearMonth.of(2024, 3);

    /** One row per map; columns not given get a neutral value of their type. */
    static LoadedTable table(TableDef def, long version, List<Map<String, Object>> rows) {
        List<tech.tablesaw.columns.Column<?>> columns = new ArrayList<>();
        for (Column c : def.columns()) {
            tech.tablesaw.columns.Column<?> col = ColumnCodec.emptyColumn(c);
            for (Map<String, Object> r : rows) {
                Object v = r.get(c.name());
                switch (c.type()) {
                    case STRING -> ((StringColumn) col).append(v == null ? "x" : (String) v);
                    case DATE -> ((DateColumn) col).append(v == null ? LocalDate.of(2024, 1, 1) : LocalDate.parse((String) v));
                    case LONG -> ((LongColumn) col).append(v == null ? 0L : ((Number) v).longValue());
                    case MONEY, AMOUNT, RATE -> ((LongColumn) col).append(ColumnCodec.unscaled(
                            new BigDecimal(v == null ? "1" : (String) v), c.type()));
                    default -> throw new IllegalArgumentException(c.name() + " " + c.type());
                }
            }
            columns.add(col);
        }
        return new LoadedTable(def, Table.create(def.qualifiedName(), columns), version, Instant.EPOCH);
    }

    static Map<String, Object> invoice(String id, String month, String total) {
        return Map.of("invoice_id", id, "month", month, "total", total, "fx_rate", "1", "total_reporting", total);
    }

    static Map<String, Object> aging(String asOf, String id, String open) {
        return Map.of("as_of", asOf, "invoice_id", id, "open_amount", open, "fx_rate", "1",
                "open_amount_reporting", open);
    }

    static List<String> lines(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> String.join(" ", String.valueOf(r.get("table")), String.valueOf(r.get("month")),
                String.valueOf(r.get("key")), String.valueOf(r.get("metric")), String.valueOf(r.get("value_at_close")),
                String.valueOf(r.get("value_now")), String.valueOf(r.get("difference")), String.valueOf(r.get("change"))))
                .toList();
    }

    @Test
    void billings_and_aging_snapshots_are_compared_and_tables_without_a_period_are_not() {
        List<TableDef> compared = Restatements.comparedTables();
        assertThat(compared).contains(Tables.BILLINGS, Tables.BOOKINGS, Tables.AR_AGING, Tables.UNAPPLIED_CASH,
                Tables.MRR_SUMMARY, Tables.MRR_CUSTOMER_MONTH, Tables.DSO_MONTH);
        // one row per customer or invoice at the run's as-of date only: no closed month to restate
        assertThat(compared).doesNotContain(Tables.CLV_CUSTOMER, Tables.CUSTOMER_PAYMENT_DAYS, Tables.OVERDUE_INVOICES);
    }

    @Test
    void an_invoice_corrected_voided_or_backdated_after_close_is_a_restatement_of_its_month() {
        LoadedTable atClose = table(Tables.BILLINGS, 3, List.of(invoice("in-1", "2024-03", "100.00"),
                invoice("in-2", "2024-03", "50.00"), invoice("in-3", "2024-04", "70.00")));
        // in-1 corrected to 110.00, in-2 voided, in-3 (April: after the period) changed, in-4 backdated into February
        LoadedTable now = table(Tables.BILLINGS, 5, List.of(invoice("in-1", "2024-03", "110.00"),
                invoice("in-3", "2024-04", "80.00"), invoice("in-4", "2024-02", "20.00")));
        assertThat(lines(Restatements.compare(Tables.BILLINGS, atClose, now, MARCH))).containsExactly(
                "gold.billings 2024-02 invoice_id=in-4 total null 20.00 20.00 added",
                "gold.billings 2024-02 invoice_id=in-4 fx_rate null 1.0000000000 1.0000000000 added",
                "gold.billings 2024-02 invoice_id=in-4 total_reporting null 20.00 20.00 added",
                "gold.billings 2024-03 invoice_id=in-1 total 100.00 110.00 10.00 changed",
                "gold.billings 2024-03 invoice_id=in-1 total_reporting 100.00 110.00 10.00 changed",
                "gold.billings 2024-03 invoice_id=in-2 total 50.00 null -50.00 removed",
                "gold.billings 2024-03 invoice_id=in-2 fx_rate 1.0000000000 null -1.0000000000 removed",
                "gold.billings 2024-03 invoice_id=in-2 total_reporting 50.00 null -50.00 removed");
    }

    @Test
    void a_payment_backdated_into_a_closed_month_restates_that_month_ends_aging() {
        LoadedTable atClose = table(Tables.AR_AGING, 2, List.of(aging("2024-02-29", "in-1", "100.00"),
                aging("2024-03-31", "in-1", "100.00")));
        // 40.00 paid on 2024-03-15, recorded after the close; April's snapshot is after the period
        LoadedTable now = table(Tables.AR_AGING, 4, List.of(aging("2024-02-29", "in-1", "100.00"),
                aging("2024-03-31", "in-1", "60.00"), aging("2024-04-30", "in-1", "60.00")));
        assertThat(lines(Restatements.compare(Tables.AR_AGING, atClose, now, MARCH))).containsExactly(
                "gold.ar_aging 2024-03 as_of=2024-03-31;invoice_id=in-1 open_amount 100.00 60.00 -40.00 changed",
                "gold.ar_aging 2024-03 as_of=2024-03-31;invoice_id=in-1 open_amount_reporting 100.00 60.00 -40.00 changed");
    }
}
