package io.revlake.catalog;

/** How a canonical extract field is validated at ingest and typed in silver. */
public enum FieldKind {
    /** Free text. */
    TEXT(ColumnType.STRING),
    /** An identifier: non-blank text, trimmed. */
    ID(ColumnType.STRING),
    /** {@code YYYY-MM-DD}, a real calendar date. */
    DATE(ColumnType.DATE),
    /** ISO-8601 timestamp, or a date meaning its start in UTC. */
    TIMESTAMP(ColumnType.TIMESTAMP),
    /** {@code YYYY-MM}. */
    MONTH(ColumnType.STRING),
    /** Plain decimal with '.' (sign allowed). */
    DECIMAL(ColumnType.AMOUNT),
    /** Decimal ≥ 0. */
    NON_NEGATIVE_DECIMAL(ColumnType.AMOUNT),
    /** Percentage in [0, 100]. */
    PERCENT(ColumnType.AMOUNT),
    /** Whole number ≥ 1. */
    POSITIVE_INT(ColumnType.LONG),
    /** ISO 4217 code, upper case. */
    CURRENCY(ColumnType.STRING),
    /** One of the field's accepted values (case-insensitive, stored lower case). */
    ENUM(ColumnType.STRING),
    /** true/false (also t/f, yes/no, 1/0). */
    BOOLEAN(ColumnType.BOOLEAN),
    /** Exchange rate > 0. */
    RATE(ColumnType.RATE);

    private final ColumnType silverType;

    FieldKind(ColumnType silverType) {
        this.silverType = silverType;
    }

    public ColumnType silverType() {
        return silverType;
    }
}
