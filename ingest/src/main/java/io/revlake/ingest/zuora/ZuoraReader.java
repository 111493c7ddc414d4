package io.revlake.ingest.zuora;

import static io.revlake.catalog.CanonicalEntity.INVOICES;
import static io.revlake.catalog.CanonicalEntity.INVOICE_LINES;
import static io.revlake.catalog.CanonicalEntity.PAYMENTS;
import static io.revlake.catalog.CanonicalEntity.SUBSCRIPTION_ITEMS;

import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.mapping.Transforms;
import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.Values;
import io.revlake.ingest.warehouse.Values.Bad;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Zuora tables (Fivetran {@code zuora} connector) → subscription_items, invoices, invoice_lines, payments. Accounts
 * and credit memos map 1:1 and are read by the declarative mapping ({@code zuora.json}). Pure functions over the rows.
 *
 * <ul>
 *   <li>{@code rate_plan_charge} (+ {@code subscription}): Zuora writes a new row for every subscription version, so
 *   only charges of the latest subscription version are current, and of those the newest charge version per
 *   (original charge, segment). Each segment is an item {@code <original_id>/<segment>} from
 *   {@code effective_start_date} to {@code effective_end_date} (exclusive in Zuora). The extract has no list price,
 *   but {@code mrr} is the charge's monthly amount for all its units: the item is monthly, quantity 1,
 *   unit_amount = mrr (Zuora's quantity and billing period are extras).</li>
 *   <li>{@code invoice}: Posted → paid when {@code balance} is 0, else open; Canceled → void; Draft is not issued.</li>
 *   <li>{@code invoice_item} (+ {@code rate_plan_charge}): the charge's type gives the line type; service end is
 *   inclusive in Zuora.</li>
 *   <li>{@code invoice_payment} (+ {@code payment}): one payment per application {@code <payment_id>/<invoice_id>},
 *   dated by the payment; {@code payment}: the unapplied part is a payment without invoice.</li>
 * </ul>
 * {@code _fivetran_deleted = TRUE} is a deletion: a tombstone of the record's key.
 */
final class ZuoraReader {
    private static final Set<String> ISSUED_SUBSCRIPTION = Set.of("active", "cancelled", "expired", "suspended");

    private ZuoraReader() {
    }

    static boolean deleted(CsvTable.Row row) {
        return Values.isTrue(row.get("_fivetran_deleted"));
    }

    private static Map<String, CsvTable.Row> byId(CsvTable table) {
        Map<String, CsvTable.Row> out = new HashMap<>();
        if (table != null) {
            table.rows().forEach(r -> out.putIfAbsent(r.get("id"), r));
        }
        return out;
    }

    private static String fileOf(CsvTable table, String expected) {
        return table == null ? expected + " (not beside this file)" : table.fileName();
    }

    /** {@code <original_id>/<segment>}: the same item across subscription and charge versions. */
    static String itemId(CsvTable.Row charge) {
        String original = charge.get("original_id") != null ? charge.get("original_id") : charge.get("id");
        String segment = charge.get("segment") != null ? charge.get("segment") : "1";
        return original == null ? null : original + "/" + segment;
    }

    private static long version(CsvTable.Row row) {
        try {
            return row.get("version") == null ? 0 : Long.parseLong(row.get("version"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @param subscriptions the sibling {@code subscription} table, or null */
    static void charges(CsvTable charges, CsvTable subscriptions, Emitter out) throws FileRejectedException {
        charges.require("id", "subscription_id", "charge_type", "effective_start_date", "mrr");
        Map<String, CsvTable.Row> subById = byId(subscriptions);
        // The newest charge version per item, among charges of the latest subscription version.
        Map<String, CsvTable.Row> newest = new HashMap<>();
        for (CsvTable.Row row : charges.rows()) {
            CsvTable.Row sub = subById.get(row.get("subscription_id"));
            if (row.valueCount() == charges.header().size() && itemId(row) != null && (sub == null || !superseded(sub))) {
                newest.merge(itemId(row), row, (a, b) -> version(b) > version(a) ? b : a);
            }
        }
        for (CsvTable.Row row : charges.rows()) {
            if (out.rejectBroken(charges, row, SUBSCRIPTION_ITEMS)) {
                continue;
            }
            String itemId = itemId(row);
            String subscriptionId = row.get("subscription_id");
            CsvTable.Row sub = subById.get(subscriptionId);
            if (sub != null && superseded(sub)) {
                out.skip("charges of an earlier subscription version (the latest version's charges are current)");
                continue;
            }
            if (itemId != null && newest.get(itemId) != row) {
                out.skip("earlier versions of a charge segment");
                continue;
            }
            Emitter.Draft d = out.draft(SUBSCRIPTION_ITEMS, row, "rate plan charge " + row.get("id"))
                    .put("item_id", itemId);
            if (deleted(row) || sub != null && deleted(sub)) {
                d.tombstone().extra("deleted_with_subscription", deleted(row) ? null : subscriptionId).emit();
                continue;
            }
            String type = row.get("charge_type");
            if ("OneTime".equalsIgnoreCase(type)) {
                out.skip("one-time charges (billed once: their invoice items are the facts)");
                continue;
            }
            if ("Usage".equalsIgnoreCase(type)) {
                out.skip("usage charges (billed from usage: their invoice items are the facts)");
                continue;
            }
            d.put("customer_id", row.get("account_id") != null ? row.get("account_id") : sub == null ? null : sub.get("account_id"))
                    .put("product_id", row.get("product_id")).put("plan_id", row.get("product_rate_plan_id"))
                    .put("start_date", Values.date(row.get("effective_start_date")))
                    .put("end_date", Values.date(row.get("effective_end_date")))
                    .put("billing_interval", "month").put("interval_count", "1").put("quantity", "1")
                    .put("currency", Values.upper(row.get("transaction_currency")))
                    .put("updated_at", Values.timestamp(row.get("updated_date")))
                    .extra("charge_number", row.get("charge_number")).extra("charge_model", row.get("charge_model"))
                    .extra("billing_period", row.get("billing_period")).extra("zuora_quantity", row.get("quantity"))
                    .extra("list_price_base", row.get("list_price_base")).extra("tcv", row.get("tcv"))
                    .extra("rate_plan_id", row.get("rate_plan_id")).extra("charge_version", row.get("version"))
                    .extra("zuora_subscription_id", subscriptionId);
            if (!"Recurring".equalsIgnoreCase(type)) {
                d.reject(type == null ? ReasonCode.MISSING_VALUE : ReasonCode.INVALID_VALUE, "charge_type "
                        + (type == null ? "is required but empty" : "'" + type + "' is not valid")
                        + " (expected Recurring, OneTime or Usage)");
            } else if (row.get("charge_model") != null && row.get("charge_model").toLowerCase(Locale.ROOT).startsWith("discount")) {
                d.reject(ReasonCode.NOT_APPLICABLE, "charge_model '" + row.get("charge_model") + "' is a discount on "
                        + "other charges of the rate plan, not an item (the canonical discount is per item)");
            } else if (sub == null) {
                d.reject(ReasonCode.MISSING_VALUE, "subscription " + subscriptionId + " is not in "
                        + fileOf(subscriptions, "zuora_subscription_data.csv") + ", which gives its status and version");
            } else if (!ISSUED_SUBSCRIPTION.contains(String.valueOf(sub.get("status")).toLowerCase(Locale.ROOT))) {
                d.reject(ReasonCode.NOT_APPLICABLE, "subscription " + subscriptionId + " status '" + sub.get("status")
                        + "' is not one of Active, Cancelled, Expired, Suspended (a draft or pending subscription bills nothing yet)");
            }
            if (sub != null) {
                d.put("subscription_id", sub.get("original_id") != null ? sub.get("original_id") : sub.get("id"))
                        .extra("subscription_status", sub.get("status")).extra("subscription_version", sub.get("version"));
            }
            try {
                d.put("unit_amount", Values.plain(Values.number("mrr", row.get("mrr"))));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.emit();
        }
    }

    /** A subscription row Zuora has replaced with a newer version. */
    private static boolean superseded(CsvTable.Row sub) {
        String latest = sub.get("is_latest_version");
        return latest != null && !Values.isTrue(latest);
    }

    static void invoices(CsvTable invoices, Emitter out) throws FileRejectedException {
        invoices.require("id", "account_id", "invoice_date", "due_date", "amount", "status");
        for (CsvTable.Row row : invoices.rows()) {
            if (out.rejectBroken(invoices, row, INVOICES)) {
                continue;
            }
            String id = row.get("id");
            Emitter.Draft d = out.draft(INVOICES, row, "invoice " + id).put("invoice_id", id);
            if (deleted(row)) {
                d.tombstone().emit();
                continue;
            }
            d.put("customer_id", row.get("account_id"))
                    .put("invoice_date", Values.date(row.get("invoice_date")))
                    .put("due_date", Values.date(row.get("due_date")))
                    .put("currency", Values.upper(row.get("transaction_currency") != null
                            ? row.get("transaction_currency") : row.get("currency")))
                    .put("updated_at", Values.timestamp(row.get("updated_date")))
                    .extra("invoice_number", row.get("invoice_number")).extra("balance", row.get("balance"))
                    .extra("payment_amount", row.get("payment_amount")).extra("refund_amount", row.get("refund_amount"))
                    .extra("credit_balance_adjustment_amount", row.get("credit_balance_adjustment_amount"))
                    .extra("exchange_rate", row.get("exchange_rate")).extra("home_currency", row.get("home_currency"))
                    .extra("amount_home_currency", row.get("amount_home_currency"));
            String status = row.get("status");
            try {
                BigDecimal total = Values.number("amount", row.get("amount"));
                BigDecimal tax = Values.number("tax_amount", row.get("tax_amount"));
                BigDecimal net = Values.number("amount_without_tax", row.get("amount_without_tax"));
                BigDecimal balance = Values.number("balance", row.get("balance"));
                BigDecimal subtotal = net != null ? net : total == null ? null : tax == null ? total : total.subtract(tax);
                d.put("total", Values.plain(total)).put("tax", Values.plain(tax)).put("subtotal", Values.plain(subtotal));
                if (total != null && net != null && total.compareTo(net.add(tax == null ? BigDecimal.ZERO : tax)) != 0) {
                    d.reject(ReasonCode.CONFLICTING_VALUES, "amount " + total.toPlainString() + " is not amount_without_tax "
                            + net.toPlainString() + " + tax_amount " + (tax == null ? "0" : tax.toPlainString()));
                }
                if ("Posted".equalsIgnoreCase(status)) {
                    d.put("status", balance == null ? null : balance.signum() == 0 ? "paid" : "open");
                } else if ("Canceled".equalsIgnoreCase(status) || "Cancelled".equalsIgnoreCase(status)) {
                    d.put("status", "void");
                } else {
                    d.reject(ReasonCode.NOT_APPLICABLE, "status '" + status + "' is not one of Posted, Canceled "
                            + "(a draft invoice is not issued yet)");
                }
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.emit();
        }
    }

    /** @param charges the sibling {@code rate_plan_charge} table, or null: then no line type is known */
    static void invoiceItems(CsvTable items, CsvTable charges, Emitter out) throws FileRejectedException {
        items.require("id", "invoice_id", "charge_amount", "rate_plan_charge_id");
        Map<String, CsvTable.Row> chargeById = byId(charges);
        for (CsvTable.Row row : items.rows()) {
            if (out.rejectBroken(items, row, INVOICE_LINES)) {
                continue;
            }
            String id = row.get("id");
            Emitter.Draft d = out.draft(INVOICE_LINES, row, "invoice item " + id).put("line_id", id)
                    .put("invoice_id", row.get("invoice_id"));
            if (deleted(row)) {
                d.tombstone().emit();
                continue;
            }
            String chargeId = row.get("rate_plan_charge_id");
            CsvTable.Row charge = chargeById.get(chargeId);
            d.put("product_id", row.get("product_id")).put("quantity", row.get("quantity"))
                    .put("service_start", Values.date(row.get("service_start_date")))
                    .put("service_end", nextDay(Values.date(row.get("service_end_date"))))
                    .extra("charge_name", row.get("charge_name")).extra("sku", row.get("sku"))
                    .extra("unit_price", row.get("unit_price")).extra("tax_amount", row.get("tax_amount"))
                    .extra("uom", row.get("uom")).extra("processing_type", row.get("processing_type"))
                    .extra("rate_plan_charge_id", chargeId).extra("zuora_subscription_id", row.get("subscription_id"));
            if (charge == null) {
                d.reject(ReasonCode.MISSING_VALUE, "line_type is unknown: rate plan charge " + chargeId + " is not in "
                        + fileOf(charges, "zuora_rate_plan_charge_data.csv")
                        + ", which gives its charge type (Recurring, OneTime, Usage)");
            } else {
                String type = charge.get("charge_type");
                String lineType = type == null ? null : switch (type.toLowerCase(Locale.ROOT)) {
                    case "recurring" -> "subscription";
                    case "onetime" -> "one_time";
                    case "usage" -> "usage";
                    default -> null;
                };
                if (lineType == null) {
                    d.reject(type == null ? ReasonCode.MISSING_VALUE : ReasonCode.INVALID_VALUE, "charge_type of rate plan charge "
                            + chargeId + (type == null ? " is empty" : " '" + type + "' is not valid")
                            + " (expected Recurring, OneTime or Usage)");
                }
                d.put("line_type", lineType).put("item_id", "recurring".equalsIgnoreCase(type) ? itemId(charge) : null);
            }
            try {
                d.put("amount", Values.plain(Values.number("charge_amount", row.get("charge_amount"))));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.emit();
        }
    }

    private static String nextDay(String date) {
        return date == null ? null : Transforms.nextDay(date);
    }

    /** @param payments the sibling {@code payment} table, or null: applications then have no date */
    static void invoicePayments(CsvTable applications, CsvTable payments, Emitter out) throws FileRejectedException {
        applications.require("payment_id", "invoice_id", "amount");
        Map<String, CsvTable.Row> paymentById = byId(payments);
        for (CsvTable.Row row : applications.rows()) {
            if (out.rejectBroken(applications, row, PAYMENTS)) {
                continue;
            }
            String paymentId = row.get("payment_id");
            String invoiceId = row.get("invoice_id");
            String key = paymentId == null || invoiceId == null ? null : paymentId + "/" + invoiceId;
            Emitter.Draft d = out.draft(PAYMENTS, row, "payment " + paymentId + " applied to invoice " + invoiceId)
                    .put("payment_id", key);
            if (key == null) {
                d.reject(ReasonCode.MISSING_VALUE, (paymentId == null ? "payment_id" : "invoice_id")
                        + " is required but empty (an application's key is payment_id and invoice_id)").emit();
                continue;
            }
            CsvTable.Row payment = paymentById.get(paymentId);
            if (deleted(row) || payment != null && deleted(payment)) {
                d.tombstone().emit();
                continue;
            }
            String currency = Values.upper(row.get("transaction_currency"));
            d.put("customer_id", row.get("account_id")).put("invoice_id", invoiceId).put("currency", currency)
                    .extra("application_id", row.get("id")).extra("amount_home_currency", row.get("amount_home_currency"))
                    .extra("home_currency", row.get("home_currency"));
            try {
                d.put("amount", Values.plain(Values.number("amount", row.get("amount"))));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            if (payment == null) {
                d.reject(ReasonCode.MISSING_VALUE, "payment " + paymentId + " is not in "
                        + fileOf(payments, "zuora_payment_data.csv") + ", which gives its date and status");
            } else {
                d.put("payment_date", Values.date(payment.get("effective_date"))).extra("payment_number", payment.get("payment_number"));
                String paymentAccount = payment.get("account_id");
                String paymentCurrency = Values.upper(payment.get("currency") != null ? payment.get("currency")
                        : payment.get("transaction_currency"));
                if (paymentAccount != null && row.get("account_id") != null && !paymentAccount.equals(row.get("account_id"))) {
                    d.reject(ReasonCode.CONFLICTING_VALUES, "account_id is " + row.get("account_id") + " but payment "
                            + paymentId + " belongs to account " + paymentAccount + " (an application is the payment's)");
                } else if (paymentCurrency != null && currency != null && !paymentCurrency.equals(currency)) {
                    d.reject(ReasonCode.CONFLICTING_VALUES, "transaction_currency is " + currency + " but payment "
                            + paymentId + " is in " + paymentCurrency + " (an application is in the payment's currency)");
                } else if (!"Processed".equalsIgnoreCase(payment.get("status"))) {
                    d.reject(ReasonCode.NOT_APPLICABLE, "payment " + paymentId + " status '" + payment.get("status")
                            + "' is not Processed (only a processed payment moved money)");
                }
            }
            d.emit();
        }
    }

    /** The unapplied part of each processed payment; fully applied payments are their applications. */
    static void payments(CsvTable payments, Emitter out) throws FileRejectedException {
        payments.require("id", "account_id", "effective_date", "amount", "status");
        for (CsvTable.Row row : payments.rows()) {
            if (out.rejectBroken(payments, row, PAYMENTS)) {
                continue;
            }
            String id = row.get("id");
            BigDecimal unapplied;
            try {
                unapplied = Values.numberOrZero("unapplied_amount", row.get("unapplied_amount"));
            } catch (Bad e) {
                out.draft(PAYMENTS, row, "payment " + id).put("payment_id", id + "/unapplied").reject(e.rejection).emit();
                continue;
            }
            if (deleted(row)) {
                out.draft(PAYMENTS, row, "payment " + id + ", unapplied part").put("payment_id", id + "/unapplied")
                        .tombstone().emit();
                continue;
            }
            if (unapplied.signum() == 0) {
                out.skip("payments with nothing unapplied (their applications are in invoice_payment)");
                continue;
            }
            Emitter.Draft d = out.draft(PAYMENTS, row, "payment " + id + ", unapplied part")
                    .put("payment_id", id + "/unapplied").put("customer_id", row.get("account_id"))
                    .put("payment_date", Values.date(row.get("effective_date"))).put("amount", Values.plain(unapplied))
                    .put("currency", Values.upper(row.get("currency") != null ? row.get("currency") : row.get("transaction_currency")))
                    .extra("payment_number", row.get("payment_number")).extra("payment_amount", row.get("amount"));
            if (!"Processed".equalsIgnoreCase(row.get("status"))) {
                d.reject(ReasonCode.NOT_APPLICABLE, "status '" + row.get("status")
                        + "' is not Processed (only a processed payment moved money)");
            }
            d.emit();
        }
    }
}
