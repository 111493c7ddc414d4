package io.revlake.ingest;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.canonical.RecordValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every source applies to a mapped record, for one file: {@link RecordValidator} (required values, kinds,
 * periods), then the natural key must not repeat within the file. A tombstone only needs its key.
 */
public final class KeyedValidator {
    private final Map<CanonicalEntity, Set<String>> seen = new HashMap<>();

    public Optional<Rejection> validate(CanonicalEntity entity, Map<String, String> values, boolean tombstone) {
        Optional<Rejection> r;
        if (tombstone) {
            r = entity.key().stream().filter(k -> values.get(k) == null).findFirst()
                    .map(k -> new Rejection(ReasonCode.MISSING_VALUE, k + " is required but empty"));
        } else {
            r = RecordValidator.validate(entity, values);
        }
        if (r.isPresent()) {
            return r;
        }
        List<String> parts = new ArrayList<>();
        for (String k : entity.key()) {
            parts.add(values.get(k));
        }
        if (!seen.computeIfAbsent(entity, e -> new HashSet<>()).add(String.join("\u0001", parts))) {
            return Optional.of(new Rejection(ReasonCode.DUPLICATE_KEY, String.join(", ", entity.key()) + " "
                    + String.join("/", parts) + " already appears earlier in this file"));
        }
        return Optional.empty();
    }
}
