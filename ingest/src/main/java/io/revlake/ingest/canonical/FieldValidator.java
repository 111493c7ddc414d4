package io.revlake.ingest.canonical;

import io.revlake.catalog.CanonicalField;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks one canonical field value against its kind. Pure; no I/O. */
public final class FieldValidator {
    private static final DateTimeFormatter STRICT_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH_SHAPE = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DECIMAL_SHAPE = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern INTEGER_SHAPE = Pattern.compile("\\d+");
    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "1");
    private static final Set<String> FALSE = Set.of("false", "f", "no", "n", "0");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private FieldValidator() {
    }

    /** Validates a trimmed, non-null value (blank handled by the caller). */
    public static Optional<Rejection> validate(CanonicalField field, String value) {
        String name = field.name();
        return switch (field.kind()) {
            case TEXT, ID -> Optional.empty();
            case DATE -> parseDate(value).isPresent() ? Optional.empty()
                    : reject(ReasonCode.INVALID_DATE, name, value, "a real date as YYYY-MM-DD");
            case TIMESTAMP -> isTimestamp(value) ? Optional.empty()
                    : reject(ReasonCode.INVALID_TIMESTAMP, name, value, "an ISO-8601 timestamp or YYYY-MM-DD");
            case MONTH -> isMonth(value) ? Optional.empty()
                    : reject(ReasonCode.INVALID_MONTH, name, value, "YYYY-MM");
            case DECIMAL -> number(name, value);
            case NON_NEGATIVE_DECIMAL -> checkNumber(name, value, BigDecimal.ZERO, null);
            case PERCENT -> checkNumber(name, value, BigDecimal.ZERO, HUNDRED);
            case RATE -> {
                Optional<Rejection> r = number(name, value);
                if (r.isPresent()) {
                    yield r;
                }
                yield new BigDecimal(value).signum() > 0 ? Optional.empty()
                        : reject(ReasonCode.OUT_OF_RANGE, name, value, "a rate greater than 0");
            }
            case POSITIVE_INT -> INTEGER_SHAPE.matcher(value).matches() && new BigDecimal(value).signum() > 0
                    ? Optional.empty()
                    : reject(ReasonCode.INVALID_NUMBER, name, value, "a whole number of at least 1");
            case CURRENCY -> isCurrency(value) ? Optional.empty()
                    : reject(ReasonCode.UNKNOWN_CURRENCY, name, value, "an ISO 4217 currency code such as USD");
            case ENUM -> field.acceptedValues().contains(value.toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : reject(ReasonCode.INVALID_VALUE, name, value, "one of " + String.join(", ", field.acceptedValues()));
            case BOOLEAN -> TRUE.contains(value.toLowerCase(Locale.ROOT)) || FALSE.contains(value.toLowerCase(Locale.ROOT))
                    ? Optional.empty()
                    : reject(ReasonCode.INVALID_BOOLEAN, name, value, "true or false");
        };
    }

    public static Optional<LocalDate> parseDate(String value) {
        if (value == null || !DATE_SHAPE.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value, STRICT_DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean isMonth(String value) {
        if (!MONTH_SHAPE.matcher(value).matches()) {
            return false;
        }
        try {
            YearMonth.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isTimestamp(String value) {
        if (parseDate(value).isPresent()) {
            return true;
        }
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            // not with an offset; a local date-time is read as UTC
        }
        try {
            LocalDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isCurrency(String value) {
        if (value.length() != 3) {
            return false;
        }
        try {
            Currency.getInstance(value.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<Rejection> number(String name, String value) {
        if (DECIMAL_SHAPE.matcher(value).matches()) {
            return Optional.empty();
        }
        String hint = value.contains(",")
                ? "a plain decimal with '.' and no thousands separators, e.g. 1234.50"
                : "a plain decimal such as 1234.50";
        return reject(ReasonCode.INVALID_NUMBER, name, value, hint);
    }

    private static Optional<Rejection> checkNumber(String name, String value, BigDecimal min, BigDecimal max) {
        Optional<Rejection> r = number(name, value);
        if (r.isPresent()) {
            return r;
        }
        BigDecimal n = new BigDecimal(value);
        if (n.compareTo(min) < 0) {
            return reject(ReasonCode.NEGATIVE_VALUE, name, value, "a value of at least " + min.toPlainString());
        }
        if (max != null && n.compareTo(max) > 0) {
            return reject(ReasonCode.OUT_OF_RANGE, name, value, "a value between " + min + " and " + max);
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(ReasonCode code, String column, String value, String expected) {
        return Optional.of(new Rejection(code, column + " '" + value + "' is not valid (expected " + expected + ")"));
    }
}
