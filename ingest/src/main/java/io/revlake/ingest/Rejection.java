package io.revlake.ingest;

import java.util.Objects;

/** Why a record was quarantined: a stable code for machines and a sentence for people. */
public record Rejection(ReasonCode code, String reason) {
    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}
