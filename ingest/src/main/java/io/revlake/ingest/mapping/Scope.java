package io.revlake.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A source record and, for records taken from a nested list ({@code each}), the object that holds the list.
 * Paths are dot-separated ({@code price.recurring.interval}, {@code items.data.0.id}); {@code $parent.} reads the
 * holder. Field names match case-insensitively when there is no exact match (Salesforce API names are
 * case-insensitive); with {@code looseNames} underscores are ignored as well, so the API name {@code StageName}
 * also finds the warehouse column {@code stage_name} and {@code ERP_Id__c} finds {@code erp_id_c}. An expandable field (Stripe: an id string or the expanded object) answers {@code x.id} with
 * the string itself.
 */
public record Scope(JsonNode node, JsonNode parent, boolean looseNames) {
    public Scope(JsonNode node, JsonNode parent) {
        this(node, parent, false);
    }

    /** The value at a path: null when absent, JSON null, or blank text. */
    public JsonNode get(String path) {
        JsonNode current = node;
        String rest = path;
        if (path.startsWith("$parent.")) {
            current = parent;
            rest = path.substring("$parent.".length());
        }
        for (String step : rest.split("\\.")) {
            if (current == null || current.isNull() || current.isMissingNode()) {
                return null;
            }
            if (current.isObject()) {
                current = field(current, step, looseNames);
            } else if (current.isArray() && step.chars().allMatch(Character::isDigit)) {
                current = current.get(Integer.parseInt(step));
            } else if (current.isTextual() && step.equals("id")) {
                // expandable field given as its id
            } else {
                return null;
            }
        }
        if (current == null || current.isNull() || current.isMissingNode()
                || (current.isTextual() && current.asText().isBlank())) {
            return null;
        }
        return current;
    }

    /** The value at a path as text (numbers plain, objects as JSON), or null. */
    public String text(String path) {
        return text(get(path));
    }

    public static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return v.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        return v.toString();
    }

    private static JsonNode field(JsonNode object, String name, boolean loose) {
        JsonNode v = object.get(name);
        if (v != null) {
            return v;
        }
        String wanted = normalise(name, loose);
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (normalise(e.getKey(), loose).equals(wanted)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A field name as compared: lower case, and without underscores when loose. */
    public static String normalise(String name, boolean loose) {
        String lower = name.toLowerCase(Locale.ROOT);
        return loose ? lower.replace("_", "") : lower;
    }
}
