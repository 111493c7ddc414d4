package io.revlake.api.routes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the API answers with an error status and a JSON body. Built only by {@link ApiErrors}, so every
 * error code and message is written in one place; mapped to the response in {@link ErrorHandling}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final transient Map<String, Object> body;
    private final transient Map<String, String> headers;

    ApiException(int status, Map<String, Object> body, Map<String, String> headers) {
        super(String.valueOf(body.get("message")));
        this.status = status;
        this.body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** JSON body: always {@code error} (a stable code) and {@code message} (for people). */
    public Map<String, Object> body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
