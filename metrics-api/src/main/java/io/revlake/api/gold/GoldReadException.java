package io.revlake.api.gold;

/** A gold Delta table exists but cannot be read into the catalog's schema; the message says why. */
public final class GoldReadException extends Exception {
    public GoldReadException(String message) {
        super(message);
    }

    public GoldReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
