package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Row;

/** silver.subscription_items rows → {@link SubscriptionItem}. */
final class ItemRows {
    private ItemRows() {
    }

    static SubscriptionItem fromRow(Row r) {
        Long count = r.getAs("interval_count");
        return new SubscriptionItem(r.getAs("item_id"), r.getAs("customer_id"), date(r, "start_date"),
                date(r, "end_date"), BillingInterval.parse(r.getAs("billing_interval")), count == null ? 1 : count,
                r.getAs("quantity"), r.getAs("unit_amount"), decimal(r, "discount_pct"), decimal(r, "discount_amount"),
                date(r, "discount_end"), r.getAs("currency"), date(r, "trial_end"),
                Boolean.TRUE.equals(r.getAs("seat_based")), r.getAs("plan_id"));
    }

    private static LocalDate date(Row r, String col) {
        Object v = r.getAs(col);
        if (v == null) {
            return null;
        }
        return v instanceof LocalDate d ? d : ((Date) v).toLocalDate();
    }

    private static BigDecimal decimal(Row r, String col) {
        BigDecimal v = r.getAs(col);
        return v == null ? null : v.stripTrailingZeros();
    }
}
