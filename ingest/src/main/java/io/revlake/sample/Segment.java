package io.revlake.sample;

/**
 * Customer segments and the behaviour that differs between them. Hazards are per month; a hazard per billing period
 * is derived from them ({@code 1 - (1 - h)^months}).
 */
enum Segment {
    SMB("smb", 0.028, 0.012, 14, 0.04, 0.012, 0.020, 0.006, 0.005),
    MID_MARKET("mid_market", 0.014, 0.010, 30, 0.07, 0.010, 0.030, 0.005, 0.015),
    ENTERPRISE("enterprise", 0.007, 0.006, 0, 0.08, 0.0, 0.030, 0.0, 0.025);

    final String id;
    /** Monthly hazard of not renewing. */
    final double churn;
    /** Monthly chance that a churned customer comes back. */
    final double reactivation;
    /** Trial length for self-serve sign-ups (enterprise deals never trial). */
    final int trialDays;
    /** Monthly chances of an upgrade or downgrade in seats or plan. */
    final double seatUp;
    final double planUp;
    final double seatDown;
    final double planDown;
    /** Chance that an invoice is disputed and partly credited (payment behaviour otherwise follows the customer's risk). */
    final double dispute;

    Segment(String id, double churn, double reactivation, int trialDays, double seatUp, double planUp, double seatDown,
            double planDown, double dispute) {
        this.id = id;
        this.churn = churn;
        this.reactivation = reactivation;
        this.trialDays = trialDays;
        this.seatUp = seatUp;
        this.planUp = planUp;
        this.seatDown = seatDown;
        this.planDown = planDown;
        this.dispute = dispute;
    }
}
