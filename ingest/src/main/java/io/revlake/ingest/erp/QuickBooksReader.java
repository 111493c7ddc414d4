package io.revlake.ingest.erp;

import static io.revlake.catalog.CanonicalEntity.CREDIT_NOTES;
import static io.revlake.catalog.CanonicalEntity.INVOICES;
import static io.revlake.catalog.CanonicalEntity.INVOICE_LINES;
import static io.revlake.catalog.CanonicalEntity.JOURNAL_LINES;
import static io.revlake.catalog.CanonicalEntity.PAYMENTS;

import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.Values;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.warehouse.Values.Bad;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * QuickBooks Online tables (Fivetran {@code quickbooks} connector) → invoices, invoice_lines, payments, credit_notes,
 * journal_lines.
 * Customers map 1:1 and are read by the declarative mapping ({@code erp.json}).
 *
 * <ul>
 *   <li>{@code invoice}: total = {@code total_amount}, tax = {@code total_tax}, subtotal = total − tax; status from
 *   {@code balance} (0 → paid, else open).</li>
 *   <li>{@code invoice_line} (+ {@code invoice} for deletions): key (invoice_id, index) → line_id
 *   {@code <invoice_id>/<index>}; {@code detail_type} decides the kind of line.</li>
 *   <li>{@code payment_line} (+ {@code payment} for customer, date, currency): one payment per line that applies to an
 *   invoice; credit-memo lines are credit, not cash, and reduce the cash of the payment's invoice lines.</li>
 *   <li>{@code payment}: the unapplied part of a payment is a payment without an invoice.</li>
 *   <li>{@code credit_memo} (+ {@code payment_line}): the invoice is the one the memo is applied to.</li>
 *   <li>{@code refund_receipt}: money paid back, a negative payment without invoice.</li>
 *   <li>{@code journal_entry_line} (+ {@code journal_entry} for date and currency, {@code account} for names): one
 *   journal line per row, the side from {@code posting_type} (amounts are unsigned).</li>
 * </ul>
 * {@code _fivetran_deleted = TRUE} is a deletion: a tombstone of the record's key.
 */
final class QuickBooksReader {
    static final String SYSTEM = "quickbooks";

    private QuickBooksReader() {
    }

    static boolean deleted(CsvTable.Row row) {
        return Values.isTrue(row.get("_fivetran_deleted"));
    }

    static void invoices(CsvTable invoices, Emitter out) throws FileRejectedException {
        invoices.require("id", "customer_id", "transaction_date", "due_date", "currency_id", "total_amount");
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
            d.put("customer_id", row.get("customer_id"))
                    .put("invoice_date", Values.date(row.get("transaction_date")))
                    .put("due_date", Values.date(row.get("due_date")))
                    .put("currency", Values.upper(row.get("currency_id")))
                    .put("updated_at", Values.timestamp(row.get("updated_at")))
                    .extra("doc_number", row.get("doc_number")).extra("balance", row.get("balance"))
                    .extra("exchange_rate", row.get("exchange_rate")).extra("home_balance", row.get("home_balance"))
                    .extra("home_total_amount", row.get("home_total_amount"))
                    .extra("sales_term_id", row.get("sales_term_id"));
            try {
                BigDecimal total = Values.number("total_amount", row.get("total_amount"));
                BigDecimal tax = Values.number("total_tax", row.get("total_tax"));
                BigDecimal balance = Values.number("balance", row.get("balance"));
                d.put("total", Values.plain(total)).put("tax", Values.plain(tax))
                        .put("subtotal", total == null ? null : Values.plain(tax == null ? total : total.subtract(tax)))
                        .put("status", balance == null ? null : balance.signum() == 0 ? "paid" : "open");
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.emit();
        }
    }

    /** @param invoices the sibling {@code invoice} table, or null: lines of a deleted invoice become tombstones */
    static void invoiceLines(CsvTable lines, CsvTable invoices, Emitter out) throws FileRejectedException {
        lines.require("invoice_id", "index", "amount", "detail_type");
        Set<String> deletedInvoices = new HashSet<>();
        if (invoices != null) {
            for (CsvTable.Row r : invoices.rows()) {
                if (deleted(r)) {
                    deletedInvoices.add(r.get("id"));
                }
            }
        }
        for (CsvTable.Row row : lines.rows()) {
            if (out.rejectBroken(lines, row, INVOICE_LINES)) {
                continue;
            }
            String invoiceId = row.get("invoice_id");
            String index = row.get("index");
            String lineId = invoiceId == null || index == null ? null : invoiceId + "/" + index;
            String type = row.get("detail_type");
            if ("SubTotalLineDetail".equalsIgnoreCase(type)) {
                out.skip("SubTotalLineDetail lines (a sum of other lines, not a fact)");
                continue;
            }
            if ("DescriptionOnly".equalsIgnoreCase(type)) {
                out.skip("DescriptionOnly lines (text, not a fact)");
                continue;
            }
            Emitter.Draft d = out.draft(INVOICE_LINES, row, "invoice " + invoiceId + ", line " + index)
                    .put("line_id", lineId).put("invoice_id", invoiceId);
            if (lineId == null) {
                d.reject(ReasonCode.MISSING_VALUE, (invoiceId == null ? "invoice_id" : "index")
                        + " is required but empty (the line's key is invoice_id and index)").emit();
                continue;
            }
            if (deletedInvoices.contains(invoiceId)) {
                d.tombstone().extra("deleted_with_invoice", invoiceId).emit();
                continue;
            }
            d.put("line_type", "one_time").extra("detail_type", type).extra("description", row.get("description"));
            try {
                BigDecimal amount = Values.number("amount", row.get("amount"));
                if ("SalesItemLineDetail".equalsIgnoreCase(type)) {
                    String quantity = row.get("sales_item_quantity") != null ? row.get("sales_item_quantity") : row.get("quantity");
                    d.put("amount", Values.plain(amount)).put("quantity", quantity)
                            .put("product_id", row.get("sales_item_item_id") != null ? row.get("sales_item_item_id") : row.get("item_id"))
                            .extra("unit_price", row.get("sales_item_unit_price"))
                            .extra("service_date", row.get("sales_item_service_date"))
                            .extra("bundle_id", row.get("bundle_id"))
                            .extra("account_id", row.get("sales_item_account_id") != null ? row.get("sales_item_account_id") : row.get("account_id"));
                } else if ("DiscountLineDetail".equalsIgnoreCase(type)) {
                    d.put("amount", amount == null ? null : Values.plain(amount.negate()))
                            .extra("discount_percent", row.get("discount_discount_percent"))
                            .extra("percent_based", row.get("discount_percent_based"))
                            .extra("account_id", row.get("discount_account_id"));
                } else if (type == null) {
                    d.reject(ReasonCode.MISSING_VALUE, "detail_type is required but empty, so the kind of line "
                            + "(SalesItemLineDetail, DiscountLineDetail, SubTotalLineDetail, …) is unknown");
                } else {
                    d.reject(ReasonCode.INVALID_VALUE, "detail_type '" + type + "' is not a line kind this reader knows "
                            + "(expected SalesItemLineDetail, DiscountLineDetail, SubTotalLineDetail or DescriptionOnly)");
                }
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.emit();
        }
    }

    /** Per payment line ({@code payment_id/index}): the cash it applies, after the payment's credit memos. */
    record Application(BigDecimal cash, BigDecimal creditUsed) {
    }

    /**
     * How much of each invoice line of a payment is cash. A QuickBooks payment that uses a credit memo lists the
     * memo as a line beside the invoice lines (a 100.00 invoice settled by a 100.00 memo is a payment of total 0 with
     * two lines), so the memo's amount is not cash: it is taken off the payment's invoice lines in index order.
     * Pure; lines with an amount that is not a number are left out (their own record is quarantined).
     *
     * @return {@code payment_id/index} of each invoice line → its cash and the credit taken off it
     */
    static Map<String, Application> applications(List<CsvTable.Row> paymentLines) {
        Map<String, List<CsvTable.Row>> byPayment = new LinkedHashMap<>();
        for (CsvTable.Row r : paymentLines) {
            byPayment.computeIfAbsent(String.valueOf(r.get("payment_id")), k -> new ArrayList<>()).add(r);
        }
        Map<String, Application> result = new HashMap<>();
        for (var e : byPayment.entrySet()) {
            BigDecimal credit = BigDecimal.ZERO;
            for (CsvTable.Row r : e.getValue()) {
                if (r.get("credit_memo_id") != null) {
                    credit = credit.add(amountOrZero(r));
                }
            }
            List<CsvTable.Row> invoiceLines = new ArrayList<>(e.getValue().stream()
                    .filter(r -> r.get("credit_memo_id") == null && r.get("invoice_id") != null).toList());
            invoiceLines.sort(Comparator.comparing(r -> indexOf(r)));
            for (CsvTable.Row r : invoiceLines) {
                BigDecimal amount = amountOrZero(r);
                BigDecimal used = credit.min(amount).max(BigDecimal.ZERO);
                credit = credit.subtract(used);
                result.put(e.getKey() + "/" + r.get("index"), new Application(amount.subtract(used), used));
            }
        }
        return result;
    }

    private static long indexOf(CsvTable.Row r) {
        try {
            return Long.parseLong(String.valueOf(r.get("index")));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static BigDecimal amountOrZero(CsvTable.Row r) {
        try {
            return Values.numberOrZero("amount", r.get("amount"));
        } catch (Bad e) {
            return BigDecimal.ZERO;
        }
    }

    /** @param payments the sibling {@code payment} table (customer, date, currency), or null when there is none */
    static void paymentLines(CsvTable lines, CsvTable payments, Emitter out) throws FileRejectedException {
        lines.require("payment_id", "index", "amount", "invoice_id", "credit_memo_id");
        Map<String, CsvTable.Row> headers = new HashMap<>();
        if (payments != null) {
            payments.rows().forEach(r -> headers.put(r.get("id"), r));
        }
        Map<String, Application> applications = applications(lines.rows());
        for (CsvTable.Row row : lines.rows()) {
            if (out.rejectBroken(lines, row, PAYMENTS)) {
                continue;
            }
            String paymentId = row.get("payment_id");
            String index = row.get("index");
            if (row.get("credit_memo_id") != null) {
                out.skip("lines applying a credit memo (credit, not cash)");
                continue;
            }
            if (row.get("invoice_id") == null) {
                out.skip("lines applying neither an invoice nor a credit memo (journal entry, deposit, …)");
                continue;
            }
            String key = paymentId == null || index == null ? null : paymentId + "/" + index;
            Emitter.Draft d = out.draft(PAYMENTS, row, "payment " + paymentId + ", line " + index)
                    .put("payment_id", key).put("invoice_id", row.get("invoice_id"));
            CsvTable.Row header = headers.get(paymentId);
            if (header != null && deleted(header)) {
                d.tombstone().emit();
                continue;
            }
            Application a = applications.get(key);
            try {
                Values.number("amount", row.get("amount"));
                if (a != null && a.cash().signum() == 0 && a.creditUsed().signum() > 0) {
                    out.skip("invoice applications settled entirely by a credit memo");
                    continue;
                }
                d.put("amount", a == null ? null : Values.plain(a.cash()));
                if (a != null && a.creditUsed().signum() > 0) {
                    d.extra("credit_memo_applied", Values.plain(a.creditUsed())).extra("line_amount", row.get("amount"));
                }
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.extra("qbo_payment_id", paymentId).extra("line_index", index);
            if (header == null) {
                d.reject(ReasonCode.MISSING_VALUE, "payment " + paymentId + " is not in "
                        + (payments == null ? "a payment_data.csv beside this file (there is none)" : payments.fileName())
                        + ", which gives its customer, date and currency");
            } else {
                d.put("customer_id", header.get("customer_id"))
                        .put("payment_date", Values.date(header.get("transaction_date")))
                        .put("currency", Values.upper(header.get("currency_id")))
                        .extra("payment_total", header.get("total_amount"))
                        .extra("exchange_rate", header.get("exchange_rate"));
            }
            d.emit();
        }
    }

    /** The unapplied part of each payment → a payment with no invoice ({@code <id>/unapplied}). */
    static void payments(CsvTable payments, Emitter out) throws FileRejectedException {
        payments.require("id", "customer_id", "transaction_date", "currency_id", "unapplied_amount");
        for (CsvTable.Row row : payments.rows()) {
            if (out.rejectBroken(payments, row, PAYMENTS)) {
                continue;
            }
            String id = row.get("id");
            Emitter.Draft d = out.draft(PAYMENTS, row, "payment " + id).put("payment_id", id == null ? null : id + "/unapplied");
            if (deleted(row)) {
                d.tombstone().emit();
                continue;
            }
            try {
                BigDecimal unapplied = Values.numberOrZero("unapplied_amount", row.get("unapplied_amount"));
                if (unapplied.signum() <= 0) {
                    out.skip("payments with nothing unapplied (their applications are in payment_line)");
                    continue;
                }
                d.put("amount", Values.plain(unapplied));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.put("customer_id", row.get("customer_id")).put("payment_date", Values.date(row.get("transaction_date")))
                    .put("currency", Values.upper(row.get("currency_id")))
                    .extra("qbo_payment_id", id).extra("payment_total", row.get("total_amount"))
                    .extra("exchange_rate", row.get("exchange_rate")).emit();
        }
    }

    /**
     * Credit memo id → the invoices it is applied to: the invoice lines of every payment that also has a line applying
     * the memo. Pure.
     */
    static Map<String, Set<String>> memoInvoices(List<CsvTable.Row> paymentLines) {
        Map<String, List<CsvTable.Row>> byPayment = new LinkedHashMap<>();
        for (CsvTable.Row r : paymentLines) {
            byPayment.computeIfAbsent(String.valueOf(r.get("payment_id")), k -> new ArrayList<>()).add(r);
        }
        Map<String, Set<String>> result = new HashMap<>();
        for (List<CsvTable.Row> rows : byPayment.values()) {
            Set<String> invoices = new LinkedHashSet<>();
            rows.stream().filter(r -> r.get("credit_memo_id") == null && r.get("invoice_id") != null)
                    .forEach(r -> invoices.add(r.get("invoice_id")));
            for (CsvTable.Row r : rows) {
                if (r.get("credit_memo_id") != null) {
                    result.computeIfAbsent(r.get("credit_memo_id"), k -> new LinkedHashSet<>()).addAll(invoices);
                }
            }
        }
        return result;
    }

    /** @param paymentLines the sibling {@code payment_line} table, or null when there is none */
    static void creditMemos(CsvTable memos, CsvTable paymentLines, Emitter out) throws FileRejectedException {
        memos.require("id", "transaction_date", "currency_id", "total_amount");
        Map<String, Set<String>> applied = paymentLines == null ? Map.of() : memoInvoices(paymentLines.rows());
        for (CsvTable.Row row : memos.rows()) {
            if (out.rejectBroken(memos, row, CREDIT_NOTES)) {
                continue;
            }
            String id = row.get("id");
            Emitter.Draft d = out.draft(CREDIT_NOTES, row, "credit memo " + id).put("credit_note_id", id);
            if (deleted(row)) {
                d.tombstone().emit();
                continue;
            }
            Set<String> invoices = applied.getOrDefault(id, Set.of());
            d.put("issue_date", Values.date(row.get("transaction_date")))
                    .put("currency", Values.upper(row.get("currency_id")))
                    .extra("customer_id", row.get("customer_id")).extra("doc_number", row.get("doc_number"))
                    .extra("balance", row.get("balance")).extra("remaining_credit", row.get("remaining_credit"))
                    .extra("exchange_rate", row.get("exchange_rate"));
            try {
                d.put("amount", Values.plain(Values.number("total_amount", row.get("total_amount"))));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            if (invoices.size() == 1) {
                d.put("invoice_id", invoices.iterator().next());
            } else if (invoices.isEmpty()) {
                d.reject(ReasonCode.MISSING_VALUE, "invoice_id is unknown: no payment line in "
                        + (paymentLines == null ? "a payment_line_data.csv beside this file (there is none)"
                        : paymentLines.fileName()) + " applies credit memo " + id + " to an invoice");
            } else {
                d.reject(ReasonCode.CONFLICTING_VALUES, "credit memo " + id + " is applied to several invoices ("
                        + String.join(", ", invoices) + "); a canonical credit note belongs to one invoice");
            }
            d.emit();
        }
    }

    /**
     * Refund receipts (money paid back to a customer) → a negative payment {@code <id>/refund} without invoice, the
     * canonical form of a refund (as Stripe refunds and SAP debits on payment documents): the sign says it, the extra
     * {@code kind} = refund names it.
     */
    static void refundReceipts(CsvTable refunds, Emitter out) throws FileRejectedException {
        refunds.require("id", "customer_id", "transaction_date", "currency_id", "total_amount");
        for (CsvTable.Row row : refunds.rows()) {
            if (out.rejectBroken(refunds, row, PAYMENTS)) {
                continue;
            }
            String id = row.get("id");
            Emitter.Draft d = out.draft(PAYMENTS, row, "refund receipt " + id)
                    .put("payment_id", id == null ? null : id + "/refund");
            if (deleted(row)) {
                d.tombstone().emit();
                continue;
            }
            try {
                BigDecimal total = Values.number("total_amount", row.get("total_amount"));
                d.put("amount", total == null ? null : Values.plain(total.negate()));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.put("customer_id", row.get("customer_id")).put("payment_date", Values.date(row.get("transaction_date")))
                    .put("currency", Values.upper(row.get("currency_id")))
                    .extra("kind", "refund").extra("qbo_refund_receipt_id", id).extra("doc_number", row.get("doc_number"))
                    .extra("payment_type", row.get("payment_type")).extra("payment_method_id", row.get("payment_method_id"))
                    .extra("deposit_to_account_id", row.get("deposit_to_account_id"))
                    .extra("exchange_rate", row.get("exchange_rate"))
                    .extra("home_total_amount", row.get("home_total_amount")).emit();
        }
    }

    /** One side of a journal line: the unsigned amount goes to debit or credit, the other side is 0. */
    record Posting(BigDecimal debit, BigDecimal credit) {
    }

    /**
     * QuickBooks keeps a journal line's sign in {@code posting_type}, not in the amount. Pure.
     *
     * @throws Bad MISSING_VALUE when the type is empty, INVALID_VALUE when it is neither Debit nor Credit
     */
    static Posting posting(String postingType, BigDecimal amount) throws Bad {
        if (postingType == null) {
            throw new Bad(ReasonCode.MISSING_VALUE, "posting_type is required but empty, so the line is neither a "
                    + "debit nor a credit (QuickBooks amounts are unsigned)");
        }
        if ("Debit".equalsIgnoreCase(postingType)) {
            return new Posting(amount, BigDecimal.ZERO);
        }
        if ("Credit".equalsIgnoreCase(postingType)) {
            return new Posting(BigDecimal.ZERO, amount);
        }
        throw new Bad(ReasonCode.INVALID_VALUE, "posting_type '" + postingType + "' is neither Debit nor Credit "
                + "(QuickBooks amounts are unsigned: the side of the entry is only in posting_type)");
    }

    /**
     * @param entries  the sibling {@code journal_entry} table (date, currency, deletion), or null when there is none
     * @param accounts the sibling {@code account} table (name and type of the account), or null when there is none
     */
    static void journalLines(CsvTable lines, CsvTable entries, CsvTable accounts, Emitter out)
            throws FileRejectedException {
        lines.require("journal_entry_id", "index", "account_id", "amount", "posting_type");
        Map<String, CsvTable.Row> headers = new HashMap<>();
        if (entries != null) {
            entries.rows().forEach(r -> headers.put(r.get("id"), r));
        }
        Map<String, CsvTable.Row> chart = new HashMap<>();
        if (accounts != null) {
            accounts.rows().forEach(r -> chart.put(r.get("id"), r));
        }
        for (CsvTable.Row row : lines.rows()) {
            if (out.rejectBroken(lines, row, JOURNAL_LINES)) {
                continue;
            }
            String entryId = row.get("journal_entry_id");
            String index = row.get("index");
            String lineId = entryId == null || index == null ? null : entryId + "/" + index;
            Emitter.Draft d = out.draft(JOURNAL_LINES, row, "journal entry " + entryId + ", line " + index)
                    .put("line_id", lineId).put("entry_id", entryId);
            if (lineId == null) {
                d.reject(ReasonCode.MISSING_VALUE, (entryId == null ? "journal_entry_id" : "index")
                        + " is required but empty (the line's key is journal_entry_id and index)").emit();
                continue;
            }
            CsvTable.Row header = headers.get(entryId);
            if (header != null && deleted(header)) {
                d.tombstone().extra("deleted_with_entry", entryId).emit();
                continue;
            }
            String accountId = row.get("account_id");
            d.put("account_id", accountId).put("customer_id", row.get("customer_id")).put("memo", row.get("description"))
                    .extra("line_index", index).extra("posting_type", row.get("posting_type"))
                    .extra("class_id", row.get("class_id")).extra("department_id", row.get("department_id"))
                    .extra("vendor_id", row.get("vendor_id")).extra("employee_id", row.get("employee_id"));
            CsvTable.Row account = accountId == null ? null : chart.get(accountId);
            if (account != null) {
                d.put("account_name", account.get("fully_qualified_name") != null
                                ? account.get("fully_qualified_name") : account.get("name"))
                        .put("account_type", account.get("account_type"))
                        .extra("account_classification", account.get("classification"));
            }
            try {
                Posting p = posting(row.get("posting_type"), Values.number("amount", row.get("amount")));
                d.put("debit", Values.plain(p.debit())).put("credit", Values.plain(p.credit()));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            if (header == null) {
                d.reject(ReasonCode.MISSING_VALUE, "journal entry " + entryId + " is not in "
                        + (entries == null ? "a journal_entry_data.csv beside this file (there is none)" : entries.fileName())
                        + ", which gives its posting date and currency");
            } else {
                d.put("posting_date", Values.date(header.get("transaction_date")))
                        .put("currency", Values.upper(header.get("currency_id")))
                        .put("updated_at", Values.timestamp(header.get("updated_at")))
                        .extra("doc_number", header.get("doc_number")).extra("adjustment", header.get("adjustment"))
                        .extra("exchange_rate", header.get("exchange_rate"))
                        .extra("private_note", header.get("private_note"));
            }
            d.emit();
        }
    }
}
