package io.revlake.ingest.canonical;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.CanonicalField;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/** Validates one canonical record: required values, each field's kind, then periods. Pure. */
public final class RecordValidator {
    private RecordValidator() {
    }

    /** @param values canonical field name → trimmed value, null when empty */
    public static Optional<Rejection> validate(CanonicalEntity entity, Map<String, String> values) {
        for (CanonicalField field : entity.fields()) {
            String value = values.get(field.name());
            if (value == null) {
                if (field.required()) {
                    return Optional.of(new Rejection(ReasonCode.MISSING_VALUE,
                            field.name() + " is required but empty"));
                }
                continue;
            }
            Optional<Rejection> r = FieldValidator.validate(field, value);
            if (r.isPresent()) {
                return r;
            }
        }
        return switch (entity) {
            case SUBSCRIPTION_ITEMS -> period(values, "start_date", "end_date", false);
            case INVOICES -> period(values, "invoice_date", "due_date", false);
            case INVOICE_LINES -> period(values, "service_start", "service_end", true);
            case CONTRACTS -> period(values, "start_date", "end_date", true);
            case OBLIGATIONS -> period(values, "start_date", "end_date", true);
            case OPPORTUNITY_LINES -> lineTotal(values);
            default -> Optional.empty();
        };
    }

    private static final BigDecimal HALF_CENT = new BigDecimal("0.005");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * An opportunity line's total_price is quantity × unit_price × (1 − discount_pct/100), as Salesforce computes
     * TotalPrice; checked when quantity and unit_price are both given. Both prices are kept to the cent, and a user who
     * enters the total makes the unit price the rounded total / quantity, so they may differ by half a cent per unit
     * plus half a cent on the total.
     */
    private static Optional<Rejection> lineTotal(Map<String, String> values) {
        String quantity = values.get("quantity");
        String unitPrice = values.get("unit_price");
        if (quantity == null || unitPrice == null) {
            return Optional.empty();
        }
        BigDecimal q = new BigDecimal(quantity);
        BigDecimal discount = values.get("discount_pct") == null ? BigDecimal.ZERO
                : new BigDecimal(values.get("discount_pct"));
        BigDecimal expected = q.multiply(new BigDecimal(unitPrice))
                .multiply(HUNDRED.subtract(discount)).divide(HUNDRED, 6, RoundingMode.HALF_UP);
        BigDecimal total = new BigDecimal(values.get("total_price"));
        BigDecimal tolerance = HALF_CENT.multiply(q.abs()).add(HALF_CENT);
        if (total.subtract(expected).abs().compareTo(tolerance) <= 0) {
            return Optional.empty();
        }
        String discounted = discount.signum() == 0 ? "" : " × (1 − discount_pct " + discount.toPlainString() + "/100)";
        return Optional.of(new Rejection(ReasonCode.CONFLICTING_VALUES, "total_price " + total.toPlainString()
                + " is not quantity " + quantity + " × unit_price " + unitPrice + discounted + " = "
                + expected.setScale(2, RoundingMode.HALF_UP).toPlainString()));
    }

    /** end must not be before start (or must be after it when {@code strict}); either may be empty. */
    private static Optional<Rejection> period(Map<String, String> values, String startCol, String endCol, boolean strict) {
        Optional<LocalDate> start = FieldValidator.parseDate(values.get(startCol));
        Optional<LocalDate> end = FieldValidator.parseDate(values.get(endCol));
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        boolean bad = strict ? !end.get().isAfter(start.get()) : end.get().isBefore(start.get());
        if (bad) {
            return Optional.of(new Rejection(ReasonCode.INVALID_PERIOD, endCol + " " + end.get()
                    + (strict ? " is not after " : " is before ") + startCol + " " + start.get()));
        }
        return Optional.empty();
    }
}
