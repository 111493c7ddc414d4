package io.revlake.catalog;

import java.util.List;
import java.util.Objects;

/** A column of a canonical extract file (see docs/contract: the canonical extract). */
public record CanonicalField(String name, FieldKind kind, boolean required, List<String> acceptedValues) {
    public CanonicalField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        acceptedValues = List.copyOf(acceptedValues);
        if (kind == FieldKind.ENUM && acceptedValues.isEmpty()) {
            throw new IllegalArgumentException(name + ": an ENUM field needs its accepted values");
        }
    }

    static CanonicalField req(String name, FieldKind kind) {
        return new CanonicalField(name, kind, true, List.of());
    }

    static CanonicalField opt(String name, FieldKind kind) {
        return new CanonicalField(name, kind, false, List.of());
    }

    static CanonicalField reqEnum(String name, String... values) {
        return new CanonicalField(name, FieldKind.ENUM, true, List.of(values));
    }

    static CanonicalField optEnum(String name, String... values) {
        return new CanonicalField(name, FieldKind.ENUM, false, List.of(values));
    }
}
