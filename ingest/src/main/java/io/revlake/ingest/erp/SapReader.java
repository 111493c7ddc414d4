package io.revlake.ingest.erp;

import static io.revlake.catalog.CanonicalEntity.CREDIT_NOTES;
import static io.revlake.catalog.CanonicalEntity.INVOICES;
import static io.revlake.catalog.CanonicalEntity.PAYMENTS;

import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.Values;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.warehouse.Values.Bad;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SAP ECC accounting documents (Fivetran {@code sap} connector): {@code bseg} line items joined with their {@code bkpf}
 * header → invoices, payments and credit_notes. Only customer lines ({@code koart = D}) are receivables; what a line is
 * follows from the document type ({@code bkpf.blart}, configured in {@code erp.json}) and the debit/credit indicator
 * ({@code shkzg}: S debit, H credit; amounts are unsigned). Customers (KNA1) map 1:1 in {@code erp.json}.
 *
 * <p>Codes are compared case-insensitively (this extract has {@code usd}, {@code h}, {@code d}); dates are
 * {@code YYYYMMDD} with {@code 00000000} empty; a document is {@code bukrs/belnr/gjahr} with belnr in SAP's 10-digit
 * form (leading zeros restored, so {@code 100000795} and {@code 0100000795} are one document).
 */
final class SapReader {
    static final String SYSTEM = "sap";

    private SapReader() {
    }

    /** Document types by kind, upper case. */
    record DocumentTypes(Set<String> invoice, Set<String> creditNote, Set<String> payment) {
        DocumentTypes {
            invoice = upper(invoice);
            creditNote = upper(creditNote);
            payment = upper(payment);
        }

        private static Set<String> upper(Set<String> s) {
            Set<String> out = new LinkedHashSet<>();
            s.forEach(x -> out.add(x.toUpperCase(Locale.ROOT)));
            return Set.copyOf(out);
        }

        Kind kind(String blart) {
            String b = blart == null ? "" : blart.toUpperCase(Locale.ROOT);
            return invoice.contains(b) ? Kind.INVOICE : creditNote.contains(b) ? Kind.CREDIT_NOTE
                    : payment.contains(b) ? Kind.PAYMENT : null;
        }
    }

    enum Kind { INVOICE, CREDIT_NOTE, PAYMENT }

    /** {@code 3000/0100000795/2006}: company code, document number in SAP's 10-character form, fiscal year. */
    static String documentId(String bukrs, String belnr, String gjahr) {
        if (bukrs == null || belnr == null || gjahr == null) {
            return null;
        }
        return bukrs.toUpperCase(Locale.ROOT) + "/" + alpha(belnr) + "/" + gjahr;
    }

    /** SAP's ALPHA conversion: a numeric document number is stored left-padded with zeros to 10 characters. */
    static String alpha(String belnr) {
        String b = belnr.toUpperCase(Locale.ROOT);
        return b.chars().allMatch(Character::isDigit) && b.length() < 10 ? "0".repeat(10 - b.length()) + b : b;
    }

    /** Due date = baseline date ({@code zfbdt}, else the document date) + {@code zbd1t} days. */
    static String dueDate(String zfbdt, String bldat, String zbd1t) throws Bad {
        String baseline = zfbdt != null ? Values.sapDate(zfbdt) : null;
        if (baseline == null) {
            baseline = bldat;
        }
        if (baseline == null) {
            return null;
        }
        BigDecimal days = Values.numberOrZero("zbd1t", zbd1t);
        try {
            return LocalDate.parse(baseline).plusDays(days.longValueExact()).toString();
        } catch (DateTimeParseException e) {
            return baseline;
        } catch (ArithmeticException e) {
            throw new Bad(ReasonCode.INVALID_NUMBER, "zbd1t '" + zbd1t + "' is not a whole number of days");
        }
    }

    /** Cleared when a clearing date or clearing document is set ({@code 0}, {@code 00000000} and empty are not). */
    static boolean cleared(String augdt, String augbl) {
        return Values.sapDate(augdt) != null || (augbl != null && !augbl.replace("0", "").isEmpty());
    }

    /** @param headers the sibling {@code bkpf} table, or null when there is none */
    static void lineItems(CsvTable items, CsvTable headers, DocumentTypes types, Emitter out) throws FileRejectedException {
        items.require("bukrs", "belnr", "gjahr", "buzei", "koart", "shkzg", "wrbtr", "kunnr");
        Map<String, CsvTable.Row> headerById = new HashMap<>();
        if (headers != null) {
            headers.require("bukrs", "belnr", "gjahr", "blart", "bldat", "budat", "waers");
            headers.rows().forEach(h -> headerById.put(documentId(h.get("bukrs"), h.get("belnr"), h.get("gjahr")), h));
        }
        // Clearing document → the invoices it cleared, to link a payment to its invoice.
        Map<String, List<String>> clearedBy = new HashMap<>();
        for (CsvTable.Row r : items.rows()) {
            CsvTable.Row h = headerById.get(documentId(r.get("bukrs"), r.get("belnr"), r.get("gjahr")));
            if (isCustomer(r) && h != null && types.kind(h.get("blart")) == Kind.INVOICE && r.get("augbl") != null) {
                clearedBy.computeIfAbsent(documentId(r.get("bukrs"), r.get("augbl"), r.get("gjahr")), k -> new ArrayList<>())
                        .add(documentId(r.get("bukrs"), r.get("belnr"), r.get("gjahr")));
            }
        }
        for (CsvTable.Row row : items.rows()) {
            if (out.rejectBroken(items, row, INVOICES)) {
                continue;
            }
            if (!isCustomer(row)) {
                out.skip("lines of account type " + Values.upper(row.get("koart")) + " (G/L, vendor, …: not receivables)");
                continue;
            }
            String doc = documentId(row.get("bukrs"), row.get("belnr"), row.get("gjahr"));
            String what = "document " + doc + ", line " + row.get("buzei");
            String shkzg = Values.upper(row.get("shkzg"));
            CsvTable.Row h = headerById.get(doc);
            if (h == null) {
                CanonicalEntity e = "H".equals(shkzg) ? PAYMENTS : INVOICES;
                out.draft(e, row, what).put(e.key().get(0), doc).reject(ReasonCode.MISSING_VALUE, "document " + doc
                        + " has no header in " + (headers == null ? "a sap_bkpf_data.csv beside this file (there is none)"
                        : headers.fileName()) + ", which gives its type, dates and currency").emit();
                continue;
            }
            String blart = Values.upper(h.get("blart"));
            Kind kind = types.kind(blart);
            if (kind == null) {
                out.skip("customer lines on document type " + blart + " (not an invoice, credit memo or payment type in erp.json)");
                continue;
            }
            if (!"S".equals(shkzg) && !"H".equals(shkzg)) {
                CanonicalEntity e = kind == Kind.INVOICE ? INVOICES : kind == Kind.CREDIT_NOTE ? CREDIT_NOTES : PAYMENTS;
                out.draft(e, row, what).put(e.key().get(0), doc).reject(ReasonCode.INVALID_VALUE, "shkzg '"
                        + row.get("shkzg") + "' is not valid (expected S for debit or H for credit)").emit();
                continue;
            }
            switch (kind) {
                case INVOICE -> invoice(row, h, doc, what, shkzg, out);
                case CREDIT_NOTE -> creditNote(row, h, doc, what, shkzg, out);
                case PAYMENT -> payment(row, h, doc, what, shkzg, clearedBy, out);
            }
        }
    }

    private static boolean isCustomer(CsvTable.Row r) {
        return "D".equalsIgnoreCase(r.get("koart"));
    }

    private static void common(Emitter.Draft d, CsvTable.Row row, CsvTable.Row h) {
        d.extra("document_type", Values.upper(h.get("blart"))).extra("line_item", row.get("buzei"))
                .extra("posting_date", Values.sapDate(h.get("budat"))).extra("debit_credit", Values.upper(row.get("shkzg")))
                .extra("amount_local", row.get("dmbtr")).extra("local_currency", Values.upper(h.get("hwaer")))
                .extra("exchange_rate_raw", h.get("kursf"))
                .extra("clearing_date", Values.sapDate(row.get("augdt")))
                .extra("clearing_document", row.get("augbl") == null || row.get("augbl").replace("0", "").isEmpty()
                        ? null : row.get("augbl"));
        try {
            d.extra("exchange_rate", Values.plain(Values.sapRate("kursf", h.get("kursf"))));
        } catch (Bad e) {
            d.reject(e.rejection);
        }
    }

    private static void invoice(CsvTable.Row row, CsvTable.Row h, String doc, String what, String shkzg, Emitter out) {
        Emitter.Draft d = out.draft(INVOICES, row, what).put("invoice_id", doc);
        if (Values.isTrue(row.get("_fivetran_deleted"))) {
            d.tombstone().emit();
            return;
        }
        common(d, row, h);
        if (!"S".equals(shkzg)) {
            d.reject(ReasonCode.NOT_APPLICABLE, "a credit (H) customer line on invoice document type "
                    + Values.upper(h.get("blart")) + " is a reversal or correction, not an invoice");
        }
        String bldat = Values.sapDate(h.get("bldat"));
        d.put("customer_id", row.get("kunnr")).put("invoice_date", bldat).put("currency", Values.upper(h.get("waers")))
                .put("status", cleared(row.get("augdt"), row.get("augbl")) ? "paid" : "open")
                .extra("payment_terms", row.get("zterm"));
        try {
            BigDecimal amount = Values.number("wrbtr", row.get("wrbtr"));
            d.put("subtotal", Values.plain(amount)).put("total", Values.plain(amount))
                    .put("due_date", dueDate(row.get("zfbdt"), bldat, row.get("zbd1t")));
        } catch (Bad e) {
            d.reject(e.rejection);
        }
        d.emit();
    }

    private static void creditNote(CsvTable.Row row, CsvTable.Row h, String doc, String what, String shkzg, Emitter out) {
        Emitter.Draft d = out.draft(CREDIT_NOTES, row, what).put("credit_note_id", doc);
        if (Values.isTrue(row.get("_fivetran_deleted"))) {
            d.tombstone().emit();
            return;
        }
        common(d, row, h);
        if (!"H".equals(shkzg)) {
            d.reject(ReasonCode.NOT_APPLICABLE, "a debit (S) customer line on credit memo document type "
                    + Values.upper(h.get("blart")) + " is a reversal or correction, not a credit note");
        }
        String invoice = row.get("rebzg") == null ? null
                : documentId(row.get("bukrs"), row.get("rebzg"), row.get("rebzj") != null ? row.get("rebzj") : row.get("gjahr"));
        if (invoice == null) {
            d.reject(ReasonCode.MISSING_VALUE, "invoice_id is unknown: credit memo " + doc
                    + " has no invoice reference (rebzg)");
        }
        d.put("invoice_id", invoice).put("issue_date", Values.sapDate(h.get("bldat")))
                .put("currency", Values.upper(h.get("waers"))).extra("customer_id", row.get("kunnr"));
        try {
            d.put("amount", Values.plain(Values.number("wrbtr", row.get("wrbtr"))));
        } catch (Bad e) {
            d.reject(e.rejection);
        }
        d.emit();
    }

    private static void payment(CsvTable.Row row, CsvTable.Row h, String doc, String what, String shkzg,
                                Map<String, List<String>> clearedBy, Emitter out) {
        String id = doc + "/" + row.get("buzei");
        Emitter.Draft d = out.draft(PAYMENTS, row, what).put("payment_id", id);
        if (Values.isTrue(row.get("_fivetran_deleted"))) {
            d.tombstone().emit();
            return;
        }
        common(d, row, h);
        String invoice = null;
        if (row.get("rebzg") != null) {
            invoice = documentId(row.get("bukrs"), row.get("rebzg"), row.get("rebzj") != null ? row.get("rebzj") : row.get("gjahr"));
        } else {
            List<String> cleared = clearedBy.getOrDefault(doc, List.of());
            if (cleared.size() == 1) {
                invoice = cleared.get(0);
            } else if (cleared.size() > 1) {
                d.extra("cleared_invoices", String.join(",", cleared));
            }
        }
        d.put("customer_id", row.get("kunnr")).put("invoice_id", invoice).put("payment_date", Values.sapDate(h.get("budat")))
                .put("currency", Values.upper(h.get("waers")));
        try {
            BigDecimal amount = Values.number("wrbtr", row.get("wrbtr"));
            // A credit to the customer is money received; a debit on a payment document is money paid back.
            d.put("amount", amount == null ? null : Values.plain("H".equals(shkzg) ? amount : amount.negate()));
        } catch (Bad e) {
            d.reject(e.rejection);
        }
        d.emit();
    }
}
