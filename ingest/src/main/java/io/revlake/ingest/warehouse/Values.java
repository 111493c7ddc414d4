package io.revlake.ingest.warehouse;

import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import io.revlake.ingest.mapping.Transforms;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Value conversions shared by the warehouse-table readers (ERP, HubSpot, Zuora). Pure. */
public final class Values {
    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "1", "x");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern DATE_PREFIX = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([ T].*)?");

    private Values() {
    }

    /** A value that makes the record unusable; carries the rejection. */
    public static final class Bad extends Exception {
        public final Rejection rejection;

        public Bad(ReasonCode code, String reason) {
            super(reason, null, false, false);
            this.rejection = new Rejection(code, reason);
        }
    }

    /** {@code TRUE}, {@code T}, {@code true}, SAP's {@code X} … → true; anything else (empty included) → false. */
    public static boolean isTrue(String value) {
        return value != null && TRUE.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** A decimal amount or null when empty; anything else is {@code INVALID_NUMBER} naming the source column. */
    public static BigDecimal number(String column, String value) throws Bad {
        if (value == null) {
            return null;
        }
        if (!NUMBER.matcher(value).matches()) {
            throw new Bad(ReasonCode.INVALID_NUMBER, column + " '" + value
                    + "' is not valid (expected a plain decimal such as 1234.50)");
        }
        return new BigDecimal(value);
    }

    /** Like {@link #number} but an empty value is zero. */
    public static BigDecimal numberOrZero(String column, String value) throws Bad {
        BigDecimal n = number(column, value);
        return n == null ? BigDecimal.ZERO : n;
    }

    public static String plain(BigDecimal n) {
        return n == null ? null : n.toPlainString();
    }

    /** The date part of {@code 2021-01-19} or {@code 2017-05-07 0:00:00}; another shape is kept for validation to reject. */
    public static String date(String value) {
        if (value == null) {
            return null;
        }
        return DATE_PREFIX.matcher(value).matches() ? value.substring(0, 10) : value;
    }

    /** {@code 2017-05-27 8:56:10} → {@code 2017-05-27T08:56:10}. */
    public static String timestamp(String value) {
        return value == null ? null : Transforms.timestamp(value);
    }

    /** SAP {@code YYYYMMDD} → ISO; {@code 00000000}, {@code 0} and empty → null. */
    public static String sapDate(String value) {
        if (value == null) {
            return null;
        }
        String v = Transforms.yyyymmdd(value);
        return v.isEmpty() ? null : v;
    }

    public static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /**
     * An SAP exchange rate ({@code kursf}): a negative value is an indirect quotation, {@code -1.24} meaning 1/1.24;
     * zero or empty means none. Rounded to 10 decimals half-even.
     */
    public static BigDecimal sapRate(String column, String value) throws Bad {
        BigDecimal x = number(column, value);
        if (x == null || x.signum() == 0) {
            return null;
        }
        BigDecimal rate = x.signum() > 0 ? x : BigDecimal.ONE.divide(x.negate(), new MathContext(34));
        return rate.setScale(10, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
