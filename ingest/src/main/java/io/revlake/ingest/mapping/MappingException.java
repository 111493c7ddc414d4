package io.revlake.ingest.mapping;

import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;

/** A source value that a mapping transform cannot convert; the record is quarantined with this reason. */
public final class MappingException extends Exception {
    private final ReasonCode code;

    public MappingException(ReasonCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Rejection rejection() {
        return new Rejection(code, getMessage());
    }
}
