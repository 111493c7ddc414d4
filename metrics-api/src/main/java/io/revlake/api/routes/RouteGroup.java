package io.revlake.api.routes;

import java.util.List;

/**
 * Routes that live in their own class (jobs, period close, finance…). {@link ApiRoutes} appends every group's rows
 * to the route table, so registration, role checks and the OpenAPI document cover them like any other route.
 */
public interface RouteGroup {
    List<ApiRoute> routes();
}
