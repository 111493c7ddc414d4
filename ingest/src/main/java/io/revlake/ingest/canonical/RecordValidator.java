package io.revlake.ingest.canonical;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.CanonicalField;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
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
            default -> Optional.empty();
        };
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
