package io.revlake.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A declarative mapping from one source's export to canonical entities, read from
 * {@code revlake/mappings/<source>.json}. See {@code docs/connectors.md} for the format; in short:
 *
 * <pre>{@code
 * {"source": "stripe", "rules": [
 *   {"entity": "invoice_lines", "when": {"object": "invoice"}, "each": "lines.data",
 *    "fields": {"line_id": "id", "invoice_id": "$parent.id",
 *               "amount": {"path": "amount", "transform": "minor_units", "currency": "$parent.currency"}},
 *    "extras": {"proration": "parent.subscription_item_details.proration"},
 *    "checks": [{"rule": "not_before", "start": "period.start", "end": "period.end"}]}]}
 * }</pre>
 */
public record Mapping(String source, boolean looseNames, List<Rule> rules, List<Lookups.Definition> lookups,
                      String fingerprint) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Mapping {
        rules = List.copyOf(rules);
        lookups = List.copyOf(lookups);
    }

    /** The built-in mapping of a source, from the classpath. */
    public static Mapping builtIn(String source) {
        String resource = "/revlake/mappings/" + source + ".json";
        try (InputStream in = Mapping.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no mapping " + resource + " on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read mapping " + resource, e);
        }
    }

    /** Parses a mapping file; an unknown entity, field or transform fails here, naming it. */
    public static Mapping parse(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        String source = root.path("source").asText();
        if (source.isBlank()) {
            throw new IllegalArgumentException("mapping has no \"source\"");
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            rules.add(Rule.parse(r));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("mapping " + source + " has no \"rules\"");
        }
        List<Lookups.Definition> lookups = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("lookups").fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().startsWith("_")) {
                lookups.add(Lookups.Definition.parse(e.getKey(), e.getValue()));
            }
        }
        boolean loose = root.path("match_names").asText("case_insensitive").equals("loose");
        return new Mapping(source, loose, rules, lookups, Integer.toHexString(JSON.writeValueAsString(root).hashCode()));
    }

    /**
     * How one canonical field is obtained. A JSON array of specs is a list of cases: the first whose {@code when}
     * holds (a spec without {@code when} always does) gives the value, empty included.
     */
    public record FieldSpec(List<String> paths, String constant, String defaultValue, Map<String, String> valueMap,
                            boolean hasOtherwise, String otherwise, List<String> transforms, List<String> currencyPaths,
                            String exclusiveEndOf, Map<String, JsonNode> when, List<FieldSpec> cases, Tiers tiers,
                            AddInterval add, DiscountStack stack, String stackYield) {
        /** @param stack the rule's {@code discount_stack}, for fields given as {@code {"stack": …}}; may be null */
        static FieldSpec parse(String field, JsonNode n, DiscountStack stack) {
            if (n.isTextual()) {
                return new FieldSpec(List.of(n.asText()), null, null, Map.of(), false, null, List.of(), List.of(), null,
                        Map.of(), List.of(), null, null, null, null);
            }
            if (n.isObject() && n.has("stack")) {
                String yield = n.get("stack").asText();
                if (stack == null) {
                    throw new IllegalArgumentException(field + ": \"stack\" needs a \"discount_stack\" on the rule");
                }
                if (!List.of("pct", "amount", "end").contains(yield)) {
                    throw new IllegalArgumentException(field + ": stack '" + yield + "' (expected pct, amount or end)");
                }
                return new FieldSpec(List.of(), null, null, Map.of(), false, null, List.of(), List.of(), null,
                        conditions(n.path("when")), List.of(), null, null, stack, yield);
            }
            if (n.isArray()) {
                List<FieldSpec> cases = new ArrayList<>();
                for (int i = 0; i < n.size(); i++) {
                    FieldSpec c = parse(field + "[" + i + "]", n.get(i), stack);
                    if (!c.cases().isEmpty()) {
                        throw new IllegalArgumentException(field + "[" + i + "]: cases cannot be nested");
                    }
                    cases.add(c);
                }
                if (cases.isEmpty()) {
                    throw new IllegalArgumentException(field + ": an empty list of cases");
                }
                return new FieldSpec(List.of(), null, null, Map.of(), false, null, List.of(), List.of(), null, Map.of(),
                        cases, null, null, null, null);
            }
            if (!n.isObject()) {
                throw new IllegalArgumentException(field + ": expected a path, an object or a list of cases, got " + n);
            }
            List<String> paths = new ArrayList<>();
            if (n.has("path")) {
                paths.add(n.get("path").asText());
            }
            n.path("paths").forEach(p -> paths.add(p.asText()));
            Map<String, String> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("map").fields(); it.hasNext(); ) {
                var e = it.next();
                map.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().isNull() ? null : e.getValue().asText());
            }
            List<String> transforms = textList(n.path("transform"));
            for (String name : transforms) {
                if (!Transforms.NAMES.contains(name)) {
                    throw new IllegalArgumentException(field + ": unknown transform " + name + " (expected one of "
                            + String.join(", ", Transforms.NAMES.stream().sorted().toList()) + ")");
                }
            }
            List<String> currency = textList(n.path("currency"));
            Tiers tiers = n.has("tiers") ? Tiers.parse(field, n.get("tiers")) : null;
            if ((transforms.contains("minor_units") || tiers != null) && currency.isEmpty()) {
                throw new IllegalArgumentException(field + ": " + (tiers != null ? "tiers" : "minor_units")
                        + " needs \"currency\": the path of the currency");
            }
            String constant = n.has("const") ? Scope.text(n.get("const")) : null;
            if (paths.isEmpty() && constant == null && tiers == null) {
                throw new IllegalArgumentException(field + ": needs \"path\", \"paths\", \"const\" or \"tiers\"");
            }
            return new FieldSpec(paths, constant, n.has("default") ? Scope.text(n.get("default")) : null, map,
                    n.has("otherwise"), n.has("otherwise") ? Scope.text(n.get("otherwise")) : null, transforms, currency,
                    n.has("exclusive_end_of") ? n.get("exclusive_end_of").asText() : null, conditions(n.path("when")),
                    List.of(), tiers, n.has("add_interval") ? AddInterval.parse(field, n.get("add_interval")) : null,
                    null, null);
        }

        /** Every source path the spec reads (its cases' too). */
        public List<String> allPaths() {
            List<String> all = new ArrayList<>(paths);
            cases.forEach(c -> all.addAll(c.allPaths()));
            if (stack != null) {
                all.addAll(stack.paths());
            }
            if (tiers != null) {
                all.addAll(tiers.paths());
                all.addAll(tiers.mode());
                all.addAll(tiers.quantity());
            }
            return all;
        }

        /** The first non-empty source path, for messages. */
        String firstPresentPath(Scope s) {
            List<String> all = allPaths();
            for (String p : all) {
                try {
                    if (s.get(p) != null) {
                        return p;
                    }
                } catch (UnresolvedReferenceException e) {
                    // not present
                }
            }
            return all.isEmpty() ? "const" : all.get(0);
        }

        /** The canonical value, or null. */
        String evaluate(Scope s) throws MappingException {
            if (!cases.isEmpty()) {
                for (FieldSpec c : cases) {
                    if (matches(s, c.when())) {
                        return c.evaluate(s);
                    }
                }
                return null;
            }
            if (!when.isEmpty() && !matches(s, when)) {
                return null;
            }
            if (stack != null) {
                return stack.evaluate(s, stackYield);
            }
            String currency = null;
            for (String p : currencyPaths) {
                currency = s.text(p);
                if (currency != null) {
                    break;
                }
            }
            String v = constant;
            String from = "const";
            if (v == null && tiers != null) {
                v = tiers.evaluate(s, currency);
                from = "tiers";
            }
            if (v == null) {
                for (String p : paths) {
                    String t = s.text(p);
                    if (t != null) {
                        v = t;
                        from = p;
                        break;
                    }
                }
            }
            if (v == null) {
                v = defaultValue;
                from = "default";
            }
            if (v == null) {
                return null;
            }
            if (!valueMap.isEmpty()) {
                String key = v.trim().toLowerCase(Locale.ROOT);
                if (valueMap.containsKey(key) || hasOtherwise) {
                    v = valueMap.containsKey(key) ? valueMap.get(key) : otherwise;
                    if (v == null) {
                        return null;
                    }
                }
            }
            for (String t : transforms) {
                v = Transforms.apply(t, v, from, currency);
            }
            v = v.trim();
            if (exclusiveEndOf != null && !v.isEmpty()) {
                // A point-in-time period (Stripe one-off items: start = end) covers its day: the exclusive end is the next.
                String start = s.text(exclusiveEndOf);
                if (start != null && Transforms.apply("epoch_date", start, exclusiveEndOf, null).equals(v)) {
                    v = Transforms.nextDay(v);
                }
            }
            if (add != null && !v.isEmpty()) {
                v = add.apply(s, v, from);
            }
            return v.isEmpty() ? null : v;
        }
    }

    static List<String> textList(JsonNode n) {
        List<String> list = new ArrayList<>();
        if (n.isTextual()) {
            list.add(n.asText());
        } else {
            n.forEach(x -> list.add(x.asText()));
        }
        return list;
    }

    /** A condition on source fields that the canonical validator cannot see. */
    public record Check(String rule, List<String> paths, BigDecimal max, List<String> values, Map<String, JsonNode> when,
                        Map<String, JsonNode> premise, ReasonCode code, String note) {
        static Check parse(JsonNode n) {
            String rule = n.path("rule").asText();
            List<String> paths = new ArrayList<>();
            switch (rule) {
                case "not_before" -> {
                    paths.add(n.path("start").asText());
                    paths.add(n.path("end").asText());
                }
                case "max", "in", "null_unless" -> paths.add(n.path("path").asText());
                case "equal" -> n.path("paths").forEach(p -> paths.add(p.asText()));
                case "implies" -> n.path("if").fieldNames().forEachRemaining(paths::add);
                default -> throw new IllegalArgumentException("unknown check rule '" + rule
                        + "' (expected not_before, max, equal, in, null_unless, implies)");
            }
            List<String> values = new ArrayList<>();
            n.path("values").forEach(v -> values.add(v.asText().toLowerCase(Locale.ROOT)));
            ReasonCode code = n.has("code") ? ReasonCode.valueOf(n.get("code").asText()) : switch (rule) {
                case "not_before" -> ReasonCode.INVALID_PERIOD;
                case "max" -> ReasonCode.OUT_OF_RANGE;
                case "in" -> ReasonCode.NOT_APPLICABLE;
                default -> ReasonCode.CONFLICTING_VALUES;
            };
            return new Check(rule, paths, n.has("max") ? n.get("max").decimalValue() : null, values,
                    conditions(n.path(rule.equals("implies") ? "then" : "when")),
                    rule.equals("implies") ? conditions(n.path("if")) : Map.of(), code, n.path("note").asText(""));
        }

        Optional<Rejection> test(Scope s) {
            String suffix = note.isEmpty() ? "" : " (" + note + ")";
            if (!rule.equals("null_unless") && !rule.equals("implies") && !when.isEmpty() && !matches(s, when)) {
                return Optional.empty(); // the check's precondition does not hold
            }
            switch (rule) {
                case "not_before" -> {
                    String a = s.text(paths.get(0));
                    String b = s.text(paths.get(1));
                    if (a != null && b != null && comparable(a) && comparable(b) && compare(b, a) < 0) {
                        return reject(paths.get(1) + " " + readable(b) + " is before " + paths.get(0) + " "
                                + readable(a) + suffix);
                    }
                }
                case "max" -> {
                    String v = s.text(paths.get(0));
                    if (v != null && comparable(v) && new BigDecimal(v).compareTo(max) > 0) {
                        return reject(paths.get(0) + " " + v + " is out of range (at most " + max.toPlainString()
                                + ")" + suffix);
                    }
                }
                case "in" -> {
                    String v = s.text(paths.get(0));
                    if (v != null && !values.contains(v.toLowerCase(Locale.ROOT))) {
                        return reject(paths.get(0) + " '" + v + "' is not one of " + String.join(", ", values) + suffix);
                    }
                }
                case "equal" -> {
                    String first = null;
                    String firstPath = null;
                    for (String p : paths) {
                        String v = s.text(p);
                        if (v == null) {
                            continue;
                        }
                        if (first == null) {
                            first = v;
                            firstPath = p;
                        } else if (!same(first, v)) {
                            return reject(firstPath + " is " + first + " but " + p + " is " + v + suffix);
                        }
                    }
                }
                case "null_unless" -> {
                    String v = s.text(paths.get(0));
                    if (v != null && !matches(s, when)) {
                        return reject(paths.get(0) + " " + readable(v) + " is set but " + describe(when) + " is not true"
                                + suffix);
                    }
                }
                case "implies" -> {
                    if (matches(s, premise) && !matches(s, when)) {
                        List<String> actual = new ArrayList<>();
                        when.keySet().forEach(k -> actual.add(k + " is " + s.text(k)));
                        return reject(describe(premise) + " but " + String.join(" and ", actual) + suffix);
                    }
                }
                default -> throw new IllegalStateException(rule);
            }
            return Optional.empty();
        }

        private Optional<Rejection> reject(String reason) {
            return Optional.of(new Rejection(code, reason.replace("$parent.", "parent ")));
        }

        private static boolean comparable(String v) {
            return v.matches("-?\\d+(\\.\\d+)?") || v.matches("\\d{4}-\\d{2}-\\d{2}.*");
        }

        private static int compare(String a, String b) {
            boolean na = a.matches("-?\\d+(\\.\\d+)?");
            boolean nb = b.matches("-?\\d+(\\.\\d+)?");
            return na && nb ? new BigDecimal(a).compareTo(new BigDecimal(b)) : a.compareTo(b);
        }

        private static boolean same(String a, String b) {
            if (a.matches("-?\\d+(\\.\\d+)?") && b.matches("-?\\d+(\\.\\d+)?")) {
                return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
            }
            return a.equalsIgnoreCase(b);
        }

        /** Epoch seconds also as a date, so a reader sees which is which. */
        private static String readable(String v) {
            if (v.matches("\\d{9,10}")) {
                return v + " (" + java.time.Instant.ofEpochSecond(Long.parseLong(v)).atOffset(java.time.ZoneOffset.UTC)
                        .toLocalDate() + ")";
            }
            return v;
        }
    }

    /** Which records a rule maps and how. */
    public record Rule(CanonicalEntity entity, Pattern file, Map<String, JsonNode> when, String each,
                       Map<String, JsonNode> tombstoneWhen, Map<String, FieldSpec> fields, Map<String, FieldSpec> extras,
                       boolean keepUnmapped, List<Check> checks, String label) {
        static Rule parse(JsonNode n) {
            String entityName = n.path("entity").asText();
            CanonicalEntity entity = CanonicalEntity.forFileName(entityName + ".csv").orElseThrow(() ->
                    new IllegalArgumentException("unknown canonical entity '" + entityName + "'"));
            DiscountStack stack = n.has("discount_stack") ? DiscountStack.parse(entityName, n.get("discount_stack")) : null;
            Map<String, FieldSpec> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("fields").fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().startsWith("_")) {
                    continue;
                }
                if (entity.field(e.getKey()).isEmpty()) {
                    throw new IllegalArgumentException(entityName + ": '" + e.getKey()
                            + "' is not a canonical field (expected one of " + String.join(", ", entity.fieldNames()) + ")");
                }
                fields.put(e.getKey(), FieldSpec.parse(entityName + "." + e.getKey(), e.getValue(), stack));
            }
            Map<String, FieldSpec> extras = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("extras").fields(); it.hasNext(); ) {
                var e = it.next();
                extras.put(e.getKey(), FieldSpec.parse(entityName + " extra " + e.getKey(), e.getValue(), stack));
            }
            List<Check> checks = new ArrayList<>();
            n.path("checks").forEach(c -> checks.add(Check.parse(c)));
            String file = n.path("file").asText("");
            return new Rule(entity, file.isEmpty() ? null : Pattern.compile(file, Pattern.CASE_INSENSITIVE),
                    conditions(n.path("when")), n.path("each").asText(""), conditions(n.path("tombstone_when")),
                    fields, extras, n.path("keep_unmapped_columns").asBoolean(false), checks,
                    n.path("name").asText(entityName));
        }

        boolean appliesTo(String fileName, Scope s) {
            return (file == null || file.matcher(fileName).matches()) && matches(s, when);
        }

        /** Source paths the fields read, lower-cased first segments: the columns a CSV maps. */
        List<String> mappedColumns(boolean loose) {
            List<String> cols = new ArrayList<>();
            for (FieldSpec f : fields.values()) {
                f.allPaths().forEach(p -> cols.add(Scope.normalise(p.split("\\.")[0], loose)));
            }
            for (FieldSpec f : extras.values()) {
                f.allPaths().forEach(p -> cols.add(Scope.normalise(p.split("\\.")[0], loose)));
            }
            for (Check c : checks) {
                c.paths().forEach(p -> cols.add(Scope.normalise(p.split("\\.")[0], loose)));
            }
            tombstoneWhen.keySet().forEach(p -> cols.add(Scope.normalise(p.split("\\.")[0], loose)));
            return cols;
        }
    }

    static Map<String, JsonNode> conditions(JsonNode n) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    /** Every condition holds: text compares case-insensitively, {@code true} also matches TRUE/T/1. */
    static boolean matches(Scope s, Map<String, JsonNode> conditions) {
        for (var c : conditions.entrySet()) {
            String actual = s.text(c.getKey());
            JsonNode expected = c.getValue();
            if (expected.isArray()) {
                boolean any = false;
                for (JsonNode x : expected) {
                    any |= equal(actual, x);
                }
                if (!any) {
                    return false;
                }
            } else if (!equal(actual, expected)) {
                return false;
            }
        }
        return true;
    }

    /** {@code null}: empty; {@code {"present": true}}: not empty; else equal as text (booleans in any spelling). */
    private static boolean equal(String actual, JsonNode expected) {
        if (expected.isNull()) {
            return actual == null;
        }
        if (expected.isObject() && expected.has("present")) {
            return (actual != null) == expected.get("present").asBoolean();
        }
        if (actual == null) {
            return false;
        }
        if (expected.isBoolean()) {
            return Transforms.booleanText(actual).equals(expected.asText());
        }
        return actual.equalsIgnoreCase(Scope.text(expected));
    }

    static String describe(Map<String, JsonNode> conditions) {
        List<String> parts = new ArrayList<>();
        conditions.forEach((k, v) -> parts.add(v.isObject() && v.has("present")
                ? k + (v.get("present").asBoolean() ? " is set" : " is empty") : k + " = " + Scope.text(v)));
        return String.join(" and ", parts);
    }
}
