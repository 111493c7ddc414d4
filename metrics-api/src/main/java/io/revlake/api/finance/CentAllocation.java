package io.revlake.api.finance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a total converted once (Σ source amounts × rate, rounded) over the parts it was converted from, so the parts'
 * reporting amounts add up to the total exactly: each part gets its amount × rate rounded down to the cent, and the
 * cents left go one each to the parts with the largest remainders (largest-remainder method; ties by key). Converting
 * and rounding each part on its own could miss the total by up to half a cent per part.
 */
final class CentAllocation {
    private CentAllocation() {
    }

    /**
     * @param sourceCents part → amount in the source currency (cents), in a stable order
     * @param totalCents  the total in the reporting currency (cents); must be Σ source × rate rounded (checked)
     */
    static Map<String, Long> allocate(Map<String, Long> sourceCents, BigDecimal rate, long totalCents) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<Map.Entry<String, BigDecimal>> remainders = new ArrayList<>();
        long floors = 0;
        long sourceTotal = 0;
        for (Map.Entry<String, Long> e : sourceCents.entrySet()) {
            BigDecimal exact = BigDecimal.valueOf(e.getValue()).multiply(rate);
            BigDecimal floor = exact.setScale(0, RoundingMode.FLOOR);
            out.put(e.getKey(), floor.longValueExact());
            remainders.add(Map.entry(e.getKey(), exact.subtract(floor)));
            floors += floor.longValueExact();
            sourceTotal += e.getValue();
        }
        long expected = BigDecimal.valueOf(sourceTotal).multiply(rate).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        if (expected != totalCents) {
            throw new IllegalArgumentException("the total " + totalCents + " is not the parts' sum " + sourceTotal
                    + " × " + rate.toPlainString() + " rounded (" + expected + ")");
        }
        long left = totalCents - floors; // 0 ≤ left ≤ number of parts
        remainders.sort(Comparator.<Map.Entry<String, BigDecimal>, BigDecimal>comparing(Map.Entry::getValue)
                .reversed().thenComparing(Map.Entry::getKey));
        for (int i = 0; i < left; i++) {
            out.merge(remainders.get(i).getKey(), 1L, Long::sum);
        }
        return out;
    }
}
