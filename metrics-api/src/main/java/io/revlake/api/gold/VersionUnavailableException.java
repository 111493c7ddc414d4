package io.revlake.api.gold;

import io.revlake.catalog.TableDef;

/** A request asked for a Delta version of a gold table ({@code as_of}) that cannot be read. */
public final class VersionUnavailableException extends RuntimeException {
    private final transient TableDef table;
    private final long version;
    private final String reason;
    private final String expected;

    public VersionUnavailableException(TableDef table, long version, String reason, String expected) {
        super(table.qualifiedName() + " version " + version + ": " + reason);
        this.table = table;
        this.version = version;
        this.reason = reason;
        this.expected = expected;
    }

    public TableDef table() {
        return table;
    }

    public long version() {
        return version;
    }

    public String reason() {
        return reason;
    }

    /** The versions that can be asked for, e.g. "a Delta version from 0 to 7". */
    public String expected() {
        return expected;
    }
}
