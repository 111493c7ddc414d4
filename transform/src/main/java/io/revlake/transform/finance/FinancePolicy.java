package io.revlake.transform.finance;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The contested choices of the finance facts, recorded with each run. */
public record FinancePolicy(AgingBuckets agingBuckets, WaterfallRows waterfallRows) implements Serializable {
    public FinancePolicy {
        Objects.requireNonNull(agingBuckets, "agingBuckets");
        Objects.requireNonNull(waterfallRows, "waterfallRows");
    }

    public static FinancePolicy defaults() {
        return new FinancePolicy(AgingBuckets.defaults(), WaterfallRows.BILLING);
    }

    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("aging_bucket_edges", agingBuckets.toString());
        m.put("waterfall_rows", waterfallRows.id());
        m.put("usage_recognition", "as_billed");
        m.put("contract_modifications", "prospective");
        m.put("write_offs", "bad_debt_no_revenue_reversal");
        // Also marks stored facts that carry per-invoice billing rows: facts of a run without it are recomputed.
        m.put("billings", "invoice_totals_excluding_credit_notes");
        return m;
    }
}
