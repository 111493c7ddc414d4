package io.revlake.ingest.mapping;

import io.revlake.ingest.ReasonCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value transforms a mapping file may name. Pure functions of text; a value they cannot convert raises
 * {@link MappingException} with the reason code the record is quarantined under. A value they merely do not
 * recognise (a boolean spelled {@code maybe}, a date in another shape) is passed on unchanged, so the canonical
 * validator rejects it naming the field and value.
 */
public final class Transforms {
    /** Currencies Stripe (and ISO 4217) amounts carry no minor unit for: 1000 JPY is {@code 1000}. */
    public static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
            "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");
    /** Currencies with three decimals (Stripe sends them in thousandths). */
    public static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");
    public static final Set<String> NAMES = Set.of("trim", "upper", "lower", "date", "timestamp", "epoch_date",
            "epoch_timestamp", "minor_units", "negate", "boolean", "strip_at", "decimal", "next_day", "yyyymmdd");
    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "1");
    private static final Set<String> FALSE = Set.of("false", "f", "no", "n", "0");
    private static final Pattern DATE_PREFIX = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([ T].*)?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern SAP_DATE = Pattern.compile("\\d{8}");
    private static final Pattern UNPADDED_HOUR = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d:.*");
    private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("(.*[+-]\\d{2})(\\d{2})$");

    private Transforms() {
    }

    /**
     * @param field    the source path, for messages
     * @param currency the record's currency, for {@code minor_units}; may be null otherwise
     */
    public static String apply(String name, String value, String field, String currency) throws MappingException {
        return switch (name) {
            case "trim" -> value.trim();
            case "upper" -> value.toUpperCase(Locale.ROOT);
            case "lower" -> value.toLowerCase(Locale.ROOT);
            case "strip_at" -> value.startsWith("@") ? value.substring(1) : value;
            case "boolean" -> booleanText(value);
            case "date" -> DATE_PREFIX.matcher(value.trim()).matches() ? value.trim().substring(0, 10) : value;
            case "timestamp" -> timestamp(value.trim());
            case "epoch_date" -> epoch(value, field).atOffset(ZoneOffset.UTC).toLocalDate().toString();
            case "epoch_timestamp" -> epoch(value, field).toString();
            case "minor_units" -> minorUnits(value, field, currency);
            case "next_day" -> nextDay(value);
            case "yyyymmdd" -> yyyymmdd(value);
            case "negate" -> NUMBER.matcher(value).matches() ? new BigDecimal(value).negate().toPlainString() : value;
            case "decimal" -> NUMBER.matcher(value.trim()).matches()
                    ? new BigDecimal(value.trim()).stripTrailingZeros().toPlainString() : value;
            default -> throw new IllegalArgumentException("unknown transform " + name + " (expected one of "
                    + String.join(", ", NAMES.stream().sorted().toList()) + ")");
        };
    }

    /**
     * SAP's {@code YYYYMMDD} date → {@code YYYY-MM-DD}; SAP's empty date {@code 00000000} (or {@code 0}) → empty.
     * Any other shape is passed on unchanged for validation to reject.
     */
    public static String yyyymmdd(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.equals("0") || v.equals("00000000")) {
            return "";
        }
        return SAP_DATE.matcher(v).matches() ? v.substring(0, 4) + "-" + v.substring(4, 6) + "-" + v.substring(6) : value;
    }

    /** An inclusive end date (Salesforce {@code EndDate}) → the exclusive end the canonical model uses. */
    public static String nextDay(String value) {
        String v = value.trim();
        if (!DATE_PREFIX.matcher(v).matches()) {
            return value;
        }
        try {
            return java.time.LocalDate.parse(v.substring(0, 10)).plusDays(1).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return value;
        }
    }

    /** {@code true/TRUE/T/yes/1} → {@code true}, the false forms → {@code false}; anything else unchanged. */
    static String booleanText(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return TRUE.contains(v) ? "true" : FALSE.contains(v) ? "false" : value;
    }

    /**
     * {@code 2019-04-04 18:47:01} → ISO {@code 2019-04-04T18:47:01}; an hour without its leading zero (NetSuite's
     * {@code 2017-05-07 0:00:00}) gets it; {@code +0000} offsets get their colon.
     */
    public static String timestamp(String value) {
        String v = value.length() > 10 && value.charAt(10) == ' ' ? value.substring(0, 10) + "T" + value.substring(11) : value;
        if (UNPADDED_HOUR.matcher(v).matches()) {
            v = v.substring(0, 11) + "0" + v.substring(11);
        }
        var m = OFFSET_WITHOUT_COLON.matcher(v);
        if (v.contains("T") && m.matches()) {
            v = m.group(1) + ":" + m.group(2);
        }
        return v;
    }

    private static Instant epoch(String value, String field) throws MappingException {
        if (!INTEGER.matcher(value.trim()).matches()) {
            throw new MappingException(ReasonCode.INVALID_TIMESTAMP,
                    field + " '" + value + "' is not valid (expected Unix epoch seconds)");
        }
        return Instant.ofEpochSecond(Long.parseLong(value.trim()));
    }

    /** Minor units (cents, or yen for JPY) → a decimal amount in major units, exactly. */
    public static String minorUnits(String value, String field, String currency) throws MappingException {
        if (!NUMBER.matcher(value.trim()).matches()) {
            throw new MappingException(ReasonCode.INVALID_NUMBER,
                    field + " '" + value + "' is not valid (expected an amount in minor units, e.g. 1999)");
        }
        if (currency == null) {
            throw new MappingException(ReasonCode.MISSING_VALUE,
                    field + " " + value + " is in minor units but the record has no currency to scale it by");
        }
        String code = currency.trim().toUpperCase(Locale.ROOT);
        try {
            if (code.length() != 3) {
                throw new IllegalArgumentException();
            }
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new MappingException(ReasonCode.UNKNOWN_CURRENCY, "currency '" + currency + "' of " + field
                    + " is not an ISO 4217 code, so the minor-unit amount " + value + " cannot be converted");
        }
        int digits = ZERO_DECIMAL.contains(code) ? 0 : THREE_DECIMAL.contains(code) ? 3 : 2;
        BigDecimal major = new BigDecimal(value.trim()).movePointLeft(digits);
        return major.scale() < 0 ? major.setScale(0).toPlainString() : major.toPlainString();
    }
}
