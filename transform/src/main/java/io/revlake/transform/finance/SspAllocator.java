package io.revlake.transform.finance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Allocation of a contract's transaction price to its performance obligations (ASC 606-10-32-28 to 32-41,
 * IFRS 15.73-86), to the cent by largest remainder so the parts sum exactly to the price.
 *
 * <ol>
 *   <li><b>Variable consideration</b>: a usage obligation is paid by usage; its SSP is the estimate of that
 *       consideration and it is allocated exactly that estimate (32-40: variable consideration that relates
 *       entirely to one obligation goes to it). The rest of the price goes to the other obligations.</li>
 *   <li><b>Relative SSP</b>: the rest is split in proportion to the other obligations' SSPs, so a bundle discount
 *       spreads over all of them (32-31, 32-36).</li>
 *   <li><b>Missing SSP</b> (null or 0): the obligation's list price (the price it was billed at) stands in; without
 *       one, the residual approach (32-34(c)): the price left after the known SSPs, shared equally by the
 *       obligations without any price, or 0 when nothing is left.</li>
 *   <li>When usage estimates exceed the price, or every SSP is 0, the whole price is split by relative estimate, or
 *       equally.</li>
 * </ol>
 */
public final class SspAllocator {
    public static final String SOURCE_SSP = "ssp";
    public static final String SOURCE_LIST_PRICE = "list_price";
    public static final String SOURCE_RESIDUAL = "residual";
    public static final String SOURCE_VARIABLE = "variable_estimate";

    private SspAllocator() {
    }

    /** An obligation to allocate to: SSP (null/0 = unknown) and list price (null = none). */
    public record Candidate(String obligationId, RecognitionMethod method, BigDecimal ssp, BigDecimal listPrice) {
    }

    public record Allocation(String obligationId, BigDecimal sspUsed, String sspSource, BigDecimal allocated) {
    }

    public static List<Allocation> allocate(BigDecimal transactionPrice, List<Candidate> candidates) {
        return allocate(transactionPrice, candidates, 2);
    }

    /** @param scale 2 to allocate cents; 0 to allocate whole currency units (as the published examples round) */
    public static List<Allocation> allocate(BigDecimal transactionPrice, List<Candidate> candidates, int scale) {
        int n = candidates.size();
        if (n == 0) {
            return List.of();
        }
        BigDecimal price = transactionPrice.setScale(scale, RoundingMode.HALF_UP);
        BigDecimal[] ssp = new BigDecimal[n];
        String[] source = new String[n];
        List<Integer> variable = new ArrayList<>();
        List<Integer> fixed = new ArrayList<>();
        BigDecimal variableTotal = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            Candidate c = candidates.get(i);
            if (c.method() == RecognitionMethod.USAGE) {
                variable.add(i);
                ssp[i] = known(c.ssp()) ? c.ssp() : known(c.listPrice()) ? c.listPrice() : BigDecimal.ZERO;
                source[i] = SOURCE_VARIABLE;
                variableTotal = variableTotal.add(ssp[i]);
            } else {
                fixed.add(i);
            }
        }
        BigDecimal[] allocated = new BigDecimal[n];
        BigDecimal rest = price;
        if (!fixed.isEmpty() && !variable.isEmpty() && variableTotal.compareTo(price) <= 0) {
            for (int i : variable) {
                allocated[i] = ssp[i].setScale(scale, RoundingMode.HALF_UP);
                rest = rest.subtract(allocated[i]);
            }
        } else if (!variable.isEmpty()) {
            // nothing fixed to allocate to, or estimates beyond the price: everything by relative estimate / SSP
            fixed.addAll(variable);
            Collections.sort(fixed);
        }
        // SSPs of the fixed obligations, with the list-price and residual fallbacks
        List<Integer> residual = new ArrayList<>();
        BigDecimal knownTotal = BigDecimal.ZERO;
        for (int i : fixed) {
            Candidate c = candidates.get(i);
            if (source[i] != null) {
                knownTotal = knownTotal.add(ssp[i]);
            } else if (known(c.ssp())) {
                ssp[i] = c.ssp();
                source[i] = SOURCE_SSP;
                knownTotal = knownTotal.add(ssp[i]);
            } else if (known(c.listPrice())) {
                ssp[i] = c.listPrice();
                source[i] = SOURCE_LIST_PRICE;
                knownTotal = knownTotal.add(ssp[i]);
            } else {
                residual.add(i);
            }
        }
        if (!residual.isEmpty()) {
            BigDecimal left = rest.subtract(knownTotal).max(BigDecimal.ZERO);
            BigDecimal each = left.divide(BigDecimal.valueOf(residual.size()), Cents.EXACT);
            for (int i : residual) {
                ssp[i] = each;
                source[i] = SOURCE_RESIDUAL;
            }
        }
        if (!fixed.isEmpty()) {
            List<BigDecimal> weights = new ArrayList<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (int i : fixed) {
                weights.add(ssp[i]);
                sum = sum.add(ssp[i]);
            }
            if (sum.signum() == 0) {
                weights.replaceAll(w -> BigDecimal.ONE);
            }
            List<BigDecimal> parts = Cents.apportion(rest, weights, scale);
            for (int k = 0; k < fixed.size(); k++) {
                allocated[fixed.get(k)] = parts.get(k);
            }
        }
        List<Allocation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Allocation(candidates.get(i).obligationId(), ssp[i], source[i], allocated[i]));
        }
        return out;
    }

    private static boolean known(BigDecimal v) {
        return v != null && v.signum() > 0;
    }
}
