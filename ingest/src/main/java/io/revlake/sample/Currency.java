package io.revlake.sample;

/** Billing currencies of the sample company; USD is the reporting currency. */
enum Currency {
    USD, EUR, GBP;

    static final Currency REPORTING = USD;

    private static final Currency[] VALUES = values();

    static Currency of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Rough price-list factor against USD, for one-off amounts (services, licences) quoted per currency. */
    long scaleFromUsd(long usdCents) {
        return switch (this) {
            case USD -> usdCents;
            case EUR -> usdCents * 92 / 100;
            case GBP -> usdCents * 80 / 100;
        };
    }
}
