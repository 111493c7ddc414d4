package io.revlake.ingest.erp;

import static io.revlake.catalog.CanonicalEntity.CREDIT_NOTES;
import static io.revlake.catalog.CanonicalEntity.CUSTOMERS;
import static io.revlake.catalog.CanonicalEntity.FX_RATES;
import static io.revlake.catalog.CanonicalEntity.INVOICES;
import static io.revlake.catalog.CanonicalEntity.INVOICE_LINES;
import static io.revlake.catalog.CanonicalEntity.PAYMENTS;

import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.Values;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.warehouse.Values.Bad;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NetSuite2 (SuiteAnalytics Connect) tables as Fivetran lands them → customers, invoices, invoice_lines, payments,
 * credit_notes and fx_rates. Transactions of type {@code CustInvc}, {@code CustPymt} and {@code CustCred} are
 * receivables; every other type (vendor bills, journals…) is skipped and counted. Amounts come from the transaction's
 * lines: the main line ({@code mainline = T}) carries the total, {@code foreignamount} in the transaction currency with
 * NetSuite's sign (debit positive: an invoice's main line is positive, its income and tax lines negative; a credit
 * memo's main line is negative).
 *
 * <p>Fivetran keeps history: a row with {@code _fivetran_active = FALSE} is an earlier version of a record and is
 * skipped; {@code _fivetran_deleted = TRUE} is a deletion (a tombstone).
 */
final class NetSuiteReader {
    static final String SYSTEM = "netsuite";

    private NetSuiteReader() {
    }

    static boolean history(CsvTable.Row r) {
        String active = r.get("_fivetran_active");
        return active != null && !Values.isTrue(active);
    }

    static boolean deleted(CsvTable.Row r) {
        return Values.isTrue(r.get("_fivetran_deleted"));
    }

    /** Current rows by id (history versions left out). */
    static Map<String, CsvTable.Row> current(CsvTable t) {
        Map<String, CsvTable.Row> byId = new LinkedHashMap<>();
        if (t != null) {
            t.rows().stream().filter(r -> !history(r)).forEach(r -> byId.put(r.get("id"), r));
        }
        return byId;
    }

    /** Currency id → ISO code ({@code symbol}) from the {@code currency} table. */
    static Map<String, String> currencySymbols(CsvTable currency) {
        Map<String, String> symbols = new HashMap<>();
        current(currency).forEach((id, r) -> {
            if (!deleted(r) && r.get("symbol") != null) {
                symbols.put(id, Values.upper(r.get("symbol")));
            }
        });
        return symbols;
    }

    private static String missingSibling(CsvTable t, String expected) {
        return t == null ? "a " + expected + " beside this file (there is none)" : t.fileName();
    }

    /** @param currency the sibling {@code currency} table, or null */
    static void customers(CsvTable customers, CsvTable currency, Emitter out) throws FileRejectedException {
        customers.require("id");
        Map<String, String> symbols = currencySymbols(currency);
        for (CsvTable.Row row : customers.rows()) {
            if (out.rejectBroken(customers, row, CUSTOMERS)) {
                continue;
            }
            if (history(row)) {
                out.skip("earlier versions (_fivetran_active = FALSE)");
                continue;
            }
            String id = row.get("id");
            Emitter.Draft d = out.draft(CUSTOMERS, row, "customer " + id).put("customer_id", id);
            if (deleted(row)) {
                d.tombstone().emit();
                continue;
            }
            String currencyId = row.get("currency");
            String symbol = currencyId == null ? null : symbols.get(currencyId);
            if (currencyId != null && symbol == null) {
                out.remark("currency left empty: id not in " + missingSibling(currency, "netsuite2_currency_data.csv"));
            }
            String name = row.get("companyname") != null ? row.get("companyname")
                    : row.get("altname") != null ? row.get("altname") : row.get("entityid");
            d.put("name", name).put("currency", symbol).put("created_at", Values.timestamp(row.get("datecreated")))
                    .put("erp_customer_id", id).put("updated_at", Values.timestamp(row.get("lastmodifieddate")))
                    .extra("entity_id", row.get("entityid")).extra("currency_id", currencyId)
                    .extra("is_inactive", row.get("isinactive")).extra("is_person", row.get("isperson"))
                    .extra("parent", row.get("parent")).extra("terms", row.get("terms")).emit();
        }
    }

    static CanonicalEntity entityOf(String type) {
        if (type == null) {
            return null;
        }
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "custinvc" -> INVOICES;
            case "custpymt" -> PAYMENTS;
            case "custcred" -> CREDIT_NOTES;
            default -> null;
        };
    }

    /** An invoice's status code → canonical status; null when the invoice is not a fact yet (pending approval, rejected). */
    static String invoiceStatus(String code) {
        if (code == null) {
            return "open";
        }
        return switch (code.toUpperCase(java.util.Locale.ROOT)) {
            case "A" -> "open";
            case "B" -> "paid";
            case "V" -> "void";
            default -> null;
        };
    }

    /**
     * @param lines    the sibling {@code transaction_line} table (totals, tax, links), or null
     * @param currency the sibling {@code currency} table, or null
     */
    static void transactions(CsvTable transactions, CsvTable lines, CsvTable currency, Emitter out)
            throws FileRejectedException {
        transactions.require("id", "type", "trandate", "currency", "entity");
        Map<String, String> symbols = currencySymbols(currency);
        Map<String, List<CsvTable.Row>> linesByTx = new HashMap<>();
        if (lines != null) {
            lines.require("id", "transaction", "foreignamount", "mainline");
            lines.rows().stream().filter(r -> !deleted(r))
                    .forEach(r -> linesByTx.computeIfAbsent(r.get("transaction"), k -> new ArrayList<>()).add(r));
        }
        for (CsvTable.Row row : transactions.rows()) {
            if (out.rejectBroken(transactions, row, INVOICES)) {
                continue;
            }
            if (history(row)) {
                out.skip("earlier versions (_fivetran_active = FALSE)");
                continue;
            }
            String type = row.get("type");
            CanonicalEntity entity = entityOf(type);
            if (entity == null) {
                out.skip(type + " transactions (not receivables)");
                continue;
            }
            String id = row.get("id");
            Emitter.Draft d = out.draft(entity, row, type + " " + id).put(entity.key().get(0), id);
            if (deleted(row)) {
                d.tombstone().emit();
                continue;
            }
            List<CsvTable.Row> txLines = linesByTx.getOrDefault(id, List.of());
            CsvTable.Row main = txLines.stream().filter(l -> Values.isTrue(l.get("mainline"))).findFirst().orElse(null);
            String currencyId = row.get("currency");
            String symbol = currencyId == null ? null : symbols.get(currencyId);
            if (currencyId != null && symbol == null) {
                d.reject(ReasonCode.MISSING_VALUE, "currency is unknown: currency id " + currencyId + " is not in "
                        + missingSibling(currency, "netsuite2_currency_data.csv"));
            }
            if (main == null) {
                d.reject(ReasonCode.MISSING_VALUE, "the total is unknown: " + type + " " + id + " has no main line "
                        + "(mainline = T) in " + missingSibling(lines, "netsuite2_transaction_line_data.csv"));
            }
            d.extra("transaction_number", row.get("transactionnumber")).extra("status_code", row.get("status"))
                    .extra("posting", row.get("posting")).extra("posting_period", row.get("postingperiod"))
                    .extra("currency_id", currencyId).extra("is_reversal", row.get("isreversal"))
                    .extra("memo", row.get("memo"));
            String date = Values.date(row.get("trandate"));
            try {
                BigDecimal total = main == null ? null : Values.number("foreignamount", main.get("foreignamount"));
                switch (entity) {
                    case INVOICES -> {
                        BigDecimal tax = null;
                        for (CsvTable.Row l : txLines) {
                            if (Values.isTrue(l.get("taxline")) && !Values.isTrue(l.get("mainline"))) {
                                BigDecimal t = Values.numberOrZero("foreignamount", l.get("foreignamount")).negate();
                                tax = tax == null ? t : tax.add(t);
                            }
                        }
                        String status = invoiceStatus(row.get("status"));
                        if (status == null) {
                            d.reject(ReasonCode.NOT_APPLICABLE, "invoice status " + row.get("status")
                                    + " (pending approval or rejected) is not a fact of invoices yet");
                        }
                        d.put("customer_id", row.get("entity")).put("invoice_date", date)
                                .put("due_date", Values.date(row.get("duedate"))).put("currency", symbol)
                                .put("total", Values.plain(total)).put("tax", Values.plain(tax))
                                .put("subtotal", total == null ? null : Values.plain(tax == null ? total : total.subtract(tax)))
                                .put("status", status)
                                .put("updated_at", Values.timestamp(row.get("lastmodifieddate")));
                    }
                    case PAYMENTS -> {
                        Set<String> from = createdFrom(txLines);
                        d.put("customer_id", row.get("entity")).put("payment_date", date).put("currency", symbol)
                                .put("amount", Values.plain(total))
                                .put("invoice_id", from.size() == 1 ? from.iterator().next() : null);
                        if (from.size() > 1) {
                            d.extra("applied_to", String.join(",", from));
                        }
                    }
                    case CREDIT_NOTES -> {
                        Set<String> from = createdFrom(txLines);
                        if (from.isEmpty()) {
                            d.reject(ReasonCode.MISSING_VALUE, "invoice_id is unknown: CustCred " + id
                                    + " has no createdfrom on its lines");
                        } else if (from.size() > 1) {
                            d.reject(ReasonCode.CONFLICTING_VALUES, "CustCred " + id + " is created from several "
                                    + "transactions (" + String.join(", ", from) + "); a canonical credit note belongs to one invoice");
                        }
                        d.put("invoice_id", from.size() == 1 ? from.iterator().next() : null).put("issue_date", date)
                                .put("currency", symbol).put("amount", total == null ? null : Values.plain(total.negate()))
                                .extra("customer_id", row.get("entity"));
                    }
                    default -> throw new IllegalStateException(entity.toString());
                }
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.emit();
        }
    }

    private static Set<String> createdFrom(List<CsvTable.Row> txLines) {
        Set<String> from = new LinkedHashSet<>();
        txLines.stream().map(l -> l.get("createdfrom")).filter(x -> x != null).forEach(from::add);
        return from;
    }

    /** @param transactions the sibling {@code transaction} table (type of each line's transaction), or null */
    static void transactionLines(CsvTable lines, CsvTable transactions, Emitter out) throws FileRejectedException {
        lines.require("id", "transaction", "foreignamount", "mainline");
        Map<String, CsvTable.Row> txById = current(transactions);
        for (CsvTable.Row row : lines.rows()) {
            if (out.rejectBroken(lines, row, INVOICE_LINES)) {
                continue;
            }
            String txId = row.get("transaction");
            CsvTable.Row tx = txById.get(txId);
            if (tx == null) {
                out.skip("lines of transactions not in " + missingSibling(transactions, "netsuite2_transaction_data.csv"));
                continue;
            }
            if (entityOf(tx.get("type")) != INVOICES) {
                out.skip("lines of " + tx.get("type") + " transactions (not invoice lines)");
                continue;
            }
            if (Values.isTrue(row.get("mainline"))) {
                out.skip("invoice main lines (the invoice total, read with the transaction)");
                continue;
            }
            if (Values.isTrue(row.get("taxline"))) {
                out.skip("invoice tax lines (the invoice's tax, read with the transaction)");
                continue;
            }
            String lineId = txId + "/" + row.get("id");
            Emitter.Draft d = out.draft(INVOICE_LINES, row, "CustInvc " + txId + ", line " + row.get("id"))
                    .put("line_id", row.get("id") == null ? null : lineId).put("invoice_id", txId);
            if (deleted(row) || deleted(tx)) {
                d.tombstone().emit();
                continue;
            }
            try {
                // Income lines of an invoice are credits: NetSuite stores their amount and quantity negative.
                BigDecimal amount = Values.number("foreignamount", row.get("foreignamount"));
                BigDecimal quantity = Values.number("quantity", row.get("quantity"));
                d.put("line_type", "one_time").put("product_id", row.get("item"))
                        .put("amount", amount == null ? null : Values.plain(amount.negate()))
                        .put("quantity", quantity == null ? null : Values.plain(quantity.negate()));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.extra("memo", row.get("memo")).extra("item_type", row.get("itemtype"))
                    .extra("rate", row.get("rate")).extra("subsidiary", row.get("subsidiary"))
                    .extra("line_sequence_number", row.get("linesequencenumber")).emit();
        }
    }

    /**
     * Consolidated exchange rates → fx_rates: a rate from a currency into the reporting currency is the period-end
     * {@code currentrate}, dated the period's end date. Rows whose currencies are unknown, that translate into another
     * currency, or whose period is unknown cannot give a rate to the reporting currency and are skipped, counted.
     */
    static void consolidatedRates(CsvTable rates, CsvTable periods, CsvTable currency, String reporting, Emitter out)
            throws FileRejectedException {
        rates.require("fromcurrency", "tocurrency", "postingperiod", "currentrate");
        Map<String, String> symbols = currencySymbols(currency);
        Map<String, CsvTable.Row> periodById = current(periods);
        for (CsvTable.Row row : rates.rows()) {
            if (out.rejectBroken(rates, row, FX_RATES)) {
                continue;
            }
            if (history(row) || deleted(row)) {
                out.skip("earlier versions or deleted rows");
                continue;
            }
            String from = symbols.get(String.valueOf(row.get("fromcurrency")));
            String to = symbols.get(String.valueOf(row.get("tocurrency")));
            if (from == null || to == null) {
                out.skip("rates whose currency ids are not in " + missingSibling(currency, "netsuite2_currency_data.csv")
                        + " (no rate to " + reporting + " derivable)");
                continue;
            }
            if (!to.equals(reporting)) {
                out.skip("rates into " + to + " (not the reporting currency " + reporting + ")");
                continue;
            }
            if (from.equals(to)) {
                out.skip("rates from " + to + " to itself");
                continue;
            }
            CsvTable.Row period = periodById.get(row.get("postingperiod"));
            if (period == null || period.get("enddate") == null) {
                out.skip("rates of periods not in " + missingSibling(periods, "netsuite2_accounting_period_data.csv"));
                continue;
            }
            out.draft(FX_RATES, row, from + " in period " + row.get("postingperiod"))
                    .put("date", Values.date(period.get("enddate"))).put("currency", from)
                    .put("rate_to_reporting", row.get("currentrate"))
                    .extra("rate_type", "netsuite_period_end").extra("average_rate", row.get("averagerate"))
                    .extra("historical_rate", row.get("historicalrate")).extra("period_name", period.get("periodname"))
                    .extra("accounting_book", row.get("accountingbook"))
                    .extra("from_subsidiary", row.get("fromsubsidiary")).extra("to_subsidiary", row.get("tosubsidiary"))
                    .emit();
        }
    }
}
