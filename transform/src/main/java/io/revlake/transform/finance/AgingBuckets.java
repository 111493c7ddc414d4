package io.revlake.transform.finance;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Aging buckets by days past due ({@code d = aging date − due date}). The edges are the inclusive upper bounds of
 * each bucket but the last: edges {@code 0, 30, 60, 90, 120} give {@code current} (d ≤ 0, due today included),
 * {@code 1-30}, {@code 31-60}, {@code 61-90}, {@code 91-120} and {@code 120+} (d > 120).
 */
public record AgingBuckets(List<Integer> edges) implements Serializable {
    public static final String CURRENT = "current";

    public AgingBuckets {
        edges = List.copyOf(edges);
        if (edges.isEmpty() || edges.get(0) != 0) {
            throw new IllegalArgumentException("aging bucket edges must start at 0 (the current bucket): " + edges);
        }
        for (int i = 1; i < edges.size(); i++) {
            if (edges.get(i) <= edges.get(i - 1)) {
                throw new IllegalArgumentException("aging bucket edges must increase: " + edges);
            }
        }
    }

    public static AgingBuckets defaults() {
        return new AgingBuckets(List.of(0, 30, 60, 90, 120));
    }

    /** Parses {@code "0,30,60,90,120"}. */
    public static AgingBuckets parse(String edges) {
        List<Integer> list = new ArrayList<>();
        for (String part : edges.split(",")) {
            list.add(Integer.parseInt(part.trim()));
        }
        return new AgingBuckets(list);
    }

    public String bucket(long daysPastDue) {
        if (daysPastDue <= 0) {
            return CURRENT;
        }
        for (int i = 1; i < edges.size(); i++) {
            if (daysPastDue <= edges.get(i)) {
                return (edges.get(i - 1) + 1) + "-" + edges.get(i);
            }
        }
        return edges.get(edges.size() - 1) + "+";
    }

    /** Bucket labels in order, current first. */
    public List<String> labels() {
        List<String> out = new ArrayList<>();
        out.add(CURRENT);
        for (int i = 1; i < edges.size(); i++) {
            out.add((edges.get(i - 1) + 1) + "-" + edges.get(i));
        }
        out.add(edges.get(edges.size() - 1) + "+");
        return out;
    }

    @Override
    public String toString() {
        return edges.toString().replace(" ", "").replace("[", "").replace("]", "");
    }
}
