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
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
        routes.exception(TableUnavailableException.class,
                (e, ctx) -> write(ctx, ApiErrors.tableUnavailable(e, reloadEvery)));
        routes.exception(Exception.class, (e, ctx) -> {
            String reference = UUID.randomUUID().toString();
            LOG.error("Unexpected error on {} {} (reference {})", ctx.method(), ctx.path(), reference, e);
            write(ctx, ApiErrors.internal(reference));
        });
        // Reached when neither a route nor a static file (dashboards, webjars) matched.
        routes.error(404, ctx -> write(ctx, ApiErrors.notFound(ctx.method().name(), ctx.path())));
    }

    private static void write(Context ctx, ApiException e) {
        e.headers().forEach(ctx::header);
        ctx.status(e.status()).json(e.body());
    }
}
