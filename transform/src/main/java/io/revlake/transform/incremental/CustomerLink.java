package io.revlake.transform.incremental;

import io.revlake.catalog.CanonicalEntity;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * How a changed row of an entity leads to the customers it concerns: directly by its {@code customer_id}, or through
 * the record it belongs to (an invoice line or credit note through its invoice, an obligation through its contract, an
 * opportunity line, quote or stage change through its opportunity). A journal line names its customer when it has one.
 * FX rates, expenses and the product catalogue concern no one customer.
 *
 * @param column  the row's column that names the customer, or the record that does
 * @param through the entity whose {@code customer_id} that record holds; empty when {@code column} is the customer
 */
public record CustomerLink(String column, Optional<CanonicalEntity> through) {
    /** Entities whose changes alter a customer's MRR facts (its items) or its dimensions (segment, region, …). */
    public static final Set<CanonicalEntity> RECURRING_INPUTS =
            EnumSet.of(CanonicalEntity.CUSTOMERS, CanonicalEntity.SUBSCRIPTION_ITEMS);

    public CustomerLink {
        java.util.Objects.requireNonNull(column, "column");
        java.util.Objects.requireNonNull(through, "through");
    }

    /** The link of an entity's rows to customers; empty for company-wide entities. */
    public static Optional<CustomerLink> of(CanonicalEntity entity) {
        return switch (entity) {
            case CUSTOMERS, SUBSCRIPTION_ITEMS, INVOICES, PAYMENTS, OPPORTUNITIES, CONTRACTS, JOURNAL_LINES ->
                    Optional.of(new CustomerLink("customer_id", Optional.empty()));
            case INVOICE_LINES, CREDIT_NOTES ->
                    Optional.of(new CustomerLink("invoice_id", Optional.of(CanonicalEntity.INVOICES)));
            case OBLIGATIONS -> Optional.of(new CustomerLink("contract_id", Optional.of(CanonicalEntity.CONTRACTS)));
            case OPPORTUNITY_LINES, OPPORTUNITY_STAGE_HISTORY, QUOTES ->
                    Optional.of(new CustomerLink("opportunity_id", Optional.of(CanonicalEntity.OPPORTUNITIES)));
            case FX_RATES, EXPENSES, PRODUCTS -> Optional.empty();
        };
    }
}
