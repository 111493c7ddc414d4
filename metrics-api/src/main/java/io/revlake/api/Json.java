package io.revlake.api;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The API's JSON settings. */
public final class Json {
    private Json() {
    }

    /**
     * snake_case names (like the gold columns); decimals written with all their digits and never in
     * exponent form, so money like 1234.50 or 0.0000001000 reaches the client exactly as stored.
     */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
    }
}
