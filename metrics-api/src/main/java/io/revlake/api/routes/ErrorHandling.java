package io.revlake.api.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revlake.api.gold.TableUnavailableException;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become responses. Every API error is JSON with an {@code error} code and a
 * {@code message}; unexpected failures are logged with a reference and never leak a stack trace.
 */
public final class ErrorHandling {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {
    }

    public static void register(RoutesConfig routes, Duration reloadEvery) {
        register(routes, reloadEvery, java.util.List.of("GET /health"));
    }

    /** @param endpoints "METHOD /path" of every route, listed in 404 messages */
    public static void register(RoutesConfig routes, Duration reloadEvery, java.util.List<String> endpoints) {
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
        routes.exception(TableUnavailableException.class,
                (e, ctx) -> write(ctx, ApiErrors.tableUnavailable(e, reloadEvery)));
        routes.exception(io.revlake.api.gold.VersionUnavailableException.class,
                (e, ctx) -> write(ctx, ApiErrors.versionUnavailable(e)));
        routes.exception(Exception.class, (e, ctx) -> {
            String reference = UUID.randomUUID().toString();
            LOG.error("Unexpected error on {} {} (reference {})", ctx.method(), ctx.path(), reference, e);
            write(ctx, ApiErrors.internal(reference));
        });
        // Reached when neither a route nor a static file (dashboards, webjars) matched.
        routes.error(404, ctx -> {
            if (ctx.attribute(WRITTEN) == null) { // not a 404 a handler already explained (e.g. unknown metric)
                write(ctx, ApiErrors.notFound(ctx.method().name(), ctx.path(), endpoints));
            }
        });
    }

    private static final String WRITTEN = "revlake.error-written";

    private static void write(Context ctx, ApiException e) {
        ctx.attribute(WRITTEN, Boolean.TRUE);
        e.headers().forEach(ctx::header);
        ctx.status(e.status()).json(e.body());
    }
}
