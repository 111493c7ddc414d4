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
 *
 * <p>A step {@code @name} resolves a reference through the mapping's lookup {@code name}: an object is kept as it is
 * (already expanded), an id is replaced by the object with that key ({@code discounts.0.@discount.source.coupon.@coupon
 * .percent_off}). An id the lookup does not hold raises {@link UnresolvedReferenceException}; with {@code @name?} it
 * reads as empty instead.
 */
public record Scope(JsonNode node, JsonNode parent, boolean looseNames, Lookups lookups) {
    public Scope(JsonNode node, JsonNode parent) {
        this(node, parent, false);
    }

    public Scope(JsonNode node, JsonNode parent, boolean looseNames) {
        this(node, parent, looseNames, Lookups.NONE);
    }

    /** The value at a path: null when absent, JSON null, or blank text. */
    public JsonNode get(String path) {
        JsonNode current = node;
        String rest = path;
        if (path.startsWith("$parent.")) {
            current = parent;
            rest = path.substring("$parent.".length());
        }
        String[] steps = rest.split("\\.");
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            if (current == null || current.isNull() || current.isMissingNode()) {
                return null;
            }
            if (step.startsWith("@")) {
                current = resolve(current, step, path.startsWith("$parent.") ? "parent " : "", steps, i);
            } else if (current.isObject()) {
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

    /** A message without the lookup steps of the paths it names: {@code price.@price.currency} → {@code price.currency}. */
    public static String readable(String message) {
        return message.replaceAll("\\.@[a-z_][a-z0-9_]*\\??", "");
    }

    private JsonNode resolve(JsonNode current, String step, String prefix, String[] steps, int index) {
        if (current.isObject()) {
            return current;
        }
        if (!current.isValueNode() || current.asText().isBlank()) {
            return null;
        }
        boolean optional = step.endsWith("?");
        String name = step.substring(1, optional ? step.length() - 1 : step.length());
        JsonNode found = lookups.find(name, current.asText());
        if (found == null && !optional) {
            StringBuilder at = new StringBuilder();
            for (int j = 0; j < index; j++) {
                if (!steps[j].startsWith("@")) {
                    at.append(at.length() == 0 ? "" : ".").append(steps[j]);
                }
            }
            throw new UnresolvedReferenceException(name, current.asText(), prefix + at);
        }
        return found;
    }

    /** The value at a path as text (numbers plain, objects as JSON), or null. */
    public String text(String path) {
        return text(get(path));
    }

    /** The text at the first of {@code paths} that holds a value, or null. */
    public String firstText(java.util.List<String> paths) {
        for (String p : paths) {
            String v = text(p);
            if (v != null) {
                return v;
            }
        }
        return null;
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
