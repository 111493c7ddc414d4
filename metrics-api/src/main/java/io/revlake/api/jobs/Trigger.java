package io.revlake.api.jobs;

import java.util.Locale;

/** Who started a run: the command line, the scheduler, or an admin through the API. */
public enum Trigger {
    CLI, SCHEDULE, API;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Trigger parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
