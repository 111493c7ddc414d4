package io.revlake.transform.finance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An invoice as receivables and billings see it (silver.invoices).
 *
 * @param subtotal     amount before tax; the billing that deferred revenue counts
 * @param total        amount the customer owes, tax included; what AR ages
 * @param status       {@code open}, {@code paid}, {@code void}, {@code uncollectible}, or null when not exported
 * @param writeOffDate for an uncollectible invoice, the date it left AR; null otherwise
 */
public record Invoice(String invoiceId, String customerId, LocalDate invoiceDate, LocalDate dueDate, String currency,
                      BigDecimal subtotal, BigDecimal total, String status, LocalDate writeOffDate)
        implements Serializable {
    public static final String VOID = "void";
    public static final String UNCOLLECTIBLE = "uncollectible";

    public Invoice {
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(invoiceDate, "invoiceDate");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(total, "total");
        subtotal = Cents.round(subtotal == null ? total : subtotal);
        total = Cents.round(total);
        if (UNCOLLECTIBLE.equals(status) && writeOffDate == null) {
            throw new IllegalArgumentException(invoiceId + ": an uncollectible invoice needs its write-off date");
        }
    }

    /** An invoice that is not written off. */
    public Invoice(String invoiceId, String customerId, LocalDate invoiceDate, LocalDate dueDate, String currency,
                   BigDecimal subtotal, BigDecimal total, String status) {
        this(invoiceId, customerId, invoiceDate, dueDate, currency, subtotal, total, status, null);
    }

    /**
     * When an uncollectible invoice left AR: the date of its last update (the export's only trace of the write-off),
     * kept between the invoice date and the as-of date; the as-of date when the export has no update time.
     */
    public static LocalDate writeOffDate(String status, LocalDate updatedAt, LocalDate invoiceDate, LocalDate asOf) {
        if (!UNCOLLECTIBLE.equals(status)) {
            return null;
        }
        if (updatedAt == null || updatedAt.isAfter(asOf)) {
            return asOf;
        }
        return updatedAt.isBefore(invoiceDate) ? invoiceDate : updatedAt;
    }

    public boolean isVoid() {
        return VOID.equals(status);
    }

    public BigDecimal tax() {
        return total.subtract(subtotal);
    }
}
