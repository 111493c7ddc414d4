package io.revlake.transform.silver;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One customer across CRM, billing and ERP, from explicit keys only. Pure.
 *
 * <p>Each customer record of a source belongs to a system (Salesforce and HubSpot: crm; Stripe and Zuora: billing;
 * ERP: erp; the canonical extract: its own). A record holds the key of its own system (its id) and may claim keys of
 * others ({@code crm_account_id}, {@code billing_customer_id}, {@code erp_customer_id}). Records that share a key, or
 * that the mapping file gives the same customer id, are one customer: connected components over records and keys.
 * A mapping-file entry also overrides the record's own claims (they are not followed), which is how a wrong claim is
 * corrected without editing the source.
 *
 * <p>A component is a <b>conflict</b> when it holds two records of one source (two Salesforce accounts claim one
 * billing id, or one record claims two customers) unless the mapping file placed them, two ids of one system of which
 * one no record has (a CRM account and a different, unknown CRM id), or two mapping-file customer ids: its records are
 * then not merged, each keeps its own id. Records of two sources of one system (a Stripe and a Zuora account) may be
 * one customer. A record alone in its component is <b>unmatched</b>. Names, emails and domains are never compared.
 */
public final class IdentityResolver {
    /** Status of a record in the identity map. */
    public static final String MATCHED = "matched";
    public static final String UNMATCHED = "unmatched";
    public static final String CONFLICT = "conflict";
    /** A mapping-file line naming a record no source has. */
    public static final String UNKNOWN_RECORD = "unknown_record";

    private static final Map<String, String> SYSTEM_OF_SOURCE = Map.of("salesforce", "crm", "hubspot", "crm",
            "stripe", "billing", "zuora", "billing", "erp", "erp", "canonical", "canonical");
    /** Whose id names a merged customer when the mapping file does not: the CRM's first. */
    private static final List<String> ID_PRIORITY = List.of("crm", "billing", "erp", "canonical");

    private IdentityResolver() {
    }

    /** The system a source's customers belong to; a source not listed is a system of its own. */
    public static String system(String source) {
        return SYSTEM_OF_SOURCE.getOrDefault(source, source);
    }

    /** A customer record of one source, with the keys it claims (null when empty). */
    public record CustomerRecord(String source, String customerId, String crmAccountId, String billingCustomerId,
                                 String erpCustomerId) {
        public CustomerRecord {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(customerId, "customerId");
        }

        Map<String, String> claims() {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("crm", crmAccountId);
            c.put("billing", billingCustomerId);
            c.put("erp", erpCustomerId);
            c.values().removeIf(v -> v == null || v.isBlank());
            return c;
        }
    }

    /** A line of the mapping file: this source's record is customer {@code customerId}. */
    public record Pin(String source, String sourceId, String customerId, long line) {
        public Pin {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(customerId, "customerId");
        }
    }

    /**
     * A row of the identity map.
     *
     * @param customerId the resolved customer id (a conflicting or unmatched record keeps its own)
     * @param status     matched, unmatched, conflict or unknown_record
     * @param linkedBy   the keys (or mapping-file lines) that tie the record's customer together, sorted
     * @param detail     why, for people: the contradiction, the claims no record answers
     */
    public record Entry(String source, String sourceCustomerId, String customerId, String status, String linkedBy,
                        String detail) {
        public Entry {
            Objects.requireNonNull(status, "status");
        }
    }

    /** Resolves records and mapping-file lines into identity-map entries, sorted by source and id. */
    public static List<Entry> resolve(List<CustomerRecord> records, List<Pin> pins) {
        UnionFind uf = new UnionFind();
        Map<String, CustomerRecord> byNode = new LinkedHashMap<>();
        Map<String, Pin> pinOf = new HashMap<>();
        for (Pin p : pins) {
            pinOf.putIfAbsent(recordNode(p.source(), p.sourceId()), p);
        }
        // Keys that some record holds as its own id, per system: a claim to anything else is unanswered.
        Set<String> ownKeys = new TreeSet<>();
        for (CustomerRecord r : records) {
            String node = recordNode(r.source(), r.customerId());
            byNode.put(node, r);
            String own = keyNode(system(r.source()), r.customerId());
            ownKeys.add(own);
            uf.union(node, own);
            Pin pin = pinOf.get(node);
            if (pin != null) {
                uf.union(node, pinNode(pin.customerId()));
            } else {
                r.claims().forEach((system, value) -> uf.union(node, keyNode(system, value)));
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Pin p : pins) {
            if (!byNode.containsKey(recordNode(p.source(), p.sourceId()))) {
                out.add(new Entry(p.source(), p.sourceId(), p.customerId(), UNKNOWN_RECORD, "mapping line " + p.line(),
                        "mapping file line " + p.line() + " names " + p.source() + " customer " + p.sourceId()
                                + ", which no ingested source has"));
            }
        }
        // Component root → its keys by system, pinned ids and records.
        Map<String, Map<String, Set<String>>> keysOf = new HashMap<>();
        Map<String, Set<String>> pinsOf = new HashMap<>();
        Map<String, List<CustomerRecord>> recordsOf = new HashMap<>();
        for (String node : uf.nodes()) {
            String root = uf.find(node);
            if (node.startsWith("k\u0001")) {
                String[] parts = node.split("\u0001", 3);
                keysOf.computeIfAbsent(root, k -> new TreeMap<>()).computeIfAbsent(parts[1], k -> new TreeSet<>()).add(parts[2]);
            } else if (node.startsWith("p\u0001")) {
                pinsOf.computeIfAbsent(root, k -> new TreeSet<>()).add(node.substring(2));
            } else if (byNode.containsKey(node)) {
                recordsOf.computeIfAbsent(root, k -> new ArrayList<>()).add(byNode.get(node));
            }
        }
        for (Map.Entry<String, List<CustomerRecord>> component : recordsOf.entrySet()) {
            String root = component.getKey();
            List<CustomerRecord> members = component.getValue();
            Map<String, Set<String>> keys = keysOf.getOrDefault(root, Map.of());
            Set<String> pinned = pinsOf.getOrDefault(root, Set.of());
            List<String> contradictions = new ArrayList<>();
            // Two records of one source: one key claimed by two customers, or one record claiming two. The mapping
            // file may put two records of a source together on purpose.
            Map<String, List<String>> bySource = new TreeMap<>();
            members.stream().filter(r -> !pinOf.containsKey(recordNode(r.source(), r.customerId())))
                    .forEach(r -> bySource.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r.customerId()));
            bySource.forEach((source, ids) -> {
                if (ids.size() > 1) {
                    contradictions.add("two " + source + " customers " + String.join(" and ", ids.stream().sorted().toList()));
                }
            });
            // Two ids of one system of which one is only claimed: which one is right cannot be told.
            keys.forEach((system, values) -> {
                if (values.size() > 1 && values.stream().anyMatch(v -> !ownKeys.contains(keyNode(system, v)))) {
                    contradictions.add("two " + system + " ids " + String.join(" and ", values));
                }
            });
            if (pinned.size() > 1) {
                contradictions.add("two mapping-file customer ids " + String.join(" and ", pinned));
            }
            String linkedBy = linkedBy(keys, pinned, members, pinOf);
            for (CustomerRecord r : members) {
                String unanswered = unanswered(r, ownKeys, pinOf.containsKey(recordNode(r.source(), r.customerId())));
                if (!contradictions.isEmpty()) {
                    out.add(new Entry(r.source(), r.customerId(), r.customerId(), CONFLICT, linkedBy,
                            "not merged: the records linked by " + linkedBy + " hold " + String.join("; ", contradictions)
                                    + " (fix the source keys, or place the records in the mapping file)" + unanswered));
                } else if (members.size() == 1 && pinned.isEmpty()) {
                    out.add(new Entry(r.source(), r.customerId(), r.customerId(), UNMATCHED, "",
                            "no other record shares a key with it" + unanswered));
                } else {
                    out.add(new Entry(r.source(), r.customerId(), customerId(members, pinned), MATCHED, linkedBy,
                            unanswered.isEmpty() ? "" : unanswered.substring(2)));
                }
            }
        }
        out.sort(Comparator.comparing(Entry::source).thenComparing(Entry::sourceCustomerId).thenComparing(Entry::status));
        return out;
    }

    /** The mapping file's id, else the id of the component's record of the highest-priority system. */
    private static String customerId(List<CustomerRecord> members, Set<String> pinned) {
        if (!pinned.isEmpty()) {
            return pinned.iterator().next();
        }
        return members.stream().min(Comparator.comparingInt((CustomerRecord r) -> priority(system(r.source())))
                .thenComparing(CustomerRecord::source).thenComparing(CustomerRecord::customerId)).orElseThrow().customerId();
    }

    private static int priority(String system) {
        int i = ID_PRIORITY.indexOf(system);
        return i < 0 ? ID_PRIORITY.size() : i;
    }

    private static String linkedBy(Map<String, Set<String>> keys, Set<String> pinned, List<CustomerRecord> members,
                                   Map<String, Pin> pinOf) {
        if (members.size() == 1 && pinned.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        keys.forEach((system, values) -> values.forEach(v -> parts.add(system + ":" + v)));
        members.stream().map(r -> pinOf.get(recordNode(r.source(), r.customerId()))).filter(Objects::nonNull)
                .map(p -> "mapping line " + p.line()).sorted().forEach(parts::add);
        return String.join(", ", parts);
    }

    /** {@code ; claims crm 001X, which no crm record has} for claims nobody answers (ignored for pinned records). */
    private static String unanswered(CustomerRecord r, Set<String> ownKeys, boolean pinned) {
        if (pinned) {
            return "";
        }
        List<String> open = new ArrayList<>();
        r.claims().forEach((system, value) -> {
            if (!ownKeys.contains(keyNode(system, value))) {
                open.add(system + " " + value);
            }
        });
        return open.isEmpty() ? "" : "; claims " + String.join(", ", open) + ", which no ingested record has";
    }

    /**
     * Reads the mapping file ({@code source,source_id,customer_id}, header row, RFC 4180). It is edited by hand, so a
     * bad line stops the run naming file and line rather than being skipped.
     *
     * @param sources the source names a line may use
     */
    public static List<Pin> parsePins(String csv, String fileName, Collection<String> sources) {
        List<Pin> pins = new ArrayList<>();
        Map<String, Pin> seen = new HashMap<>();
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get().parse(new StringReader(text))) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            if (!header.containsAll(List.of("source", "source_id", "customer_id"))) {
                throw new IllegalArgumentException("Cannot read " + fileName + ": the header must name source, source_id, "
                        + "customer_id (found: " + String.join(", ", header) + ")");
            }
            for (CSVRecord rec : parser) {
                int start = (int) rec.getCharacterPosition();
                while (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
                    start++; // the position of a record after blank lines is where the blank lines begin
                }
                long line = 1 + text.substring(0, start).chars().filter(c -> c == '\n').count();
                Map<String, String> v = new HashMap<>();
                for (int i = 0; i < rec.size() && i < header.size(); i++) {
                    v.put(header.get(i), rec.get(i));
                }
                for (String c : List.of("source", "source_id", "customer_id")) {
                    if (v.get(c) == null || v.get(c).isBlank()) {
                        throw new IllegalArgumentException("Cannot read " + fileName + " line " + line + ": " + c
                                + " is required but empty");
                    }
                }
                String source = v.get("source").toLowerCase(Locale.ROOT);
                if (!sources.contains(source)) {
                    throw new IllegalArgumentException("Cannot read " + fileName + " line " + line + ": source '"
                            + v.get("source") + "' is not one of " + String.join(", ", sources));
                }
                Pin pin = new Pin(source, v.get("source_id"), v.get("customer_id"), line);
                Pin earlier = seen.putIfAbsent(source + "\u0001" + pin.sourceId(), pin);
                if (earlier != null && !earlier.customerId().equals(pin.customerId())) {
                    throw new IllegalArgumentException("Cannot read " + fileName + " line " + line + ": " + source + " "
                            + pin.sourceId() + " is given customer " + pin.customerId() + " but line " + earlier.line()
                            + " gives it " + earlier.customerId());
                }
                if (earlier == null) {
                    pins.add(pin);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("Cannot read " + fileName + ": broken CSV (" + e.getMessage() + ")", e);
        }
        return pins;
    }

    private static String recordNode(String source, String id) {
        return "r\u0001" + source + "\u0001" + id;
    }

    private static String keyNode(String system, String value) {
        return "k\u0001" + system + "\u0001" + value.trim();
    }

    private static String pinNode(String customerId) {
        return "p\u0001" + customerId;
    }

    /** Union–find over string nodes, path-halving. */
    private static final class UnionFind {
        private final Map<String, String> parent = new LinkedHashMap<>();

        String find(String x) {
            parent.putIfAbsent(x, x);
            String p = parent.get(x);
            while (!p.equals(x)) {
                String gp = parent.get(p);
                parent.put(x, gp);
                x = gp;
                p = parent.get(x);
            }
            return x;
        }

        void union(String a, String b) {
            String ra = find(a);
            String rb = find(b);
            if (!ra.equals(rb)) {
                parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
            }
        }

        List<String> nodes() {
            return new ArrayList<>(parent.keySet());
        }
    }
}
