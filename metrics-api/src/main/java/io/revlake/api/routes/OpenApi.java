package io.revlake.api.routes;

import io.revlake.api.security.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The route table as an OpenAPI 3.0 document, and as a small HTML page. Both derive from {@link ApiRoute}s only. */
public final class OpenApi {
    private OpenApi() {
    }

    public static Map<String, Object> document(List<ApiRoute> routes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "RevLake metrics API", "version", "v1",
                "description", "Revenue metrics over the RevLake gold tables. Authenticate with 'Authorization: Bearer"
                        + " TOKEN'; each operation's x-revlake-role is the least role it needs (viewer < analyst <"
                        + " admin); CSV exports (format=csv or Accept: text/csv) need analyst."));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (ApiRoute r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("operationId", operationId(r));
            op.put("x-revlake-role", r.role().value());
            op.put("security", r.role() == Role.PUBLIC ? List.of() : List.of(Map.of("bearer", List.of())));
            op.put("parameters", r.params().stream().map(OpenApi::parameter).toList());
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("application/json", Map.of("schema", Map.of("type", "object")));
            if (r.tabular()) {
                content.put("text/csv", Map.of("schema", Map.of("type", "string")));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", Map.of("description", "OK", "content", content));
            responses.put("304", Map.of("description", "Not modified (If-None-Match matched the ETag)"));
            responses.put("400", Map.of("description", "Invalid parameter: error, parameter, value, expected, message"));
            if (r.role() != Role.PUBLIC) {
                responses.put("401", Map.of("description", "No or unknown token"));
                responses.put("403", Map.of("description", "The token's role is too low"));
            }
            responses.put("404", Map.of("description", "Not found"));
            responses.put("503", Map.of("description", "A gold table is not built yet (Retry-After)"));
            op.put("responses", responses);
            item.put(r.method().toLowerCase(java.util.Locale.ROOT), op);
        }
        doc.put("paths", paths);
        doc.put("components", Map.of("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        return doc;
    }

    private static Map<String, Object> parameter(ApiRoute.Param p) {
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("name", p.name());
        param.put("in", p.in());
        param.put("required", p.required());
        param.put("description", p.description());
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        if (!p.accepted().isEmpty()) {
            schema.put("enum", p.accepted());
        }
        param.put("schema", schema);
        if (p.example() != null) {
            param.put("example", p.example());
        }
        return param;
    }

    private static String operationId(ApiRoute r) {
        String id = (r.method() + r.path()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return id.replaceAll("_+$", "");
    }

    /** A plain page listing every route, its role and parameters; no scripts. */
    public static String html(List<ApiRoute> routes) {
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>RevLake API</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body class=\"docs\">"
                + "<main><h1>RevLake metrics API</h1><p>Send <code>Authorization: Bearer TOKEN</code>. Roles: viewer"
                + " (aggregates) &lt; analyst (+ customer rows, CSV) &lt; admin (+ operations). Add"
                + " <code>format=csv</code> (or <code>Accept: text/csv</code>) for CSV. Machine-readable:"
                + " <a href=\"/api/v1/openapi.json\">openapi.json</a>. Metrics: <code>GET /api/v1/metrics</code>."
                + "</p>");
        for (ApiRoute r : routes) {
            h.append("<section class=\"panel\"><h2><code>").append(r.method()).append(' ').append(escape(r.path()))
                    .append("</code></h2><p>").append(escape(r.summary())).append(" · role <b>")
                    .append(r.role().value()).append("</b>").append(r.tabular() ? " · JSON or CSV" : "")
                    .append("</p>");
            if (!r.params().isEmpty()) {
                h.append("<ul>");
                for (ApiRoute.Param p : r.params()) {
                    h.append("<li><code>").append(escape(p.name())).append("</code>")
                            .append(p.required() ? " (required)" : "").append(": ").append(escape(p.description()));
                    if (!p.accepted().isEmpty()) {
                        h.append(" — one of ").append(escape(String.join(", ", p.accepted())));
                    }
                    h.append("</li>");
                }
                h.append("</ul>");
            }
            h.append("</section>");
        }
        return h.append("</main></body></html>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
