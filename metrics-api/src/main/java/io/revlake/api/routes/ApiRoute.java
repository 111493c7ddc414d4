package io.revlake.api.routes;

import io.javalin.http.Handler;
import io.revlake.api.security.Role;
import java.util.List;
import java.util.Objects;

/**
 * One row of the route table: the only place a route is declared. Registration, authorisation, the OpenAPI
 * document and the docs page are all derived from these rows.
 *
 * @param method  HTTP method (GET, POST)
 * @param path    Javalin path, e.g. {@code /api/v1/metrics/{id}}
 * @param role    least role that may call it ({@link Role#PUBLIC} for none)
 * @param summary one line for the docs
 * @param params  query and path parameters
 * @param tabular whether it answers {@code text/csv} too (its response has rows); CSV always needs analyst
 * @param handler the thin handler
 * @param perSnapshot whether its answer depends only on the serving snapshot and the request, so it is computed once
 *                    per snapshot and then sent as stored ({@link SnapshotAnswers})
 */
public record ApiRoute(String method, String path, Role role, String summary, List<Param> params, boolean tabular,
                       Handler handler, boolean perSnapshot) {
    /** A route whose answer is computed for every request. */
    public ApiRoute(String method, String path, Role role, String summary, List<Param> params, boolean tabular,
                    Handler handler) {
        this(method, path, role, summary, params, tabular, handler, false);
    }

    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(handler, "handler");
        params = List.copyOf(params);
    }

    /** This route with its answers stored per snapshot: only for a handler that reads nothing but the snapshot. */
    public ApiRoute answeredPerSnapshot() {
        return new ApiRoute(method, path, role, summary, params, tabular, handler, true);
    }

    /** Role needed for this request: CSV exports need at least analyst. */
    public Role requiredRole(boolean csv) {
        return csv ? Role.max(role, Role.ANALYST) : role;
    }

    /**
     * A parameter.
     *
     * @param in       {@code query} or {@code path}
     * @param accepted the allowed values when they are a fixed list, else empty
     * @param example  an example value, or null
     */
    public record Param(String name, String in, boolean required, String description, List<String> accepted,
                        String example) {
        public Param {
            accepted = List.copyOf(accepted);
        }

        public static Param query(String name, String description) {
            return new Param(name, "query", false, description, List.of(), null);
        }

        public static Param query(String name, String description, String example) {
            return new Param(name, "query", false, description, List.of(), example);
        }

        public static Param required(String name, String description, String example) {
            return new Param(name, "query", true, description, List.of(), example);
        }

        public static Param oneOf(String name, String description, List<String> accepted) {
            return new Param(name, "query", false, description, accepted, null);
        }

        public static Param path(String name, String description, String example) {
            return new Param(name, "path", true, description, List.of(), example);
        }
    }
}
