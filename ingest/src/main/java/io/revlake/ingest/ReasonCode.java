package io.revlake.ingest;

/** Reason codes for quarantined records and rejected files. */
public enum ReasonCode {
    // record level
    MISSING_VALUE,
    INVALID_DATE,
    INVALID_TIMESTAMP,
    INVALID_MONTH,
    INVALID_NUMBER,
    NEGATIVE_VALUE,
    OUT_OF_RANGE,
    UNKNOWN_CURRENCY,
    INVALID_VALUE,
    INVALID_BOOLEAN,
    INVALID_PERIOD,
    DUPLICATE_KEY,
    WRONG_COLUMN_COUNT,
    /** Two source fields that must agree do not (e.g. a Stripe price and its plan disagree on the interval). */
    CONFLICTING_VALUES,
    /** The source record is in a state that is not a fact of the entity yet (draft invoice, failed charge). */
    NOT_APPLICABLE,
    /** An id names another object (a Stripe coupon, discount or price) that is neither expanded nor in the batch. */
    UNRESOLVED_REFERENCE,
    // file level
    MISSING_COLUMNS,
    DUPLICATE_COLUMNS,
    INVALID_ENCODING,
    MALFORMED_CSV,
    MALFORMED_JSON,
    EMPTY_FILE
}
