package io.revlake.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A small client for the RevLake metrics API, for notebooks that want the served figures (with the API's
 * own as-of and filter handling) rather than the tables: {@code RevLake.api("http://localhost:7070", token)}.
 *
 * <pre>{@code
 * Api api = RevLake.api("http://localhost:7070", System.getenv("REVLAKE_TOKEN"));
 * JsonNode summary = api.json("/api/v1/mrr/summary", "from", "2024-01", "to", "2024-12");
 * Table rows = api.table("/api/v1/mrr/summary", "from", "2024-01", "to", "2024-12");
 * }</pre>
 *
 * <p>Requests send the token as {@code Authorization: Bearer …} when one is given. A response that is not
 * 2xx fails with an {@link IllegalStateException} carrying the status and the API's error body.
 */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Api(String baseUrl, String token) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /**
     * GETs {@code path} with query parameters given as name, value pairs, and returns the body as text.
     *
     * @throws IllegalArgumentException when the parameters are not pairs
     * @throws IllegalStateException    when the API answers with a status other than 2xx
     */
    public String get(String path, String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("query parameters come in name, value pairs; got "
                    + nameValuePairs.length + " strings");
        }
        StringBuilder url = new StringBuilder(baseUrl).append(path.startsWith("/") ? path : "/" + path);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            url.append(i == 0 ? '?' : '&')
                    .append(URLEncoder.encode(nameValuePairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(nameValuePairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach the RevLake API at " + baseUrl + ": " + e.getMessage()
                    + " (is `./revlake serve` running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + url, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** As {@link #get}, parsed as JSON. */
    public JsonNode json(String path, String... nameValuePairs) {
        try {
            return JSON.readTree(get(path, nameValuePairs));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " did not return JSON: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #json}, as a table: the response's array of objects (the body itself, or its first field that is
     * an array of objects), one column per field of the first object; numbers become doubles, everything else text.
     *
     * @throws IllegalStateException when the response holds no array of objects
     */
    public Table table(String path, String... nameValuePairs) {
        JsonNode body = json(path, nameValuePairs);
        JsonNode rows = rowsOf(body);
        if (rows == null) {
            throw new IllegalStateException("GET " + path + " returned no array of objects to tabulate");
        }
        Map<String, Boolean> numeric = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                boolean isNumber = f.getValue().isNumber() || f.getValue().isNull();
                numeric.merge(f.getKey(), isNumber, Boolean::logicalAnd);
            }
        }
        Table t = Table.create(path);
        for (Map.Entry<String, Boolean> c : numeric.entrySet()) {
            if (c.getValue()) {
                DoubleColumn col = DoubleColumn.create(c.getKey());
                for (JsonNode row : rows) {
                    JsonNode v = row.get(c.getKey());
                    if (v == null || v.isNull()) {
                        col.appendMissing();
                    } else {
                        col.append(v.asDouble());
                    }
                }
                t.addColumns(col);
            } else {
                StringColumn col = StringColumn.create(c.getKey());
                for (JsonNode row : rows) {
                    JsonNode v = row.get(c.getKey());
                    col.append(v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
                }
                t.addColumns(col);
            }
        }
        return t;
    }

    private static JsonNode rowsOf(JsonNode body) {
        if (body.isArray() && (body.isEmpty() || body.get(0).isObject())) {
            return body;
        }
        if (body.isObject()) {
            List<JsonNode> candidates = new ArrayList<>();
            body.elements().forEachRemaining(candidates::add);
            for (JsonNode c : candidates) {
                if (c.isArray() && !c.isEmpty() && c.get(0).isObject()) {
                    return c;
                }
            }
        }
        return null;
    }
}
