package io.revlake.ingest.mapping;

import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;

/** A path step {@code @name} met an id that the lookup {@code name} does not hold. */
public final class UnresolvedReferenceException extends RuntimeException {
    private final String lookup;
    private final String id;

    UnresolvedReferenceException(String lookup, String id, String at) {
        super(lookup + " '" + id + "' (" + at + ") is an id and no " + lookup + " object with that id is in the batch");
        this.lookup = lookup;
        this.id = id;
    }

    public String lookup() {
        return lookup;
    }

    public String id() {
        return id;
    }

    public Rejection rejection() {
        return new Rejection(ReasonCode.UNRESOLVED_REFERENCE, getMessage());
    }
}
