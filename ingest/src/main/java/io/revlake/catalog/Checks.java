package io.revlake.catalog;

import static io.revlake.catalog.Check.AccountingIdentity.*;
import static io.revlake.catalog.Check.Severity.BLOCKING;
import static io.revlake.catalog.Check.Severity.WARNING;

import io.revlake.catalog.Check.AcceptedValues;
import io.revlake.catalog.Check.Identity;
import io.revlake.catalog.Check.NotNull;
import io.revlake.catalog.Check.References;
import io.revlake.catalog.Check.Unique;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared checks of every silver and gold table. Each table gets unique(its key) and not_null(its required
 * columns), both blocking, plus the checks listed here. References between tables are warnings where the source
 * data may legitimately hold orphans (a connector that sends subscriptions of customers it does not export).
 */
public final class Checks {
    private Checks() {
    }

    private static final Map<String, List<Check>> EXTRA = new LinkedHashMap<>();

    private static void declare(TableDef table, Check... checks) {
        EXTRA.computeIfAbsent(table.qualifiedName(), t -> new ArrayList<>()).addAll(List.of(checks));
    }

    private static TableDef silver(CanonicalEntity e) {
        return Tables.silver(e);
    }

    private static References orphanWarning(String column, TableDef target, String targetColumn) {
        return new References(column, target, targetColumn, WARNING);
    }

    static {
        TableDef customers = silver(CanonicalEntity.CUSTOMERS);
        TableDef invoices = silver(CanonicalEntity.INVOICES);
        TableDef contracts = silver(CanonicalEntity.CONTRACTS);
        // silver: the contract's enumerations, and the links between entities
        for (CanonicalEntity e : CanonicalEntity.values()) {
            for (CanonicalField f : e.fields()) {
                if (f.kind() == FieldKind.ENUM) {
                    declare(silver(e), new AcceptedValues(f.name(), f.acceptedValues(), BLOCKING));
                }
            }
        }
        declare(silver(CanonicalEntity.SUBSCRIPTION_ITEMS), orphanWarning("customer_id", customers, "customer_id"));
        declare(invoices, orphanWarning("customer_id", customers, "customer_id"));
        declare(silver(CanonicalEntity.INVOICE_LINES), orphanWarning("invoice_id", invoices, "invoice_id"));
        declare(silver(CanonicalEntity.PAYMENTS), orphanWarning("customer_id", customers, "customer_id"));
        declare(silver(CanonicalEntity.CREDIT_NOTES), orphanWarning("invoice_id", invoices, "invoice_id"));
        declare(contracts, orphanWarning("customer_id", customers, "customer_id"));
        declare(silver(CanonicalEntity.OBLIGATIONS), orphanWarning("contract_id", contracts, "contract_id"));
        TableDef opportunities = silver(CanonicalEntity.OPPORTUNITIES);
        declare(silver(CanonicalEntity.OPPORTUNITY_LINES),
                orphanWarning("opportunity_id", opportunities, "opportunity_id"),
                orphanWarning("product_id", silver(CanonicalEntity.PRODUCTS), "product_id"));
        declare(silver(CanonicalEntity.OPPORTUNITY_STAGE_HISTORY),
                orphanWarning("opportunity_id", opportunities, "opportunity_id"));
        declare(silver(CanonicalEntity.QUOTES), orphanWarning("opportunity_id", opportunities, "opportunity_id"));
        // An unbalanced entry is an error of the source ERP's books, not of the pipeline, and no metric reads the
        // lines: a warning that names the entry, so the run publishes and the owner of the ledger can fix it there.
        declare(silver(CanonicalEntity.JOURNAL_LINES), orphanWarning("customer_id", customers, "customer_id"),
                new Identity(JOURNAL_ENTRIES_BALANCE, WARNING));

        // gold: recurring revenue
        declare(Tables.MRR_SUMMARY, new Identity(MRR_BRIDGE, BLOCKING), new Identity(ARR_IS_12_MRR, BLOCKING),
                new Identity(CUSTOMER_MRR_SUMS_TO_SUMMARY, BLOCKING));
        declare(Tables.MRR_CUSTOMER_MONTH, orphanWarning("customer_id", customers, "customer_id"));
        declare(Tables.MRR_MOVEMENTS, new AcceptedValues("movement",
                        List.of("new", "reactivation", "expansion", "contraction", "churn", "fx", "entering",
                                "leaving"), BLOCKING),
                // not gold.mrr_customer_month: under same_month_churn=count a customer can move without ever
                // paying at a month end; every movement still comes from the customer's subscription items
                new References("customer_id", silver(CanonicalEntity.SUBSCRIPTION_ITEMS), "customer_id", BLOCKING));
        declare(Tables.MRR_DIMENSION_MONTH, new AcceptedValues("dimension", Tables.MRR_DIMENSIONS, BLOCKING),
                new Identity(MRR_DIMENSION_BRIDGE, BLOCKING));
        declare(Tables.CLV_MODEL_PARAMS, new AcceptedValues("model", List.of("sbg", "bgnbd", "gamma_gamma"), BLOCKING),
                new AcceptedValues("status", List.of("ok", "unavailable"), BLOCKING));

        // gold: finance
        List<String> bookingTypes = List.of("new", "expansion", "renewal");
        declare(Tables.BOOKINGS, new AcceptedValues("source", List.of("contract", "opportunity"), BLOCKING),
                new AcceptedValues("booking_type", bookingTypes, BLOCKING));
        declare(Tables.BOOKINGS_MONTH, new AcceptedValues("booking_type", bookingTypes, BLOCKING));
        declare(Tables.REVENUE_SCHEDULE, new AcceptedValues("source", List.of("contract", "invoice"), BLOCKING),
                new AcceptedValues("method", List.of("ratable", "point_in_time", "usage"), BLOCKING));
        declare(Tables.AR_AGING, new References("invoice_id", invoices, "invoice_id", BLOCKING));
        declare(Tables.OVERDUE_INVOICES, new References("invoice_id", invoices, "invoice_id", BLOCKING));
        declare(Tables.DSO_MONTH, new Identity(DSO_AR_EQUALS_AGING, BLOCKING));
        declare(Tables.BILLINGS, new Identity(BILLINGS_SUM_TO_DSO, BLOCKING),
                new References("invoice_id", invoices, "invoice_id", BLOCKING));
        declare(Tables.DEFERRED_REVENUE, new Identity(DEFERRED_REVENUE_ROLL_FORWARD, BLOCKING));
        declare(Tables.RPO_MONTH, new Identity(RPO_TIES, BLOCKING));
        declare(Tables.DEFERRED_REVENUE_CUSTOMER, new Identity(DEFERRED_REVENUE_CUSTOMERS_SUM, BLOCKING));
        declare(Tables.RPO_CUSTOMER, new Identity(RPO_CUSTOMERS_SUM, BLOCKING));
        declare(Tables.FINANCE_JOURNAL, new Identity(JOURNAL_BALANCES, BLOCKING),
                new AcceptedValues("entry", List.of("billing", "credit_note", "recognition", "unbilled_reclass", "cash",
                        "write_off"), BLOCKING),
                new AcceptedValues("account", List.of("accounts_receivable", "deferred_revenue", "unbilled_receivable",
                        "revenue", "tax_payable", "cash", "unapplied_cash", "bad_debt_expense"), BLOCKING));
    }

    /** The checks of a table, in run order; empty for tables without checks (ops, bronze, quarantine). */
    public static List<Check> of(TableDef table) {
        if (table.layer() != Layer.SILVER && table.layer() != Layer.GOLD) {
            return List.of();
        }
        List<Check> checks = new ArrayList<>();
        if (!table.key().isEmpty()) {
            checks.add(new Unique(table.key(), BLOCKING));
        }
        List<String> required = table.columns().stream().filter(c -> !c.nullable()).map(Column::name).toList();
        // Silver keeps the contract's required fields nullable in its schema; validation guarantees them.
        if (table.layer() == Layer.SILVER) {
            List<String> contract = CanonicalEntity.forFileName(table.name() + ".csv")
                    .map(CanonicalEntity::requiredFieldNames).orElse(List.of());
            required = java.util.stream.Stream.concat(contract.stream(), required.stream()).distinct().toList();
        }
        if (!required.isEmpty()) {
            checks.add(new NotNull(required, BLOCKING));
        }
        checks.addAll(EXTRA.getOrDefault(table.qualifiedName(), List.of()));
        return List.copyOf(checks);
    }
}
