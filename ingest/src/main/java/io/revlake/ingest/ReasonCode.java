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
    // file level
    MISSING_COLUMNS,
    DUPLICATE_COLUMNS,
    INVALID_ENCODING,
    MALFORMED_CSV,
    EMPTY_FILE
}
