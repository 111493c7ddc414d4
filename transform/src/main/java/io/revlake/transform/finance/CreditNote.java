package io.revlake.transform.finance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** A credit note against an invoice (silver.credit_notes); the amount includes tax like the invoice total. */
public record CreditNote(String creditNoteId, String invoiceId, LocalDate issueDate, BigDecimal amount, String currency)
        implements Serializable {
    public CreditNote {
        Objects.requireNonNull(creditNoteId, "creditNoteId");
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(issueDate, "issueDate");
        Objects.requireNonNull(currency, "currency");
        amount = Cents.round(Objects.requireNonNull(amount, "amount"));
    }
}
