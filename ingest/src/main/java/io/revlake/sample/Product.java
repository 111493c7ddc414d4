package io.revlake.sample;

/** Products on the price list. Recurring products have a monthly list price per currency (USD, EUR, GBP). */
enum Product {
    STARTER("prod_starter", "starter", true, 1500, 1400, 1200),
    GROWTH("prod_growth", "growth", true, 3500, 3200, 2800),
    BUSINESS("prod_business", "business", true, 6900, 6400, 5500),
    ENTERPRISE_PLATFORM("prod_enterprise_platform", "enterprise_platform", false, 150000, 140000, 120000),
    ENTERPRISE_SEAT("prod_enterprise_seat", "enterprise_seat", true, 4500, 4200, 3600),
    /** Metered API calls, billed monthly in arrears per 1,000 calls. */
    API_CALLS("prod_api_calls", "api_calls", false, 40, 37, 32),
    IMPLEMENTATION("prod_implementation", "implementation", false, 0, 0, 0),
    ONPREM_LICENCE("prod_onprem_connector_licence", "onprem_connector_licence", false, 0, 0, 0);

    private static final Product[] PLAN_LADDER = {STARTER, GROWTH, BUSINESS};

    final String id;
    final String code;
    final boolean seatBased;
    private final long[] monthly;
    private final String[][] planIds = new String[BillingTerm.values().length][Currency.values().length];

    Product(String id, String code, boolean seatBased, long usd, long eur, long gbp) {
        this.id = id;
        this.code = code;
        this.seatBased = seatBased;
        this.monthly = new long[] {usd, eur, gbp};
        for (BillingTerm t : BillingTerm.values()) {
            for (Currency c : Currency.values()) {
                planIds[t.ordinal()][c.ordinal()] = code + "_" + t.label + "_" + c.name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    long monthlyPrice(Currency c) {
        return monthly[c.ordinal()];
    }

    /** Unit price per billing period, in cents. */
    long price(BillingTerm term, Currency c) {
        return term.price(monthly[c.ordinal()]);
    }

    String planId(BillingTerm term, Currency c) {
        return planIds[term.ordinal()][c.ordinal()];
    }

    /** Position on the self-serve plan ladder (starter 0, growth 1, business 2), -1 otherwise. */
    int rank() {
        for (int i = 0; i < PLAN_LADDER.length; i++) {
            if (PLAN_LADDER[i] == this) {
                return i;
            }
        }
        return -1;
    }

    static Product ofRank(int rank) {
        return PLAN_LADDER[rank];
    }
}
