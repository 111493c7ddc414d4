package io.revlake.sample.formats;

import io.revlake.ingest.mapping.Transforms;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** Conversions from canonical text to the sources' representations. */
final class Values {
    private Values() {
    }

    /** Decimal places of a currency's minor unit, as Stripe counts them (the reader's table). */
    static int minorDigits(String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        return Transforms.ZERO_DECIMAL.contains(code) ? 0 : Transforms.THREE_DECIMAL.contains(code) ? 3 : 2;
    }

    /** {@code 12.34 USD → 1234}, {@code 1000 JPY → 1000}; exact: an amount finer than the minor unit fails. */
    static long minorUnits(String amount, String currency) {
        return new BigDecimal(amount).movePointRight(minorDigits(currency)).longValueExact();
    }

    /** Minor units that may have a fraction (Stripe's {@code unit_amount_decimal}: {@code 0.125 USD → "12.5"}). */
    static String minorUnitsDecimal(String amount, String currency) {
        BigDecimal v = new BigDecimal(amount).movePointRight(minorDigits(currency)).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    }

    /** Unix seconds of a date's midnight UTC. */
    static long epoch(String date) {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** Unix seconds of an ISO-8601 timestamp (with offset, or UTC when it has none). */
    static long epochOfTimestamp(String ts) {
        return instant(ts).getEpochSecond();
    }

    static Instant instant(String ts) {
        try {
            return OffsetDateTime.parse(ts).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.LocalDateTime.parse(ts).toInstant(ZoneOffset.UTC);
        }
    }

    /** Salesforce Data Export form: {@code 2024-01-12T11:23:20.000Z}. */
    static String salesforceTimestamp(String ts) {
        Instant i = instant(ts);
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC).format(i);
    }

    /** Fivetran's warehouse form for NetSuite: {@code 2024-01-12 11:23:20} (UTC). */
    static String warehouseTimestamp(String ts) {
        Instant i = instant(ts);
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(i);
    }

    static String negate(String amount) {
        return new BigDecimal(amount).negate().toPlainString();
    }
}
