package io.revlake.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A declared data-quality check of one table, run by the transform on the version it has just written (see
 * docs/operations.md, "Write, audit, publish"). A failed {@link Severity#BLOCKING} check stops the run's tables from
 * being published; a failed {@link Severity#WARNING} check is recorded only.
 */
public sealed interface Check {
    /** Whether a failure stops publication. */
    enum Severity { BLOCKING, WARNING }

    Severity severity();

    /** The check's kind: not_null, unique, accepted_values, references or identity. */
    String kind();

    /** Stable name, unique within the table, e.g. {@code unique(month,customer_id)} or {@code mrr_bridge}. */
    String name();

    /** Every listed column is non-null in every row. */
    record NotNull(List<String> columns, Severity severity) implements Check {
        public NotNull {
            columns = nonEmpty(columns, "not_null");
            Objects.requireNonNull(severity, "severity");
        }

        public String kind() {
            return "not_null";
        }

        public String name() {
            return "not_null(" + String.join(",", columns) + ")";
        }
    }

    /** No two rows share the values of the key columns. */
    record Unique(List<String> columns, Severity severity) implements Check {
        public Unique {
            columns = nonEmpty(columns, "unique");
            Objects.requireNonNull(severity, "severity");
        }

        public String kind() {
            return "unique";
        }

        public String name() {
            return "unique(" + String.join(",", columns) + ")";
        }
    }

    /** The column holds only the listed values (nulls are not_null's business). */
    record AcceptedValues(String column, List<String> values, Severity severity) implements Check {
        public AcceptedValues {
            Objects.requireNonNull(column, "column");
            values = nonEmpty(values, "accepted_values");
            Objects.requireNonNull(severity, "severity");
        }

        public String kind() {
            return "accepted_values";
        }

        public String name() {
            return "accepted_values(" + column + ")";
        }
    }

    /** Referential integrity: every non-null value of the column is a value of {@code target.targetColumn}. */
    record References(String column, TableDef target, String targetColumn, Severity severity) implements Check {
        public References {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(target, "target");
            if (target.column(targetColumn).isEmpty()) {
                throw new IllegalArgumentException(target.qualifiedName() + " has no column " + targetColumn);
            }
            Objects.requireNonNull(severity, "severity");
        }

        public String kind() {
            return "references";
        }

        public String name() {
            return "references(" + column + " -> " + target.qualifiedName() + "." + targetColumn + ")";
        }
    }

    /** A named accounting identity; other tables it reads are read at the versions of the same run. */
    record Identity(AccountingIdentity identity, Severity severity) implements Check {
        public Identity {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(severity, "severity");
        }

        public String kind() {
            return "identity";
        }

        public String name() {
            return identity.checkName();
        }
    }

    /** The accounting identities (METRICS.md) a table can declare. */
    enum AccountingIdentity {
        MRR_BRIDGE("mrr_bridge", "previous month's mrr + new + reactivation + expansion + contraction + churn + fx"
                + " = mrr, per month"),
        MRR_DIMENSION_BRIDGE("mrr_dimension_bridge", "previous month's mrr + new + reactivation + expansion +"
                + " contraction + churn + fx + entering + leaving = mrr, per month, dimension and value"),
        ARR_IS_12_MRR("arr_is_12_mrr", "arr = 12 x mrr, per month"),
        CUSTOMER_MRR_SUMS_TO_SUMMARY("customer_mrr_sums_to_summary", "Σ gold.mrr_customer_month.mrr ="
                + " gold.mrr_summary.mrr, per month"),
        DEFERRED_REVENUE_ROLL_FORWARD("deferred_revenue_roll_forward", "opening = previous closing and closing -"
                + " unbilled = opening - unbilled + billings - recognized, per month and currency"),
        RPO_TIES("rpo_ties", "rpo = deferred - unbilled + backlog, and deferred and unbilled equal"
                + " gold.deferred_revenue's closing, per month and currency"),
        DEFERRED_REVENUE_CUSTOMERS_SUM("deferred_revenue_customers_sum_to_company", "Σ over customers of"
                + " gold.deferred_revenue_customer = gold.deferred_revenue (opening, unbilled, billings, recognized,"
                + " closing), per month and currency, to the cent"),
        RPO_CUSTOMERS_SUM("rpo_customers_sum_to_company", "Σ over customers of gold.rpo_customer = gold.rpo_month"
                + " (deferred, unbilled, backlog, rpo, crpo), per month and currency, to the cent"),
        JOURNAL_BALANCES("journal_balances", "every journal entry's debits equal its credits, per month and currency"),
        JOURNAL_ENTRIES_BALANCE("journal_entries_balance", "Σ debit = Σ credit of every entry of silver.journal_lines,"
                + " per entry and currency"),
        DSO_AR_EQUALS_AGING("dso_ar_equals_aging", "ar_end = Σ gold.ar_aging.open_amount_reporting and current_ar_end"
                + " = the same sum over rows not yet due, at every snapshot, to the cent"),
        BILLINGS_SUM_TO_DSO("billings_sum_to_dso", "Σ gold.billings.total_reporting = gold.dso_month.billings, per"
                + " month, to the cent");

        private final String checkName;
        private final String description;

        AccountingIdentity(String checkName, String description) {
            this.checkName = checkName;
            this.description = description;
        }

        public String checkName() {
            return checkName;
        }

        public String description() {
            return description;
        }
    }

    private static List<String> nonEmpty(List<String> values, String kind) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs at least one value");
        }
        return List.copyOf(values);
    }
}
