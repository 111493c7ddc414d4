package io.revlake.catalog;

import static io.revlake.catalog.CanonicalField.opt;
import static io.revlake.catalog.CanonicalField.optEnum;
import static io.revlake.catalog.CanonicalField.req;
import static io.revlake.catalog.CanonicalField.reqEnum;
import static io.revlake.catalog.FieldKind.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The files of the canonical extract (CONTRACT.md): name, fields, natural key.
 * Every other connector maps into these; bronze keeps them as received, silver types them.
 */
public enum CanonicalEntity {
    CUSTOMERS("customers", List.of("customer_id"),
            req("customer_id", ID), opt("name", TEXT), opt("segment", TEXT), opt("region", TEXT),
            opt("country", TEXT), opt("channel", TEXT), opt("currency", CURRENCY), opt("created_at", TIMESTAMP),
            opt("crm_account_id", TEXT), opt("billing_customer_id", TEXT), opt("erp_customer_id", TEXT),
            opt("updated_at", TIMESTAMP)),
    SUBSCRIPTION_ITEMS("subscription_items", List.of("item_id"),
            req("item_id", ID), req("subscription_id", ID), req("customer_id", ID), opt("product_id", TEXT),
            opt("plan_id", TEXT), req("start_date", DATE), opt("end_date", DATE),
            reqEnum("billing_interval", "week", "month", "quarter", "year"), opt("interval_count", POSITIVE_INT),
            opt("quantity", NON_NEGATIVE_DECIMAL), req("unit_amount", NON_NEGATIVE_DECIMAL),
            opt("discount_pct", PERCENT), opt("discount_amount", NON_NEGATIVE_DECIMAL),
            // Extension: a discount stops applying from this date (exclusive); empty = applies for the item's life.
            opt("discount_end", DATE),
            req("currency", CURRENCY), opt("trial_end", DATE), opt("seat_based", BOOLEAN),
            opt("updated_at", TIMESTAMP)),
    INVOICES("invoices", List.of("invoice_id"),
            req("invoice_id", ID), req("customer_id", ID), req("invoice_date", DATE), req("due_date", DATE),
            req("currency", CURRENCY), req("subtotal", DECIMAL), opt("tax", DECIMAL), req("total", DECIMAL),
            optEnum("status", "open", "paid", "void", "uncollectible"), opt("updated_at", TIMESTAMP)),
    INVOICE_LINES("invoice_lines", List.of("line_id"),
            req("line_id", ID), req("invoice_id", ID), opt("item_id", TEXT), opt("product_id", TEXT),
            reqEnum("line_type", "subscription", "one_time", "usage", "services"), req("amount", DECIMAL),
            opt("quantity", DECIMAL), opt("service_start", DATE), opt("service_end", DATE),
            opt("obligation_id", TEXT)),
    PAYMENTS("payments", List.of("payment_id"),
            req("payment_id", ID), req("customer_id", ID), opt("invoice_id", TEXT), req("payment_date", DATE),
            req("amount", DECIMAL), req("currency", CURRENCY)),
    CREDIT_NOTES("credit_notes", List.of("credit_note_id"),
            req("credit_note_id", ID), req("invoice_id", ID), req("issue_date", DATE),
            req("amount", NON_NEGATIVE_DECIMAL), req("currency", CURRENCY)),
    OPPORTUNITIES("opportunities", List.of("opportunity_id"),
            req("opportunity_id", ID), opt("customer_id", TEXT), opt("name", TEXT),
            optEnum("type", "new", "expansion", "renewal"), req("stage", TEXT), req("is_closed", BOOLEAN),
            req("is_won", BOOLEAN), req("amount", DECIMAL), req("currency", CURRENCY),
            req("created_date", DATE), req("close_date", DATE), opt("probability", PERCENT), opt("owner", TEXT),
            opt("channel", TEXT)),
    CONTRACTS("contracts", List.of("contract_id"),
            req("contract_id", ID), req("customer_id", ID), opt("opportunity_id", TEXT), req("signed_date", DATE),
            req("start_date", DATE), req("end_date", DATE), req("currency", CURRENCY),
            req("transaction_price", NON_NEGATIVE_DECIMAL)),
    OBLIGATIONS("obligations", List.of("obligation_id"),
            req("obligation_id", ID), req("contract_id", ID), opt("product_id", TEXT),
            reqEnum("method", "ratable", "point_in_time", "usage"), req("ssp", NON_NEGATIVE_DECIMAL),
            opt("quantity", DECIMAL), opt("start_date", DATE), opt("end_date", DATE), opt("delivery_date", DATE)),
    FX_RATES("fx_rates", List.of("date", "currency"),
            req("date", DATE), req("currency", CURRENCY), req("rate_to_reporting", RATE)),
    EXPENSES("expenses", List.of("month", "category"),
            req("month", MONTH), reqEnum("category", "sales", "marketing", "cogs", "other"), req("amount", DECIMAL),
            req("currency", CURRENCY)),
    // CRM detail, an extension of the contract (docs/canonical.md): optional files that feed no metric yet.
    PRODUCTS("products", List.of("product_id"),
            req("product_id", ID), opt("name", TEXT), opt("product_code", TEXT), opt("family", TEXT),
            optEnum("recognition_method", "ratable", "point_in_time", "usage"), opt("is_active", BOOLEAN),
            opt("updated_at", TIMESTAMP)),
    OPPORTUNITY_LINES("opportunity_lines", List.of("line_id"),
            req("line_id", ID), req("opportunity_id", ID), opt("product_id", TEXT), opt("quantity", DECIMAL),
            opt("unit_price", DECIMAL), opt("list_price", DECIMAL), opt("discount_pct", PERCENT),
            req("total_price", DECIMAL), opt("service_date", DATE), opt("currency", CURRENCY),
            opt("updated_at", TIMESTAMP)),
    // Keyed by opportunity and time: a warehouse's history-mode copy of Opportunity has no id per version.
    OPPORTUNITY_STAGE_HISTORY("opportunity_stage_history", List.of("opportunity_id", "changed_at"),
            req("opportunity_id", ID), req("changed_at", TIMESTAMP), req("stage", TEXT), opt("amount", DECIMAL),
            opt("probability", PERCENT), opt("close_date", DATE), opt("forecast_category", TEXT),
            opt("is_closed", BOOLEAN), opt("is_won", BOOLEAN)),
    QUOTES("quotes", List.of("quote_id"),
            req("quote_id", ID), req("opportunity_id", ID), opt("name", TEXT), opt("status", TEXT),
            opt("is_syncing", BOOLEAN), opt("total", DECIMAL), opt("currency", CURRENCY),
            opt("expiration_date", DATE), opt("created_date", DATE), opt("updated_at", TIMESTAMP)),
    // General-ledger detail (docs/canonical.md), optional like the CRM detail: one row per posting line of an ERP
    // journal entry. Debit and credit are separate non-negative columns (one of them 0), as ERPs show them, so an
    // entry balances when Σ debit = Σ credit per currency; customer_id is set only on lines that name a customer.
    JOURNAL_LINES("journal_lines", List.of("line_id"),
            req("line_id", ID), req("entry_id", ID), req("posting_date", DATE), req("account_id", ID),
            opt("account_name", TEXT), opt("account_type", TEXT), opt("customer_id", TEXT),
            req("debit", NON_NEGATIVE_DECIMAL), req("credit", NON_NEGATIVE_DECIMAL), req("currency", CURRENCY),
            opt("memo", TEXT), opt("updated_at", TIMESTAMP));

    private final String fileStem;
    private final List<String> key;
    private final List<CanonicalField> fields;

    CanonicalEntity(String fileStem, List<String> key, CanonicalField... fields) {
        this.fileStem = fileStem;
        this.key = List.copyOf(key);
        this.fields = List.of(fields);
    }

    /** File name without extension, also the entity's name in bronze and silver. */
    public String fileStem() {
        return fileStem;
    }

    public String fileName() {
        return fileStem + ".csv";
    }

    public List<String> key() {
        return key;
    }

    public List<CanonicalField> fields() {
        return fields;
    }

    public List<String> fieldNames() {
        return fields.stream().map(CanonicalField::name).toList();
    }

    public List<String> requiredFieldNames() {
        return fields.stream().filter(CanonicalField::required).map(CanonicalField::name).toList();
    }

    public Optional<CanonicalField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * Whether the generated company and the metrics use the entity; the others (CRM and general-ledger detail) are
     * optional files that are ingested, conformed and checked but feed no metric.
     */
    public boolean isCore() {
        return !EnumSet.of(PRODUCTS, OPPORTUNITY_LINES, OPPORTUNITY_STAGE_HISTORY, QUOTES, JOURNAL_LINES).contains(this);
    }

    public static Optional<CanonicalEntity> forFileName(String fileName) {
        return Arrays.stream(values()).filter(e -> e.fileName().equalsIgnoreCase(fileName)).findFirst();
    }
}
