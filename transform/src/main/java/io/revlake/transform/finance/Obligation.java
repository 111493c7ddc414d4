package io.revlake.transform.finance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A performance obligation of a contract (silver.obligations). {@code ssp} is the standalone selling price of the
 * whole obligation (all of its quantity); null or 0 means unknown. For a usage obligation it is the estimate of the
 * variable consideration. Dates may be null: a ratable obligation then runs over its contract's term, a
 * point-in-time one is delivered at its start or its contract's start.
 */
public record Obligation(String obligationId, String contractId, String productId, RecognitionMethod method,
                         BigDecimal ssp, LocalDate start, LocalDate end, LocalDate delivery) implements Serializable {
    public Obligation {
        Objects.requireNonNull(obligationId, "obligationId");
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(method, "method");
    }
}
