package io.revlake.ingest;

/** A whole file cannot be used; nothing of it is written. */
public final class FileRejectedException extends Exception {
    private final ReasonCode code;

    public FileRejectedException(ReasonCode code, String message) {
        super(message);
        this.code = code;
    }

    public ReasonCode code() {
        return code;
    }
}
