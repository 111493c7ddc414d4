package io.revlake.sample;

import static io.revlake.sample.DateText.NONE_HIGH;
import static io.revlake.sample.DateText.NONE_LOW;

import java.io.IOException;
import java.util.ArrayList;
import java.util.SplittableRandom;

/**
 * Simulates one customer at a time over the whole window and streams its rows out.
 *
 * <p>A customer signs up (maybe with a trial), subscribes to a plan, changes seats and plans, pays or not, renews or
 * churns at the end of a billing period (or contract term), and may come back later. The simulation keeps the
 * customer's subscription items as its state; at every month end it sums the MRR of the items active then and hands
 * the exact amount to {@link GroundTruth}. The extract is taken at the window's last day: nothing dated after it is
 * written, except what was already known then (end dates of cancellations at period end, delivery dates, the close
 * dates of open opportunities).
 *
 * <p>Every customer draws from its own random stream, derived from the seed and its index, so a customer's story
 * does not depend on the others. Ids are built from the customer number (e.g. invoice {@code INV000123-0007}), so they
 * are stable and unique without global counters.
 */
final class CustomerSimulation {
    private static final int NO_INDEX = -1;
    private static final byte OPEN = 0;
    private static final byte PAID = 1;
    private static final byte VOID = 2;
    private static final byte UNCOLLECTIBLE = 3;
    private static final String[] STATUS = {"open", "paid", "void", "uncollectible"};

    private final Window w;
    private final Sinks out;
    private final GroundTruth truth;
    private final long seed;
    private final int idWidth;
    private final int customers;
    /** Invoice lines written per recurring (subscription) line ({@link GeneratorConfig#recurringLineParts()}). */
    private final int recurringLineParts;
    /** New sign-ups per month and segment, for the expenses model. */
    final int[][] signups;

    // ---- the current customer ----
    private SplittableRandom rng;
    private int index;
    private String num;
    private String customerName;
    private Segment seg;
    private Market.Country country;
    private Currency ccy;
    private int channel;
    private boolean salesLed;
    private String owner;
    private int risk;
    private boolean autopay;
    private int termsDays;
    private int signup;
    private int touchDay;
    private int touchSec;

    private final ArrayList<Item> items = new ArrayList<>();
    private int itemCount;
    private final ArrayList<Invoice> invoices = new ArrayList<>();
    private int invoiceCount;
    private int subSeq;
    private int paySeq;
    private int creditSeq;
    private int oppSeq;
    private int contractSeq;
    /** The renewal opportunity just won, for the renewal contract about to be written. */
    private int lastRenewalOpp;

    private final Sub sub = new Sub();
    private int churnDay;
    /** This customer's churn hazard relative to its segment's (mean 1). */
    private double churnPropensity;
    private boolean lostTrial;
    private boolean nonPaymentChurn;

    // ---- lines of the invoice being built ----
    private int nLines;
    private int[] lineItem = new int[8];
    private Product[] lineProduct = new Product[8];
    private String[] lineType = new String[8];
    private long[] lineAmount = new long[8];
    private long[] lineQty = new long[8];
    private int[] lineStart = new int[8];
    private int[] lineEnd = new int[8];
    private int[] lineContract = new int[8];
    private int[] lineObligation = new int[8];

    CustomerSimulation(GeneratorConfig config, Window w, Sinks out, GroundTruth truth) {
        this.w = w;
        this.out = out;
        this.truth = truth;
        this.seed = config.seed();
        this.customers = config.customers();
        this.recurringLineParts = config.recurringLineParts();
        this.idWidth = Math.max(6, Long.toString(config.customers()).length());
        this.signups = new int[w.months][Segment.values().length];
    }

    int idWidth() {
        return idWidth;
    }

    /** A subscription: its items share a currency, a billing term and an anchor date. */
    private static final class Sub {
        boolean live;
        int seq;
        BillingTerm term;
        int anchor;
        int k;
        int periodStart;
        int periodEnd;
        boolean inTrial;
        boolean converts;
        boolean contract;
        int periodsPerTerm;
        int termEnd;
        int contractSeq;
        boolean usage;
        int usageObligation;
        int firstItem;
        int periodInvoice;
        boolean nonPayment;
        double churnP;
        int pendingSeats;
        Product pendingPlan;
        boolean firstTerm;
        int newOpp;
        long servicesPrice;
        int servicesObligation;
        int servicesStart;
        int servicesEnd;
        long licencePrice;
        int licenceObligation;

        void reset() {
            live = false;
            inTrial = false;
            converts = false;
            contract = false;
            usage = false;
            nonPayment = false;
            pendingSeats = -1;
            pendingPlan = null;
            termEnd = NONE_LOW;
            periodInvoice = NO_INDEX;
            contractSeq = 0;
            usageObligation = 0;
            firstTerm = true;
            newOpp = 0;
        }
    }

    /** A row of subscription_items.csv while it is being simulated. */
    static final class Item {
        int seq;
        int subSeq;
        Product product;
        BillingTerm term;
        int start;
        int end;
        long qty;
        long unit;
        int pct;
        long disc;
        int discEnd;
        int trialEnd;
        int updDay;
        int updSec;
        int contract;
        int obligation;
        private long unitsDiscounted;
        private long unitsGross;

        void reset() {
            end = NONE_HIGH;
            pct = 0;
            disc = 0;
            discEnd = NONE_HIGH;
            trialEnd = NONE_LOW;
            contract = 0;
            obligation = 0;
            unitsDiscounted = -1;
            unitsGross = -1;
        }

        boolean activeAt(int day) {
            return start <= day && end > day;
        }

        boolean discountedAt(int day) {
            return (pct != 0 || disc != 0) && discEnd > day;
        }

        /** MRR at the month end {@code day} in 10^-12 units, by the rules of METRICS.md. */
        long monthlyUnitsAt(int day) {
            if (trialEnd > day) {
                return 0;
            }
            if (discountedAt(day)) {
                if (unitsDiscounted < 0) {
                    unitsDiscounted = MrrMath.itemMonthlyUnits(unit, qty, pct, disc, term);
                }
                return unitsDiscounted;
            }
            if (unitsGross < 0) {
                unitsGross = MrrMath.itemMonthlyUnits(unit, qty, 0, 0, term);
            }
            return unitsGross;
        }

        /** Amount charged for a period starting on {@code day}, in cents. */
        long periodCents(int day) {
            return discountedAt(day) ? MrrMath.periodCents(unit, qty, pct, disc) : unit * qty;
        }
    }

    /** A row of invoices.csv; lines, payments and credit notes are written as they happen. */
    static final class Invoice {
        int seq;
        int day;
        int due;
        long subtotal;
        long tax;
        long total;
        long paid;
        long credited;
        byte status;
        int updDay;
        int updSec;
    }

    // =================================================================================================================
    // A customer's life
    // =================================================================================================================

    void simulate(int customerIndex) throws IOException {
        index = customerIndex;
        rng = new SplittableRandom(mix(seed, customerIndex));
        // Customers differ in how likely they are to leave (exponentially distributed around the segment's rate), as
        // real cohorts do: retention rates rise with tenure, which is what the sBG model fits. A separate stream
        // keeps the rest of the simulation's draws unchanged.
        churnPropensity = -StrictMath.log(1 - new SplittableRandom(mix(seed, customerIndex) ^ 0x2545F4914F6CDD1DL).nextDouble());
        num = pad(customerIndex + 1L, idWidth);
        itemCount = 0;
        invoiceCount = 0;
        subSeq = 0;
        paySeq = 0;
        creditSeq = 0;
        oppSeq = 0;
        contractSeq = 0;
        lastRenewalOpp = 0;
        churnDay = NONE_LOW;
        lostTrial = false;
        nonPaymentChurn = false;
        sub.reset();

        double u = rng.nextDouble();
        seg = u < 0.70 ? Segment.SMB : u < 0.93 ? Segment.MID_MARKET : Segment.ENTERPRISE;
        country = Market.country(rng);
        ccy = country.currency();
        channel = Market.channel(rng, seg);
        salesLed = seg == Segment.ENTERPRISE || Market.salesLedChannel(channel);
        customerName = Market.companyName(rng, country);
        owner = Market.rep(rng, country.region());
        double r = rng.nextDouble();
        risk = r < 0.55 ? 0 : r < 0.92 ? 1 : 2;
        autopay = seg == Segment.SMB && rng.nextDouble() < 0.9;
        termsDays = seg == Segment.ENTERPRISE ? (rng.nextDouble() < 0.6 ? 60 : 30)
                : seg == Segment.MID_MARKET ? (rng.nextDouble() < 0.2 ? 60 : 30) : 30;
        signup = signupDay(customerIndex);
        int createdSec = second();
        touchDay = signup;
        touchSec = createdSec;

        acquire(signup, 0);
        for (int m = w.monthOf(signup); m < w.months; m++) {
            int ms = Math.max(w.monthStart[m], signup);
            int me = w.monthEnd[m];
            if (!sub.live) {
                maybeReactivate(m, ms, me);
            } else if (!sub.inTrial) {
                maybeChange(ms, me);
                maybeLostExpansion(ms, me);
            }
            advanceTo(me);
            billUsage(m, me);
            recordMonthEnd(m, me);
        }
        finish();

        CsvSink c = out.customers;
        c.code("C", index + 1L, idWidth).text(customerName).text(seg.id).text(Market.REGIONS[country.region()])
                .text(country.code()).text(Market.CHANNELS[channel]).text(ccy.name()).timestamp(signup, createdSec)
                .text(crmAccountId(index)).text(billingCustomerId(index)).text(Long.toString(1_000_000L + index + 1))
                .timestamp(touchDay, touchSec);
        c.endRow();
        writeItems();
        writeInvoices();
    }

    /** Sign-ups spread over the window with volume growing threefold from first to last day; ids are chronological. */
    private int signupDay(int i) {
        double d = w.days();
        double g = 2.0;
        double u = (i + 0.5) / customers;
        double a = g / (2 * d);
        double c = u * d * (1 + g / 2);
        double x = (-1 + StrictMath.sqrt(1 + 4 * a * c)) / (2 * a);
        return w.firstDay + (int) Math.min(d - 1, Math.max(0, StrictMath.floor(x)));
    }

    /** Starts a subscription: {@code kind} 0 = first sign-up, 1 = a former customer returns, 2 = a lapsed trial returns. */
    private void acquire(int day, int kind) throws IOException {
        sub.reset();
        sub.live = true;
        sub.seq = ++subSeq;
        sub.firstItem = itemCount;
        touch(day);
        if (kind == 0) {
            signups[w.monthOf(day)][seg.ordinal()]++;
        }

        BillingTerm term = chooseTerm();
        sub.term = term;
        sub.contract = term == BillingTerm.ANNUAL || term == BillingTerm.BIENNIAL || seg == Segment.ENTERPRISE;
        sub.periodsPerTerm = sub.contract && term == BillingTerm.QUARTERLY ? 4 : 1;
        sub.usage = sub.contract && rng.nextDouble() < (seg == Segment.ENTERPRISE ? 0.45 : seg == Segment.MID_MARKET ? 0.2 : 0);
        double h = Math.min(0.5, seg.churn * churnPropensity * (kind == 1 ? 1.3 : 1.0));
        double monthsPerTerm = term.months() * sub.periodsPerTerm;
        sub.churnP = 1 - StrictMath.pow(1 - h, monthsPerTerm);

        boolean trial = kind == 0 && !salesLed && seg != Segment.ENTERPRISE
                && rng.nextDouble() < (seg == Segment.SMB ? 0.65 : 0.35);
        int billingStart = day;
        if (trial) {
            billingStart = day + seg.trialDays;
            sub.inTrial = true;
            sub.converts = rng.nextDouble() < (seg == Segment.SMB ? 0.55 : 0.65);
        }

        // plan, seats and discount
        Product plan;
        long seats;
        if (seg == Segment.ENTERPRISE) {
            plan = Product.ENTERPRISE_SEAT;
            seats = Math.min(4000, 80 + geometric(400));
        } else if (seg == Segment.MID_MARKET) {
            plan = rng.nextDouble() < 0.4 ? Product.GROWTH : Product.BUSINESS;
            seats = Math.min(300, 10 + geometric(30));
        } else {
            double p = rng.nextDouble();
            plan = p < 0.62 ? Product.STARTER : p < 0.95 ? Product.GROWTH : Product.BUSINESS;
            seats = Math.min(25, 1 + geometric(plan == Product.STARTER ? 2 : 4));
        }
        int pct = 0;
        long fixedShare = 0;
        int discEnd = NONE_HIGH;
        double d = rng.nextDouble();
        if (kind == 0 && channel == 3 && seg != Segment.ENTERPRISE && !trial && d < 0.08) {
            pct = 10_000; // partner pilot: free for a few months
            discEnd = DateText.plusMonths(billingStart, rng.nextDouble() < 0.5 ? 3 : 6);
        } else if (kind == 1 && d < 0.35) {
            pct = 2_000; // win-back offer
            discEnd = DateText.plusMonths(billingStart, 3);
        } else if (seg == Segment.ENTERPRISE) {
            if (d < 0.7) {
                pct = 500 + 250 * rng.nextInt(11); // negotiated 5–30 %, for the contract's life
            }
        } else {
            double pctShare = seg == Segment.SMB ? 0.14 : 0.20;
            if (d < pctShare) {
                int[] options = seg == Segment.SMB ? new int[] {1000, 1250, 1500, 2000, 2500} : new int[] {1000, 1250, 1500, 2000};
                pct = options[rng.nextInt(options.length)];
                if (rng.nextDouble() < (seg == Segment.SMB ? 0.75 : 0.5)) {
                    discEnd = DateText.plusMonths(billingStart, new int[] {3, 6, 12}[rng.nextInt(3)]);
                }
            } else if (d < pctShare + 0.06 && !term.isWeekly()) {
                fixedShare = 5 + rng.nextInt(16); // percent of the first period's price, as a fixed amount
                if (rng.nextDouble() < 0.6) {
                    discEnd = DateText.plusMonths(billingStart, new int[] {3, 6, 12}[rng.nextInt(3)]);
                }
            }
        }

        if (seg == Segment.ENTERPRISE) {
            newItem(Product.ENTERPRISE_PLATFORM, term, 1, Product.ENTERPRISE_PLATFORM.price(term, ccy), day, NONE_LOW, pct, 0, discEnd);
        }
        long unit = plan.price(term, ccy);
        long disc = 0;
        if (fixedShare > 0) {
            disc = Math.max(100, unit * seats * fixedShare / 100 / 100 * 100);
            disc = Math.min(disc, unit * seats / 2);
        }
        newItem(plan, term, seats, unit, day, trial ? billingStart : NONE_LOW, pct, disc, discEnd);

        if (salesLed || (seg != Segment.SMB && !trial)) {
            long value = 0;
            for (int i = sub.firstItem; i < itemCount; i++) {
                value += term.perYear(items.get(i).periodCents(billingStart));
            }
            int cycle = seg == Segment.ENTERPRISE ? 60 + rng.nextInt(140) : seg == Segment.MID_MARKET ? 25 + rng.nextInt(75) : 10 + rng.nextInt(35);
            int close = day - rng.nextInt(8);
            sub.newOpp = opportunity(true, customerName + " - New Business", "new", close - cycle, close, true, value);
            if (kind == 0) {
                int lost = geometric(seg == Segment.ENTERPRISE ? 2.0 : seg == Segment.MID_MARKET ? 1.3 : 0.8);
                for (int j = 0; j < lost; j++) {
                    int created = day - rng.nextInt(200);
                    int cyc = cycle / 2 + rng.nextInt(cycle + 1);
                    long amount = value * (50 + rng.nextInt(101)) / 100;
                    opportunity(false, Market.companyName(rng, country) + " - New Business", "new", created,
                            created + cyc, false, amount);
                }
            }
        }

        if (trial) {
            sub.anchor = billingStart;
            sub.periodStart = day;
            sub.periodEnd = billingStart;
        } else {
            sub.anchor = day;
            sub.k = 0;
            beginPeriod();
        }
    }

    private BillingTerm chooseTerm() {
        double u = rng.nextDouble();
        return switch (seg) {
            case SMB -> u < 0.79 ? BillingTerm.MONTHLY : u < 0.93 ? BillingTerm.ANNUAL : u < 0.96 ? BillingTerm.QUARTERLY
                    : u < 0.98 ? BillingTerm.WEEKLY : u < 0.99 ? BillingTerm.BIWEEKLY : BillingTerm.BIENNIAL;
            case MID_MARKET -> u < 0.48 ? BillingTerm.MONTHLY : u < 0.83 ? BillingTerm.ANNUAL : u < 0.91 ? BillingTerm.QUARTERLY
                    : u < 0.97 ? BillingTerm.SEMIANNUAL : BillingTerm.BIENNIAL;
            case ENTERPRISE -> u < 0.8 ? BillingTerm.ANNUAL : BillingTerm.QUARTERLY;
        };
    }

    /** Starts billing period {@code sub.k}: a new contract term when one begins, and the period's invoice. */
    private void beginPeriod() throws IOException {
        int b = sub.term.boundary(sub.anchor, sub.k);
        sub.periodStart = b;
        sub.periodEnd = sub.term.boundary(sub.anchor, sub.k + 1);
        boolean newTerm = false;
        if (sub.contract && (sub.termEnd == NONE_LOW || b == sub.termEnd)) {
            sub.termEnd = sub.term.boundary(sub.anchor, sub.k + sub.periodsPerTerm);
            newContract(b);
            newTerm = true;
        }
        nLines = 0;
        for (int i = sub.firstItem; i < itemCount; i++) {
            Item it = items.get(i);
            if (it.activeAt(b)) {
                line(i, it.product, "subscription", it.periodCents(b), it.qty, b, sub.periodEnd, it.contract, it.obligation);
            }
        }
        if (newTerm && sub.servicesPrice > 0) {
            line(NO_INDEX, Product.IMPLEMENTATION, "services", sub.servicesPrice, 1, sub.servicesStart, sub.servicesEnd,
                    sub.contractSeq, sub.servicesObligation);
        }
        if (newTerm && sub.licencePrice > 0) {
            line(NO_INDEX, Product.ONPREM_LICENCE, "one_time", sub.licencePrice, 1, NONE_LOW, NONE_LOW,
                    sub.contractSeq, sub.licenceObligation);
        }
        sub.periodInvoice = issue(b);
    }

    /** Writes the contract and obligations of a term starting at {@code b} (new business or renewal). */
    private void newContract(int b) throws IOException {
        int cSeq = ++contractSeq;
        sub.contractSeq = cSeq;
        sub.servicesPrice = 0;
        sub.licencePrice = 0;
        int obligations = 0;
        long price = 0;
        int[] obItem = new int[2];
        long[] obSsp = new long[2];
        int nItems = 0;
        for (int i = sub.firstItem; i < itemCount; i++) {
            Item it = items.get(i);
            if (!it.activeAt(b)) {
                continue;
            }
            it.contract = cSeq;
            it.obligation = ++obligations;
            long net = 0;
            for (int j = 0; j < sub.periodsPerTerm; j++) {
                net += it.periodCents(sub.term.boundary(sub.anchor, sub.k + j));
            }
            price += net;
            obItem[nItems] = i;
            obSsp[nItems] = it.unit * it.qty * sub.periodsPerTerm;
            nItems++;
        }
        int servicesMonths = 0;
        long servicesSsp = 0;
        long licenceSsp = 0;
        int delivery = NONE_LOW;
        if (sub.firstTerm) {
            if (seg == Segment.ENTERPRISE || (seg == Segment.MID_MARKET && rng.nextDouble() < 0.5)) {
                servicesSsp = seg == Segment.ENTERPRISE ? (24 + rng.nextInt(57)) * 50_000L : (12 + rng.nextInt(25)) * 25_000L;
                servicesSsp = ccy.scaleFromUsd(servicesSsp) / 5000 * 5000;
                sub.servicesPrice = servicesSsp * (80 + rng.nextInt(21)) / 100 / 100 * 100;
                servicesMonths = 1 + rng.nextInt(3);
                sub.servicesObligation = ++obligations;
                sub.servicesStart = b;
                sub.servicesEnd = DateText.plusMonths(b, servicesMonths);
                price += sub.servicesPrice;
            }
            if (seg == Segment.ENTERPRISE && rng.nextDouble() < 0.3) {
                licenceSsp = ccy.scaleFromUsd((8 + rng.nextInt(17)) * 100_000L) / 10_000 * 10_000;
                sub.licencePrice = licenceSsp * 90 / 100;
                sub.licenceObligation = ++obligations;
                delivery = b + rng.nextInt(15);
                price += sub.licencePrice;
            }
            sub.firstTerm = false;
        }
        long usageUnits = 0;
        long usageSsp = 0;
        if (sub.usage) {
            long seats = seats();
            int termMonths = (int) Math.round(sub.term.months() * sub.periodsPerTerm);
            usageUnits = seats * 40 * termMonths;
            usageSsp = usageUnits * Product.API_CALLS.monthlyPrice(ccy);
            sub.usageObligation = ++obligations;
            price += usageSsp;
        }
        boolean renewal = sub.k > 0;
        int signed = renewal ? b - rng.nextInt(31) : b - rng.nextInt(15);
        int opp = renewal ? lastRenewalOpp : sub.newOpp;
        touch(Math.min(signed, w.lastDay));
        out.contracts.id("CT", num, cSeq, 2).code("C", index + 1L, idWidth);
        if (opp > 0) {
            out.contracts.id("OPP", num, opp, 3);
        } else {
            out.contracts.empty();
        }
        out.contracts.date(signed).date(b).date(sub.termEnd).text(ccy.name()).money(price);
        out.contracts.endRow();
        sub.newOpp = 0;
        lastRenewalOpp = 0;

        int ob = 0;
        for (int n = 0; n < nItems; n++) {
            Item it = items.get(obItem[n]);
            obligation(cSeq, ++ob, it.product, "ratable", obSsp[n], it.qty, b, sub.termEnd, NONE_LOW);
        }
        if (servicesSsp > 0) {
            obligation(cSeq, ++ob, Product.IMPLEMENTATION, "ratable", servicesSsp, 1, b, sub.servicesEnd, NONE_LOW);
        }
        if (licenceSsp > 0) {
            obligation(cSeq, ++ob, Product.ONPREM_LICENCE, "point_in_time", licenceSsp, 1, NONE_LOW, NONE_LOW, delivery);
        }
        if (usageSsp > 0) {
            obligation(cSeq, ++ob, Product.API_CALLS, "usage", usageSsp, usageUnits, b, sub.termEnd, NONE_LOW);
        }
    }

    private void obligation(int cSeq, int n, Product product, String method, long ssp, long qty, int start, int end,
                            int delivery) throws IOException {
        CsvSink o = out.obligations;
        o.id2("OB", num, cSeq, 2, n, 1).id("CT", num, cSeq, 2).text(product.id).text(method).money(ssp).integer(qty)
                .date(start).date(end).date(delivery);
        o.endRow();
    }

    /** Moves the simulation forward to {@code day}: every billing period or trial ending on or before it. */
    private void advanceTo(int day) throws IOException {
        while (sub.live && sub.periodEnd <= day) {
            boundary();
        }
    }

    private void boundary() throws IOException {
        int b = sub.periodEnd;
        touch(b);
        if (sub.inTrial) {
            sub.inTrial = false;
            if (!sub.converts) {
                endItems(b, b);
                sub.live = false;
                churnDay = b;
                lostTrial = true;
                return;
            }
            sub.k = 0;
            beginPeriod();
            return;
        }
        boolean termBoundary = !sub.contract || b == sub.termEnd;
        sub.k++;
        if (termBoundary) {
            boolean renewalOpp = sub.contract && seg != Segment.SMB;
            if (rng.nextDouble() < (sub.nonPayment ? 1.0 : sub.churnP)) {
                int decision = Math.max(sub.periodStart, b - notice());
                if (renewalOpp) {
                    opportunity(true, customerName + " - Renewal", "renewal", b - 90, decision, false, annualValue(b));
                }
                endItems(b, decision);
                sub.live = false;
                churnDay = b;
                nonPaymentChurn = sub.nonPayment;
                lostTrial = false;
                return;
            }
            applyPending(b);
            if (sub.contract && seg != Segment.SMB && rng.nextDouble() < 0.3) {
                for (int i = sub.firstItem, n = itemCount; i < n; i++) {
                    Item it = items.get(i);
                    if (it.activeAt(b)) {
                        replace(it, b, it.product, it.qty, MrrMath.divHalfUp(it.unit * 105, 100));
                    }
                }
            }
            if (renewalOpp) {
                lastRenewalOpp = opportunity(true, customerName + " - Renewal", "renewal", b - 90, b - rng.nextInt(21),
                        true, annualValue(b));
            }
        }
        beginPeriod();
    }

    private int notice() {
        if (sub.contract) {
            return 30 + rng.nextInt(31);
        }
        return sub.term.isWeekly() ? 1 + rng.nextInt(5) : 1 + rng.nextInt(20);
    }

    private long annualValue(int day) {
        long v = 0;
        for (int i = sub.firstItem; i < itemCount; i++) {
            Item it = items.get(i);
            if (it.activeAt(day)) {
                v += sub.term.perYear(it.periodCents(day));
            }
        }
        return v;
    }

    private void applyPending(int b) throws IOException {
        if (sub.pendingPlan == null && sub.pendingSeats < 0) {
            return;
        }
        for (int i = sub.firstItem, n = itemCount; i < n; i++) {
            Item it = items.get(i);
            if (it.activeAt(b) && it.product.seatBased) {
                Product p = sub.pendingPlan != null ? sub.pendingPlan : it.product;
                long q = sub.pendingSeats >= 0 ? sub.pendingSeats : it.qty;
                long unit = p == it.product ? it.unit : p.price(sub.term, ccy);
                if (p != it.product || q != it.qty) {
                    replace(it, b, p, q, unit);
                }
            }
        }
        sub.pendingPlan = null;
        sub.pendingSeats = -1;
    }

    // ---- changes during a period ----

    private void maybeChange(int ms, int me) throws IOException {
        double u = rng.nextDouble();
        int type;
        if ((u -= seg.seatUp) < 0) {
            type = 0;
        } else if ((u -= seg.planUp) < 0) {
            type = 1;
        } else if ((u -= seg.seatDown) < 0) {
            type = 2;
        } else if ((u -= seg.planDown) < 0) {
            type = 3;
        } else {
            return;
        }
        int d = ms + rng.nextInt(me - ms + 1);
        advanceTo(d);
        if (!sub.live || sub.inTrial) {
            return;
        }
        Item seat = seatItem();
        if (seat == null || seat.start >= d) {
            return;
        }
        long q = seat.qty;
        switch (type) {
            case 0 -> {
                long delta = switch (seg) {
                    case SMB -> 1 + rng.nextInt(2);
                    case MID_MARKET -> Math.max(1, q * (10 + rng.nextInt(21)) / 100);
                    case ENTERPRISE -> Math.max(5, q * (5 + rng.nextInt(16)) / 100);
                };
                long cap = seg == Segment.ENTERPRISE ? 6000 : seg == Segment.MID_MARKET ? 600 : 50;
                if (q + delta <= cap) {
                    changeNow(seat, d, seat.product, q + delta, seat.unit);
                }
            }
            case 1 -> {
                int rank = seat.product.rank();
                if (rank >= 0 && rank < 2) {
                    Product up = Product.ofRank(rank + 1);
                    changeNow(seat, d, up, q, up.price(sub.term, ccy));
                }
            }
            case 2 -> {
                long min = seg == Segment.ENTERPRISE ? 20 : seg == Segment.MID_MARKET ? 5 : 1;
                long delta = seg == Segment.SMB ? 1 : Math.max(1, q * (5 + rng.nextInt(11)) / 100);
                if (q - delta >= min) {
                    if (sub.contract || rng.nextDouble() < 0.5) {
                        sub.pendingSeats = (int) (q - delta);
                        touch(d);
                    } else {
                        changeNow(seat, d, seat.product, q - delta, seat.unit);
                    }
                }
            }
            default -> {
                int rank = seat.product.rank();
                if (rank > 0) {
                    Product down = Product.ofRank(rank - 1);
                    if (sub.contract || rng.nextDouble() < 0.5) {
                        sub.pendingPlan = down;
                        touch(d);
                    } else {
                        changeNow(seat, d, down, q, down.price(sub.term, ccy));
                    }
                }
            }
        }
    }

    private Item seatItem() {
        for (int i = itemCount - 1; i >= sub.firstItem; i--) {
            Item it = items.get(i);
            if (it.end == NONE_HIGH && it.product.seatBased) {
                return it;
            }
        }
        return null;
    }

    private long seats() {
        Item s = seatItem();
        return s == null ? 1 : s.qty;
    }

    /** An immediate change on day {@code d}: a proration invoice for an increase, a credit note for a decrease. */
    private void changeNow(Item old, int d, Product product, long qty, long unit) throws IOException {
        long oldNet = old.periodCents(sub.periodStart);
        Item nu = replace(old, d, product, qty, unit);
        long newNet = nu.periodCents(sub.periodStart);
        long rem = sub.periodEnd - d;
        long per = sub.periodEnd - sub.periodStart;
        int opp = 0;
        if (newNet > oldNet && (seg != Segment.SMB || salesLed)) {
            opp = opportunity(true, customerName + " - Expansion", "expansion", Math.max(signup, d - 14 - rng.nextInt(47)), d, true,
                    sub.term.perYear(newNet - oldNet));
        }
        nLines = 0;
        if (sub.contract) {
            long delta = MrrMath.prorate(newNet - oldNet, rem, per);
            if (delta <= 0) {
                return;
            }
            // co-termed add-on: an amendment contract for the rest of the term
            int periodsLeft = 0;
            for (int j = sub.k + 1; sub.term.boundary(sub.anchor, j) < sub.termEnd; j++) {
                periodsLeft++;
            }
            long grossDelta = MrrMath.prorate(nu.unit * nu.qty - old.unit * old.qty, rem, per)
                    + (nu.unit * nu.qty - old.unit * old.qty) * periodsLeft;
            long price = delta + (newNet - oldNet) * periodsLeft;
            int cSeq = ++contractSeq;
            CsvSink c = out.contracts;
            c.id("CT", num, cSeq, 2).code("C", index + 1L, idWidth);
            if (opp > 0) {
                c.id("OPP", num, opp, 3);
            } else {
                c.empty();
            }
            c.date(d - rng.nextInt(8)).date(d).date(sub.termEnd).text(ccy.name()).money(price);
            c.endRow();
            obligation(cSeq, 1, nu.product, "ratable", Math.max(grossDelta, price), Math.max(1, qty - old.qty), d,
                    sub.termEnd, NONE_LOW);
            line(indexOf(nu), nu.product, "subscription", delta, nu.qty, d, sub.periodEnd, cSeq, 1);
            issue(d);
            return;
        }
        long credit = -MrrMath.prorate(oldNet, rem, per);
        long charge = MrrMath.prorate(newNet, rem, per);
        if (credit + charge > 0) {
            line(indexOf(old), old.product, "subscription", credit, old.qty, d, sub.periodEnd, 0, 0);
            line(indexOf(nu), nu.product, "subscription", charge, nu.qty, d, sub.periodEnd, 0, 0);
            issue(d);
        } else if (credit + charge < 0 && sub.periodInvoice != NO_INDEX) {
            long net = -(credit + charge);
            creditNote(sub.periodInvoice, d, net + MrrMath.divHalfUp(net * country.taxBp(), 10_000));
        }
    }

    private int indexOf(Item it) {
        for (int i = itemCount - 1; i >= 0; i--) {
            if (items.get(i) == it) {
                return i;
            }
        }
        throw new IllegalStateException("item not found");
    }

    private void maybeLostExpansion(int ms, int me) throws IOException {
        if (seg == Segment.SMB || rng.nextDouble() >= 0.012) {
            return;
        }
        int created = ms + rng.nextInt(me - ms + 1);
        long amount = annualValue(ms) * (10 + rng.nextInt(21)) / 100;
        opportunity(true, customerName + " - Expansion", "expansion", created, created + 20 + rng.nextInt(56), false,
                Math.max(100_00, amount));
    }

    private void maybeReactivate(int m, int ms, int me) throws IOException {
        if (churnDay == NONE_LOW) {
            return;
        }
        int since = m - w.monthOf(Math.max(churnDay, w.firstDay));
        if (since < 1 || since > 36) {
            return;
        }
        double p = lostTrial ? 0.006 : seg.reactivation * (nonPaymentChurn ? 0.25 : 1.0) * (since <= 12 ? 1.3 : 0.7);
        if (rng.nextDouble() < p) {
            int d = ms + rng.nextInt(me - ms + 1);
            acquire(d, lostTrial ? 2 : 1);
            lostTrial = false;
        }
    }

    /** Monthly usage (API calls), billed in arrears on the first day of the next month. */
    private void billUsage(int m, int me) throws IOException {
        if (!sub.live || !sub.usage || sub.inTrial || me + 1 > w.lastDay) {
            return;
        }
        long units = seats() * (20 + rng.nextInt(41));
        int from = Math.max(w.monthStart[m], items.get(sub.firstItem).start);
        nLines = 0;
        line(NO_INDEX, Product.API_CALLS, "usage", units * Product.API_CALLS.monthlyPrice(ccy), units, from, me + 1,
                sub.contractSeq, sub.usageObligation);
        issue(me + 1);
    }

    private void recordMonthEnd(int m, int me) throws IOException {
        long units = 0;
        for (int i = sub.firstItem; i < itemCount; i++) {
            Item it = items.get(i);
            if (it.activeAt(me)) {
                units += it.monthlyUnitsAt(me);
            }
        }
        if (units > 0) {
            truth.record(index, m, ccy, units);
        }
    }

    /** What is known at the window's last day about the next renewal: a notified cancellation or an open renewal. */
    private void finish() throws IOException {
        if (!sub.live || sub.inTrial) {
            return;
        }
        int b = sub.periodEnd;
        boolean termBoundary = !sub.contract || b == sub.termEnd;
        if (!termBoundary) {
            return;
        }
        boolean renewalOpp = sub.contract && seg != Segment.SMB;
        int decision = b - notice();
        if (decision <= w.lastDay && decision >= sub.periodStart && rng.nextDouble() < (sub.nonPayment ? 1.0 : sub.churnP)) {
            if (renewalOpp) {
                opportunity(true, customerName + " - Renewal", "renewal", b - 90, decision, false, annualValue(sub.periodStart));
            }
            endItems(b, decision);
        } else if (renewalOpp && b - 90 <= w.lastDay) {
            opportunity(true, customerName + " - Renewal", "renewal", b - 90, b, true, annualValue(sub.periodStart));
        }
    }

    // =================================================================================================================
    // Items
    // =================================================================================================================

    private Item newItem(Product product, BillingTerm term, long qty, long unit, int start, int trialEnd, int pct,
                         long disc, int discEnd) {
        Item it;
        if (itemCount < items.size()) {
            it = items.get(itemCount);
        } else {
            it = new Item();
            items.add(it);
        }
        itemCount++;
        it.reset();
        it.seq = itemCount;
        it.subSeq = sub.seq;
        it.product = product;
        it.term = term;
        it.qty = qty;
        it.unit = unit;
        it.start = start;
        it.trialEnd = trialEnd;
        if (pct != 0 || disc != 0) {
            it.pct = pct;
            it.disc = disc;
            it.discEnd = discEnd;
        }
        it.updDay = start;
        it.updSec = second();
        return it;
    }

    /** Ends {@code old} on {@code day} and starts its successor the same day; the discount carries over while it runs. */
    private Item replace(Item old, int day, Product product, long qty, long unit) {
        if (old.start == day) {
            // changed again on the day it started (a renewal that both applies a downgrade and a price rise):
            // amend the row rather than leave an empty [day, day) one
            old.product = product;
            old.qty = qty;
            old.unit = unit;
            old.unitsDiscounted = -1;
            old.unitsGross = -1;
            return old;
        }
        boolean keep = (old.pct != 0 || old.disc != 0) && old.discEnd > day;
        long disc = keep ? old.disc : 0;
        if (disc * 2 > unit * qty) {
            // a fixed amount off never takes more than half the price (so no tiny positive MRR)
            disc = unit * qty / 2 / 100 * 100;
        }
        int pct = keep ? old.pct : 0;
        keep = pct != 0 || disc != 0;
        int contract = old.contract;
        int obligation = old.obligation;
        Item nu = newItem(product, old.term, qty, unit, day, NONE_LOW, pct, disc, keep ? old.discEnd : NONE_HIGH);
        nu.contract = contract;
        nu.obligation = obligation;
        old.end = day;
        old.updDay = day;
        old.updSec = nu.updSec;
        touch(day);
        return nu;
    }

    /** Ends every open item of the subscription on {@code end}, as decided on {@code decided}. */
    private void endItems(int end, int decided) {
        for (int i = sub.firstItem; i < itemCount; i++) {
            Item it = items.get(i);
            if (it.end == NONE_HIGH) {
                it.end = end;
                it.updDay = Math.max(decided, it.updDay);
                it.updSec = second();
            }
        }
        touch(Math.min(decided, w.lastDay));
    }

    private void writeItems() throws IOException {
        CsvSink s = out.items;
        for (int i = 0; i < itemCount; i++) {
            Item it = items.get(i);
            s.id("SI", num, it.seq, 3).id("S", num, it.subSeq, 2).code("C", index + 1L, idWidth).text(it.product.id)
                    .text(it.product.planId(it.term, ccy)).date(it.start).date(it.end).text(it.term.interval)
                    .integer(it.term.count).integer(it.qty).money(it.unit).percentOrEmpty(it.pct);
            if (it.disc != 0) {
                s.money(it.disc);
            } else {
                s.empty();
            }
            s.date(it.pct != 0 || it.disc != 0 ? it.discEnd : NONE_HIGH).text(ccy.name()).date(it.trialEnd)
                    .bool(it.product.seatBased).timestamp(Math.min(it.updDay, w.lastDay), it.updSec);
            s.endRow();
        }
    }

    // =================================================================================================================
    // Invoices, payments, credit notes
    // =================================================================================================================

    private void line(int item, Product product, String type, long amount, long qty, int start, int end, int contract,
                      int obligation) {
        if (nLines == lineAmount.length) {
            int n = nLines * 2;
            lineItem = java.util.Arrays.copyOf(lineItem, n);
            lineProduct = java.util.Arrays.copyOf(lineProduct, n);
            lineType = java.util.Arrays.copyOf(lineType, n);
            lineAmount = java.util.Arrays.copyOf(lineAmount, n);
            lineQty = java.util.Arrays.copyOf(lineQty, n);
            lineStart = java.util.Arrays.copyOf(lineStart, n);
            lineEnd = java.util.Arrays.copyOf(lineEnd, n);
            lineContract = java.util.Arrays.copyOf(lineContract, n);
            lineObligation = java.util.Arrays.copyOf(lineObligation, n);
        }
        lineItem[nLines] = item;
        lineProduct[nLines] = product;
        lineType[nLines] = type;
        lineAmount[nLines] = amount;
        lineQty[nLines] = qty;
        lineStart[nLines] = start;
        lineEnd[nLines] = end;
        lineContract[nLines] = contract;
        lineObligation[nLines] = obligation;
        nLines++;
    }

    private Invoice newInvoice(int day) {
        Invoice inv;
        if (invoiceCount < invoices.size()) {
            inv = invoices.get(invoiceCount);
        } else {
            inv = new Invoice();
            invoices.add(inv);
        }
        invoiceCount++;
        inv.seq = invoiceCount;
        inv.day = day;
        inv.due = day + termsDays;
        inv.paid = 0;
        inv.credited = 0;
        inv.status = OPEN;
        inv.updDay = day;
        inv.updSec = second();
        return inv;
    }

    /** Issues an invoice for the buffered lines on {@code day} and settles it; returns its index. */
    private int issue(int day) throws IOException {
        long subtotal = 0;
        for (int i = 0; i < nLines; i++) {
            subtotal += lineAmount[i];
        }
        long tax = MrrMath.divHalfUp(subtotal * country.taxBp(), 10_000);
        touch(day);
        if (subtotal > 0 && rng.nextDouble() < 0.003) {
            // issued in error, voided the same day and re-issued
            Invoice v = newInvoice(day);
            v.subtotal = subtotal;
            v.tax = tax;
            v.total = subtotal + tax;
            v.status = VOID;
            writeLines(v);
        }
        Invoice inv = newInvoice(day);
        inv.subtotal = subtotal;
        inv.tax = tax;
        inv.total = subtotal + tax;
        writeLines(inv);
        nLines = 0;
        settle(inv);
        return invoiceCount - 1;
    }

    private void writeLines(Invoice inv) throws IOException {
        CsvSink s = out.lines;
        int lineNo = 0;
        for (int i = 0; i < nLines; i++) {
            int parts = "subscription".equals(lineType[i]) ? recurringLineParts : 1;
            for (int p = 0; p < parts; p++) {
                s.id2("IL", num, inv.seq, 4, ++lineNo, 2).id("INV", num, inv.seq, 4);
                if (lineItem[i] == NO_INDEX) {
                    s.empty();
                } else {
                    s.id("SI", num, items.get(lineItem[i]).seq, 3);
                }
                s.text(lineProduct[i].id).text(lineType[i]).money(linePart(lineAmount[i], parts, p))
                        .integer(lineQty[i]).date(lineStart[i]).date(lineEnd[i]);
                if (lineObligation[i] > 0) {
                    s.id2("OB", num, lineContract[i], 2, lineObligation[i], 1);
                } else {
                    s.empty();
                }
                s.endRow();
            }
        }
    }

    /**
     * Part {@code p} of {@code cents} split into {@code parts} lines (per-component lines of one recurring charge):
     * equal shares, the leftover cents one each to the first parts, so the parts sum exactly to the amount (of
     * either sign).
     */
    static long linePart(long cents, int parts, int p) {
        long share = cents / parts;
        long left = cents % parts;
        return share + (p < Math.abs(left) ? Long.signum(left) : 0);
    }

    /** Decides how the invoice gets paid (or not), writes its payments and dispute credit, sets its status. */
    private void settle(Invoice inv) throws IOException {
        if (inv.total == 0) {
            inv.status = PAID;
            return;
        }
        if (rng.nextDouble() < seg.dispute * (risk == 2 ? 2 : 1)) {
            int cnDay = inv.day + 3 + rng.nextInt(28);
            long amount = inv.total * (10 + rng.nextInt(41)) / 100;
            if (cnDay <= w.lastDay && amount > 0) {
                creditNote(invoiceCount - 1, cnDay, amount);
            }
        }
        double u = rng.nextDouble();
        double lateP = risk == 0 ? 0.08 : risk == 1 ? 0.2 : 0.45;
        double partialP = (risk == 0 ? 0.02 : risk == 1 ? 0.05 : 0.1) * (seg == Segment.ENTERPRISE ? 1.5 : 1);
        double missingP = risk == 0 ? 0.002 : risk == 1 ? 0.008 : 0.04;
        if (autopay) {
            missingP = risk == 2 ? 0.03 : 0.006;
            partialP = 0;
            lateP = 0.06;
        }
        if (u < missingP) {
            if (!sub.contract) {
                sub.nonPayment = true;
            }
            int writeOff = inv.due + 90;
            if (writeOff <= w.lastDay && inv.paid + inv.credited < inv.total) {
                inv.status = UNCOLLECTIBLE;
                inv.updDay = writeOff;
                touch(writeOff);
            }
            return;
        }
        u -= missingP;
        int payDay;
        if (u < partialP) {
            int first = inv.due - 10 + rng.nextInt(31);
            long amount = Math.max(1, (inv.total - inv.credited) * (30 + rng.nextInt(51)) / 100);
            pay(inv, first, amount);
            if (rng.nextDouble() < 0.65) {
                int second = first + 15 + rng.nextInt(46);
                pay(inv, second, inv.total - inv.credited - amount);
            }
            return;
        }
        u -= partialP;
        if (u < lateP) {
            payDay = autopay ? inv.day + 2 + rng.nextInt(19) : inv.due + 1 + rng.nextInt(75);
        } else if (autopay) {
            payDay = inv.day;
        } else {
            payDay = inv.day + (int) (termsDays * (0.2 + 0.8 * rng.nextDouble()));
        }
        long amount = inv.total - (inv.credited > 0 && inv.updDay <= payDay ? inv.credited : 0);
        pay(inv, payDay, amount);
        if (!autopay && rng.nextDouble() < 0.01) {
            // paid twice: the second payment sits unapplied on the customer's account
            int dup = payDay + 1 + rng.nextInt(10);
            if (dup <= w.lastDay) {
                CsvSink p = out.payments;
                p.id("PAY", num, ++paySeq, 4).code("C", index + 1L, idWidth).empty().date(dup).money(amount).text(ccy.name());
                p.endRow();
                touch(dup);
            }
        }
    }

    private void pay(Invoice inv, int day, long amount) throws IOException {
        if (day > w.lastDay || amount <= 0) {
            return;
        }
        CsvSink p = out.payments;
        p.id("PAY", num, ++paySeq, 4).code("C", index + 1L, idWidth).id("INV", num, inv.seq, 4).date(day).money(amount)
                .text(ccy.name());
        p.endRow();
        inv.paid += amount;
        if (inv.paid + inv.credited >= inv.total) {
            inv.status = PAID;
        }
        inv.updDay = Math.max(inv.updDay, day);
        touch(day);
    }

    private void creditNote(int invoiceIndex, int day, long amount) throws IOException {
        Invoice inv = invoices.get(invoiceIndex);
        amount = Math.min(amount, inv.total - inv.credited);
        if (amount <= 0 || day > w.lastDay || inv.status == VOID || inv.status == UNCOLLECTIBLE) {
            return;
        }
        CsvSink c = out.creditNotes;
        c.id("CN", num, ++creditSeq, 3).id("INV", num, inv.seq, 4).date(day).money(amount).text(ccy.name());
        c.endRow();
        inv.credited += amount;
        if (inv.status == OPEN && inv.paid + inv.credited >= inv.total) {
            inv.status = PAID;
        }
        inv.updDay = Math.max(inv.updDay, day);
        touch(day);
    }

    private void writeInvoices() throws IOException {
        CsvSink s = out.invoices;
        for (int i = 0; i < invoiceCount; i++) {
            Invoice inv = invoices.get(i);
            s.id("INV", num, inv.seq, 4).code("C", index + 1L, idWidth).date(inv.day).date(inv.due).text(ccy.name())
                    .money(inv.subtotal).money(inv.tax).money(inv.total).text(STATUS[inv.status])
                    .timestamp(Math.min(inv.updDay, w.lastDay), inv.updSec);
            s.endRow();
        }
    }

    // =================================================================================================================
    // Opportunities
    // =================================================================================================================

    /**
     * Writes an opportunity; one whose close date is after the window's end is still open. Returns its number, or 0
     * when it was created after the window's end (unknown at extract time).
     */
    private int opportunity(boolean forCustomer, String name, String type, int created, int close, boolean won,
                            long amount) throws IOException {
        if (created > w.lastDay) {
            return 0;
        }
        if (close < created) {
            close = created;
        }
        int n = ++oppSeq;
        boolean closed = close <= w.lastDay;
        String stage;
        int probability;
        if (closed) {
            stage = won ? "Closed Won" : "Closed Lost";
            probability = won ? 100 : 0;
        } else {
            int s = rng.nextInt(4);
            stage = new String[] {"Qualification", "Discovery", "Proposal", "Negotiation"}[s];
            probability = new int[] {10, 20, 50, 75}[s];
        }
        CsvSink o = out.opportunities;
        o.id("OPP", num, n, 3);
        if (forCustomer) {
            o.code("C", index + 1L, idWidth);
        } else {
            o.empty();
        }
        o.text(name).text(type).text(stage).bool(closed).bool(closed && won).money(amount).text(ccy.name())
                .date(created).date(close).integer(probability).text(owner).text(Market.CHANNELS[channel]);
        o.endRow();
        return n;
    }

    // =================================================================================================================
    // Helpers
    // =================================================================================================================

    private void touch(int day) {
        if (day > touchDay && day <= w.lastDay) {
            touchDay = day;
            touchSec = second();
        }
    }

    private int second() {
        return 8 * 3600 + rng.nextInt(11 * 3600);
    }

    /** Geometric count with the given mean (0, 1, 2, …). */
    private int geometric(double mean) {
        double p = 1 / (1 + mean);
        int n = 0;
        while (rng.nextDouble() >= p && n < 100_000) {
            n++;
        }
        return n;
    }

    static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + (stream + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static String pad(long n, int width) {
        String s = Long.toString(n);
        if (s.length() >= width) {
            return s;
        }
        return "0".repeat(width - s.length()) + s;
    }

    private static final char[] BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** Salesforce-looking account id; a bijection of the index, so unique. */
    static String crmAccountId(int index) {
        long x = ((index + 1L) * 0x9E3779B97F4A7C15L) & ((1L << 60) - 1);
        return "001" + encode(x, BASE36, 12);
    }

    /** Stripe-looking customer id; a bijection of the index, so unique. */
    static String billingCustomerId(int index) {
        long x = ((index + 1L) * 0xD1B54A32D192ED03L) & ((1L << 60) - 1);
        return "cus_" + encode(x, BASE62, 11);
    }

    private static String encode(long x, char[] alphabet, int width) {
        char[] c = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            c[i] = alphabet[(int) (x % alphabet.length)];
            x /= alphabet.length;
        }
        return new String(c);
    }
}
