package io.revlake.sample.formats;

import static io.revlake.catalog.CanonicalEntity.CREDIT_NOTES;
import static io.revlake.catalog.CanonicalEntity.CUSTOMERS;
import static io.revlake.catalog.CanonicalEntity.INVOICES;
import static io.revlake.catalog.CanonicalEntity.INVOICE_LINES;
import static io.revlake.catalog.CanonicalEntity.PAYMENTS;
import static io.revlake.catalog.CanonicalEntity.SUBSCRIPTION_ITEMS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The company as Stripe API objects, one JSON object per line (what {@code stripe.json} maps back):
 * {@code customers.jsonl}, {@code products.jsonl}, {@code prices.jsonl}, {@code subscriptions.jsonl},
 * {@code invoices.jsonl} (lines embedded as a list), {@code credit_notes.jsonl}, {@code charges.jsonl}.
 * Amounts are minor units of the record's currency, times Unix seconds, ids the canonical ones.
 *
 * <p>Stripe keeps only a subscription's current items, while the canonical extract has every version of an item (a
 * seat change ends one item and starts another). Each item version is therefore written as a
 * {@code customer.subscription.updated} event whose subscription snapshot holds that item, with the item's start as
 * the snapshot's {@code start_date} and its end as {@code ended_at}.
 *
 * <p>What Stripe cannot carry: a customer's segment, region and channel (kept in {@code metadata}, not mapped); the
 * {@code updated_at} of items and invoices; an invoice line's kind beyond subscription / invoice item (usage and
 * services lines become invoice items, one_time), its obligation, and the absence of a service period (every Stripe
 * line has one: a line without is written for its invoice date); a flat-fee item (every licensed price is per unit).
 */
final class StripeFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StripeFormat() {
    }

    static Map<String, Long> write(CanonicalRows company, Path out) throws IOException {
        Map<String, Long> written = new LinkedHashMap<>();
        written.put("customers.jsonl", lines(out.resolve("customers.jsonl"), customers(company)));
        Map<String, ObjectNode> products = new LinkedHashMap<>();
        Map<String, ObjectNode> prices = new LinkedHashMap<>();
        List<ObjectNode> subscriptions = subscriptions(company, products, prices);
        List<ObjectNode> invoices = invoices(company, products);
        written.put("products.jsonl", lines(out.resolve("products.jsonl"), new ArrayList<>(products.values())));
        written.put("prices.jsonl", lines(out.resolve("prices.jsonl"), new ArrayList<>(prices.values())));
        written.put("subscriptions.jsonl", lines(out.resolve("subscriptions.jsonl"), subscriptions));
        written.put("invoices.jsonl", lines(out.resolve("invoices.jsonl"), invoices));
        written.put("credit_notes.jsonl", lines(out.resolve("credit_notes.jsonl"), creditNotes(company)));
        written.put("charges.jsonl", lines(out.resolve("charges.jsonl"), charges(company)));
        return written;
    }

    private static long lines(Path file, List<ObjectNode> objects) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ObjectNode o : objects) {
                w.write(JSON.writeValueAsString(o));
                w.write('\n');
            }
        }
        return objects.size();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static void epochOrNull(ObjectNode o, String field, String date) {
        if (date == null) {
            o.putNull(field);
        } else {
            o.put(field, Values.epoch(date));
        }
    }

    private static List<ObjectNode> customers(CanonicalRows company) {
        List<ObjectNode> out = new ArrayList<>();
        for (Map<String, String> c : company.of(CUSTOMERS)) {
            ObjectNode o = JSON.createObjectNode();
            o.put("id", c.get("customer_id")).put("object", "customer").put("name", c.get("name"))
                    .put("currency", lower(c.get("currency"))).put("delinquent", false).put("livemode", false);
            if (c.get("created_at") != null) {
                o.put("created", Values.epochOfTimestamp(c.get("created_at")));
            }
            o.putObject("address").put("country", c.get("country"));
            ObjectNode meta = o.putObject("metadata");
            putIfPresent(meta, "crm_account_id", c.get("crm_account_id"));
            putIfPresent(meta, "erp_customer_id", c.get("erp_customer_id"));
            putIfPresent(meta, "segment", c.get("segment"));
            putIfPresent(meta, "region", c.get("region"));
            putIfPresent(meta, "channel", c.get("channel"));
            out.add(o);
        }
        return out;
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static ObjectNode product(Map<String, ObjectNode> products, String id) {
        return products.computeIfAbsent(id, k -> {
            ObjectNode p = JSON.createObjectNode();
            p.put("id", k).put("object", "product").put("active", true)
                    .put("name", k.startsWith("prod_") ? k.substring(5).replace('_', ' ') : k);
            return p;
        });
    }

    /** One {@code customer.subscription.updated} event per item version (see the class comment). */
    private static List<ObjectNode> subscriptions(CanonicalRows company, Map<String, ObjectNode> products,
            Map<String, ObjectNode> prices) {
        List<ObjectNode> out = new ArrayList<>();
        for (Map<String, String> it : company.of(SUBSCRIPTION_ITEMS)) {
            String currency = it.get("currency");
            ObjectNode price = JSON.createObjectNode();
            price.put("id", it.get("plan_id")).put("object", "price").put("currency", lower(currency))
                    .put("type", "recurring").put("billing_scheme", "per_unit");
            if (it.get("product_id") != null) {
                product(products, it.get("product_id"));
                price.put("product", it.get("product_id"));
            }
            String unit = it.get("unit_amount");
            BigDecimal minor = new BigDecimal(unit).movePointRight(Values.minorDigits(currency));
            if (minor.stripTrailingZeros().scale() <= 0) {
                price.put("unit_amount", minor.longValueExact());
            } else {
                price.putNull("unit_amount");
            }
            price.put("unit_amount_decimal", Values.minorUnitsDecimal(unit, currency));
            String interval = it.get("billing_interval");
            long count = it.get("interval_count") == null ? 1 : Long.parseLong(it.get("interval_count"));
            if ("quarter".equals(interval)) {
                // Stripe has no quarter: a quarterly price is every 3 months.
                interval = "month";
                count *= 3;
            }
            price.putObject("recurring").put("interval", interval).put("interval_count", count)
                    .put("usage_type", "licensed");
            if (it.get("plan_id") != null) {
                prices.putIfAbsent(it.get("plan_id"), price.deepCopy());
            }

            ObjectNode item = JSON.createObjectNode();
            item.put("id", it.get("item_id")).put("object", "subscription_item")
                    .put("created", Values.epoch(it.get("start_date")))
                    .put("subscription", it.get("subscription_id"));
            if (it.get("quantity") != null) {
                item.put("quantity", new BigDecimal(it.get("quantity")).longValueExact());
            }
            item.set("price", price);
            ArrayNode discounts = item.putArray("discounts");
            if (it.get("discount_pct") != null || it.get("discount_amount") != null) {
                ObjectNode d = discounts.addObject();
                d.put("object", "discount").put("id", "di_" + it.get("item_id"));
                ObjectNode coupon = d.putObject("coupon");
                coupon.put("object", "coupon").put("duration", it.get("discount_end") == null ? "forever" : "repeating");
                if (it.get("discount_pct") != null) {
                    coupon.put("percent_off", new BigDecimal(it.get("discount_pct")));
                } else {
                    coupon.put("amount_off", Values.minorUnits(it.get("discount_amount"), currency))
                            .put("currency", lower(currency));
                }
                epochOrNull(d, "end", it.get("discount_end"));
            }

            ObjectNode sub = JSON.createObjectNode();
            sub.put("id", it.get("subscription_id")).put("object", "subscription").put("customer", it.get("customer_id"))
                    .put("currency", lower(currency)).put("status", it.get("end_date") == null ? "active" : "canceled")
                    .put("collection_method", "charge_automatically").put("cancel_at_period_end", false);
            epochOrNull(sub, "start_date", it.get("start_date"));
            epochOrNull(sub, "ended_at", it.get("end_date"));
            sub.putNull("cancel_at");
            epochOrNull(sub, "trial_end", it.get("trial_end"));
            ObjectNode items = sub.putObject("items");
            items.put("object", "list").put("has_more", false).put("total_count", 1);
            items.putArray("data").add(item);

            ObjectNode event = JSON.createObjectNode();
            event.put("id", "evt_" + it.get("item_id")).put("object", "event").put("type", "customer.subscription.updated")
                    .put("created", it.get("updated_at") != null ? Values.epochOfTimestamp(it.get("updated_at"))
                            : Values.epoch(it.get("start_date")));
            event.putObject("data").set("object", sub);
            out.add(event);
        }
        return out;
    }

    private static List<ObjectNode> invoices(CanonicalRows company, Map<String, ObjectNode> products) {
        Map<String, String> subscriptionOfItem = new HashMap<>();
        company.of(SUBSCRIPTION_ITEMS).forEach(it -> subscriptionOfItem.put(it.get("item_id"), it.get("subscription_id")));
        Map<String, List<Map<String, String>>> linesOf = new HashMap<>();
        company.of(INVOICE_LINES).forEach(l -> linesOf.computeIfAbsent(l.get("invoice_id"), k -> new ArrayList<>()).add(l));
        List<ObjectNode> out = new ArrayList<>();
        for (Map<String, String> inv : company.of(INVOICES)) {
            String currency = inv.get("currency");
            String status = inv.get("status") == null ? "open" : inv.get("status");
            long total = Values.minorUnits(inv.get("total"), currency);
            ObjectNode o = JSON.createObjectNode();
            o.put("id", inv.get("invoice_id")).put("object", "invoice").put("customer", inv.get("customer_id"))
                    .put("currency", lower(currency)).put("status", status).put("collection_method", "send_invoice")
                    .put("billing_reason", "manual")
                    .put("created", Values.epoch(inv.get("invoice_date")))
                    .put("effective_at", Values.epoch(inv.get("invoice_date")))
                    .put("due_date", Values.epoch(inv.get("due_date")))
                    .put("subtotal", Values.minorUnits(inv.get("subtotal"), currency))
                    .put("total", total)
                    .put("amount_due", total)
                    .put("amount_paid", "paid".equals(status) ? total : 0)
                    .put("amount_remaining", "open".equals(status) || "uncollectible".equals(status) ? total : 0);
            if (inv.get("tax") != null) {
                o.put("tax", Values.minorUnits(inv.get("tax"), currency));
            } else {
                o.putNull("tax");
            }
            ObjectNode transitions = o.putObject("status_transitions");
            transitions.put("finalized_at", Values.epoch(inv.get("invoice_date")));
            long changed = inv.get("updated_at") != null ? Values.epochOfTimestamp(inv.get("updated_at"))
                    : Values.epoch(inv.get("invoice_date"));
            if ("paid".equals(status)) {
                transitions.put("paid_at", changed);
            } else {
                transitions.putNull("paid_at");
            }
            if ("void".equals(status)) {
                transitions.put("voided_at", changed);
            } else {
                transitions.putNull("voided_at");
            }
            ObjectNode lines = o.putObject("lines");
            List<Map<String, String>> ls = linesOf.getOrDefault(inv.get("invoice_id"), List.of());
            lines.put("object", "list").put("has_more", false).put("total_count", ls.size());
            ArrayNode data = lines.putArray("data");
            for (Map<String, String> l : ls) {
                data.add(line(l, inv, currency, subscriptionOfItem, products));
            }
            out.add(o);
        }
        return out;
    }

    private static ObjectNode line(Map<String, String> l, Map<String, String> inv, String currency,
            Map<String, String> subscriptionOfItem, Map<String, ObjectNode> products) {
        ObjectNode o = JSON.createObjectNode();
        long amount = Values.minorUnits(l.get("amount"), currency);
        o.put("id", l.get("line_id")).put("object", "line_item").put("invoice", inv.get("invoice_id"))
                .put("amount", amount).put("subtotal", amount).put("currency", lower(currency))
                .put("description", l.get("product_id") + " (" + l.get("line_type") + ")");
        if (l.get("quantity") != null) {
            o.put("quantity", new BigDecimal(l.get("quantity")));
        } else {
            o.putNull("quantity");
        }
        String start = l.get("service_start") != null ? l.get("service_start") : inv.get("invoice_date");
        String end = l.get("service_end") != null ? l.get("service_end") : start;
        o.putObject("period").put("start", Values.epoch(start)).put("end", Values.epoch(end));
        ObjectNode parent = o.putObject("parent");
        if ("subscription".equals(l.get("line_type"))) {
            parent.put("type", "subscription_item_details");
            ObjectNode d = parent.putObject("subscription_item_details");
            d.put("subscription_item", l.get("item_id")).put("subscription", subscriptionOfItem.get(l.get("item_id")))
                    .put("proration", false);
        } else {
            parent.put("type", "invoice_item_details");
            parent.putObject("invoice_item_details").put("invoice_item", "ii_" + l.get("line_id")).put("proration", false);
        }
        if (l.get("product_id") != null) {
            product(products, l.get("product_id"));
            o.putObject("pricing").put("type", "price_details").putObject("price_details")
                    .put("product", l.get("product_id"));
        }
        return o;
    }

    private static List<ObjectNode> creditNotes(CanonicalRows company) {
        Map<String, String> customerOf = new HashMap<>();
        company.of(INVOICES).forEach(i -> customerOf.put(i.get("invoice_id"), i.get("customer_id")));
        List<ObjectNode> out = new ArrayList<>();
        for (Map<String, String> cn : company.of(CREDIT_NOTES)) {
            String currency = cn.get("currency");
            long amount = Values.minorUnits(cn.get("amount"), currency);
            ObjectNode o = JSON.createObjectNode();
            o.put("id", cn.get("credit_note_id")).put("object", "credit_note").put("invoice", cn.get("invoice_id"))
                    .put("customer", customerOf.get(cn.get("invoice_id"))).put("currency", lower(currency))
                    .put("status", "issued").put("type", "post_payment").put("reason", "order_change")
                    .put("amount", amount).put("subtotal", amount).put("total", amount)
                    .put("created", Values.epoch(cn.get("issue_date"))).put("effective_at", Values.epoch(cn.get("issue_date")))
                    .putNull("voided_at");
            out.add(o);
        }
        return out;
    }

    /** Payments as succeeded charges; a negative payment (money paid back) as a refund (which has a customer since 2025). */
    private static List<ObjectNode> charges(CanonicalRows company) {
        List<ObjectNode> out = new ArrayList<>();
        for (Map<String, String> p : company.of(PAYMENTS)) {
            String currency = p.get("currency");
            long amount = Values.minorUnits(p.get("amount"), currency);
            ObjectNode o = JSON.createObjectNode();
            o.put("id", p.get("payment_id")).put("customer", p.get("customer_id")).put("currency", lower(currency))
                    .put("created", Values.epoch(p.get("payment_date"))).put("status", "succeeded");
            if (amount >= 0) {
                o.put("object", "charge").put("invoice", p.get("invoice_id")).put("amount", amount)
                        .put("amount_captured", amount).put("amount_refunded", 0).put("captured", true).put("paid", true);
            } else {
                o.put("object", "refund").put("amount", -amount);
                ObjectNode meta = o.putObject("metadata");
                putIfPresent(meta, "invoice", p.get("invoice_id"));
            }
            out.add(o);
        }
        return out;
    }
}
