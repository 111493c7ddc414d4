package io.revlake.catalog;

/**
 * Engine-neutral column types. Spark, Delta Kernel and Tablesaw mappings live next to each engine;
 * this enum is the single vocabulary the catalog speaks.
 */
public enum ColumnType {
    STRING,
    /** Calendar date. */
    DATE,
    /** Instant in UTC. */
    TIMESTAMP,
    LONG,
    BOOLEAN,
    /** Ratios and rates where exactness is not a contract (churn rate, NRR). */
    DOUBLE,
    /** Money rounded to the cent: decimal(20,2). */
    MONEY,
    /** Unrounded amounts such as unit prices and quantities: decimal(24,6). */
    AMOUNT,
    /** Exchange rates: decimal(24,10). */
    RATE;

    public int precision() {
        return switch (this) {
            case MONEY -> 20;
            case AMOUNT, RATE -> 24;
            default -> throw new IllegalStateException(this + " is not a decimal type");
        };
    }

    public int scale() {
        return switch (this) {
            case MONEY -> 2;
            case AMOUNT -> 6;
            case RATE -> 10;
            default -> throw new IllegalStateException(this + " is not a decimal type");
        };
    }

    public boolean isDecimal() {
        return this == MONEY || this == AMOUNT || this == RATE;
    }
}
