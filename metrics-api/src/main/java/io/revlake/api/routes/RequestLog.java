package io.revlake.api.routes;

import io.javalin.http.Context;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request: method, path, status, time. The query string is never logged: parameters may
 * carry tokens once authentication exists, and paths are enough to trace a request.
 */
public final class RequestLog {
    /** Logger name, so operators can route or silence request lines on their own. */
    public static final String LOGGER = "io.revlake.api.request";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private RequestLog() {
    }

    public static void log(Context ctx, Float millis) {
        LOG.info(line(ctx.method().name(), ctx.path(), ctx.statusCode(), millis));
    }

    static String line(String method, String path, int status, float millis) {
        return String.format(Locale.ROOT, "%s %s %d %.1f ms", method, path, status, millis);
    }
}
