package io.revlake.transform.finance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An invoice line (silver.invoice_lines), amount before tax. {@code serviceEnd} is exclusive.
 * {@code lineType}: subscription, one_time, usage or services.
 */
public record InvoiceLine(String lineId, String invoiceId, String itemId, String lineType, BigDecimal amount,
                          LocalDate serviceStart, LocalDate serviceEnd, String obligationId) implements Serializable {
    public InvoiceLine {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(lineType, "lineType");
        amount = Cents.round(Objects.requireNonNull(amount, "amount"));
    }

    /** A period to recognise over: both dates present and the end after the start. */
    public boolean hasServicePeriod() {
        return serviceStart != null && serviceEnd != null && serviceEnd.isAfter(serviceStart);
    }
}
