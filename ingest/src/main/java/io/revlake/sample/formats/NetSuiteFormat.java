package io.revlake.sample.formats;

import static io.revlake.catalog.CanonicalEntity.CREDIT_NOTES;
import static io.revlake.catalog.CanonicalEntity.CUSTOMERS;
import static io.revlake.catalog.CanonicalEntity.INVOICES;
import static io.revlake.catalog.CanonicalEntity.INVOICE_LINES;
import static io.revlake.catalog.CanonicalEntity.PAYMENTS;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The company's receivables as NetSuite2 tables landed by Fivetran (what the ERP connector's {@code NetSuiteReader}
 * reads): {@code netsuite2_currency_data.csv}, {@code netsuite2_customer_data.csv},
 * {@code netsuite2_transaction_data.csv} (invoices {@code CustInvc}, payments {@code CustPymt}, credit memos
 * {@code CustCred}) and {@code netsuite2_transaction_line_data.csv}. Transaction ids are the canonical ids.
 *
 * <p>Lines follow NetSuite's signs: an invoice's main line is its total (debit, positive), its income lines and tax
 * line negative; a payment's main line is the amount received, its apply line points at the invoice
 * ({@code createdfrom}); a credit memo's main line is the negated amount, its item line points at the invoice.
 *
 * <p>What NetSuite cannot carry: the canonical invoice line ids (a line is {@code <transaction>/<line id>}), the lines'
 * kind, item and service period; a customer's segment, region, channel, country and CRM / billing ids; the status
 * {@code uncollectible} (written as open, {@code A}).
 */
final class NetSuiteFormat {
    private NetSuiteFormat() {
    }

    private static final String SYNCED = "2025-01-01 00:00:00";

    static Map<String, Long> write(CanonicalRows company, Path out) throws IOException {
        Map<String, Long> written = new LinkedHashMap<>();
        Map<String, String> currencyIds = new LinkedHashMap<>();
        for (String code : List.of("USD", "EUR", "GBP")) {
            currencyIds.put(code, String.valueOf(currencyIds.size() + 1));
        }
        for (var e : List.of(CUSTOMERS, INVOICES, PAYMENTS, CREDIT_NOTES)) {
            for (Map<String, String> r : company.of(e)) {
                if (r.get("currency") != null) {
                    currencyIds.computeIfAbsent(r.get("currency"), k -> String.valueOf(currencyIds.size() + 1));
                }
            }
        }
        try (CsvOut c = new CsvOut(out.resolve("netsuite2_currency_data.csv"),
                List.of("_fivetran_synced", "_fivetran_deleted", "id", "name", "symbol", "isbasecurrency"))) {
            for (var e : currencyIds.entrySet()) {
                c.row(SYNCED, "FALSE", e.getValue(), e.getKey(), e.getKey(), e.getKey().equals("USD") ? "T" : "F");
            }
            written.put("netsuite2_currency_data.csv", c.rows());
        }
        try (CsvOut c = new CsvOut(out.resolve("netsuite2_customer_data.csv"), List.of("_fivetran_synced",
                "_fivetran_active", "_fivetran_deleted", "id", "entityid", "companyname", "currency", "datecreated",
                "lastmodifieddate", "isinactive", "isperson"))) {
            for (Map<String, String> k : company.of(CUSTOMERS)) {
                c.row(SYNCED, "TRUE", "FALSE", k.get("customer_id"), k.get("erp_customer_id"), k.get("name"),
                        k.get("currency") == null ? null : currencyIds.get(k.get("currency")),
                        k.get("created_at") == null ? null : Values.warehouseTimestamp(k.get("created_at")),
                        k.get("updated_at") == null ? null : Values.warehouseTimestamp(k.get("updated_at")), "F", "F");
            }
            written.put("netsuite2_customer_data.csv", c.rows());
        }
        Map<String, List<Map<String, String>>> linesOf = new HashMap<>();
        company.of(INVOICE_LINES).forEach(l -> linesOf.computeIfAbsent(l.get("invoice_id"), k -> new ArrayList<>()).add(l));
        Map<String, String> customerOf = new HashMap<>();
        company.of(INVOICES).forEach(i -> customerOf.put(i.get("invoice_id"), i.get("customer_id")));
        try (CsvOut t = new CsvOut(out.resolve("netsuite2_transaction_data.csv"), List.of("_fivetran_synced",
                "_fivetran_active", "_fivetran_deleted", "id", "transactionnumber", "type", "memo", "trandate", "status",
                "createddate", "lastmodifieddate", "duedate", "currency", "entity", "posting", "isreversal"));
             CsvOut l = new CsvOut(out.resolve("netsuite2_transaction_line_data.csv"), List.of("_fivetran_synced",
                     "_fivetran_deleted", "id", "transaction", "linesequencenumber", "mainline", "taxline",
                     "foreignamount", "quantity", "item", "createdfrom", "memo"))) {
            int n = 0;
            for (Map<String, String> inv : company.of(INVOICES)) {
                String id = inv.get("invoice_id");
                String status = switch (inv.get("status") == null ? "open" : inv.get("status")) {
                    case "paid" -> "B";
                    case "void" -> "V";
                    default -> "A";
                };
                t.row(SYNCED, "TRUE", "FALSE", id, "INV" + (++n), "CustInvc", null, inv.get("invoice_date") + " 0:00:00",
                        status, inv.get("invoice_date") + " 0:00:00",
                        inv.get("updated_at") == null ? null : Values.warehouseTimestamp(inv.get("updated_at")),
                        inv.get("due_date") + " 0:00:00", currencyIds.get(inv.get("currency")), inv.get("customer_id"),
                        "T", "F");
                int line = 0;
                l.row(SYNCED, "FALSE", line, id, line, "T", "F", inv.get("total"), null, null, null, null);
                if (inv.get("tax") != null) {
                    line++;
                    l.row(SYNCED, "FALSE", line, id, line, "F", "T", Values.negate(inv.get("tax")), null, null, null, "tax");
                }
                for (Map<String, String> il : linesOf.getOrDefault(id, List.of())) {
                    line++;
                    l.row(SYNCED, "FALSE", line, id, line, "F", "F", Values.negate(il.get("amount")),
                            il.get("quantity") == null ? null : Values.negate(il.get("quantity")), il.get("product_id"),
                            null, il.get("line_type"));
                }
            }
            n = 0;
            for (Map<String, String> p : company.of(PAYMENTS)) {
                String id = p.get("payment_id");
                t.row(SYNCED, "TRUE", "FALSE", id, "PYMT" + (++n), "CustPymt", null, p.get("payment_date") + " 0:00:00",
                        "C", p.get("payment_date") + " 0:00:00", null, null, currencyIds.get(p.get("currency")),
                        p.get("customer_id"), "T", "F");
                l.row(SYNCED, "FALSE", 0, id, 0, "T", "F", p.get("amount"), null, null, null, null);
                l.row(SYNCED, "FALSE", 1, id, 1, "F", "F", Values.negate(p.get("amount")), null, null,
                        p.get("invoice_id"), p.get("invoice_id") == null ? "unapplied" : "apply");
            }
            n = 0;
            for (Map<String, String> cn : company.of(CREDIT_NOTES)) {
                String id = cn.get("credit_note_id");
                t.row(SYNCED, "TRUE", "FALSE", id, "CM" + (++n), "CustCred", null, cn.get("issue_date") + " 0:00:00",
                        "B", cn.get("issue_date") + " 0:00:00", null, null, currencyIds.get(cn.get("currency")),
                        customerOf.get(cn.get("invoice_id")), "T", "F");
                l.row(SYNCED, "FALSE", 0, id, 0, "T", "F", Values.negate(cn.get("amount")), null, null, null, null);
                l.row(SYNCED, "FALSE", 1, id, 1, "F", "F", cn.get("amount"), null, null, cn.get("invoice_id"), "credit");
            }
            written.put("netsuite2_transaction_data.csv", t.rows());
            written.put("netsuite2_transaction_line_data.csv", l.rows());
        }
        return written;
    }
}
