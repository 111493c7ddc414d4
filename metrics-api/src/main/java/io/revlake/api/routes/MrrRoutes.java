package io.revlake.api.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revlake.api.mrr.Movement;
import io.revlake.api.mrr.MrrService;
import java.time.YearMonth;
import java.util.Optional;

/** Thin handlers: parse and validate the query, call {@link MrrService}, write JSON. */
public final class MrrRoutes {
    public static final String HEALTH = "/health";
    public static final String SUMMARY = "/api/v1/mrr/summary";
    public static final String MOVEMENTS = "/api/v1/mrr/movements";

    private final MrrService service;

    public MrrRoutes(MrrService service) {
        this.service = service;
    }

    public void register(RoutesConfig routes) {
        routes.get(HEALTH, this::health);
        routes.get(SUMMARY, this::summary);
        routes.get(MOVEMENTS, this::movements);
    }

    private void health(Context ctx) {
        ctx.json(service.health());
    }

    private void summary(Context ctx) {
        Optional<YearMonth> from = Params.optionalMonth(ctx, "from");
        Optional<YearMonth> to = Params.optionalMonth(ctx, "to");
        Params.requireOrdered(from, to);
        ctx.json(service.summary(from, to));
    }

    private void movements(Context ctx) {
        YearMonth month = Params.requiredMonth(ctx, "month");
        Optional<Movement> movement = Params.optionalMovement(ctx, "movement");
        ctx.json(service.movements(month, movement));
    }
}
