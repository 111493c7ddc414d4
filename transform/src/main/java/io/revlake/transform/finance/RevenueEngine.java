package io.revlake.transform.finance;

import io.revlake.transform.finance.RecognitionSchedule.EventKind;
import io.revlake.transform.finance.RecognitionSchedule.PriceEvent;
import io.revlake.transform.finance.RecognitionSchedule.Terms;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Performance obligations, their revenue schedules and the billings of one customer's contracts and invoices
 * (docs/finance.md "Revenue recognition").
 *
 * <p>Two kinds of contract ("unit", the level at which deferred revenue and unbilled receivables are netted):
 * <ul>
 *   <li>a <b>contract</b> (contracts.csv): its obligations (obligations.csv; a contract without any is one ratable
 *       obligation over its term) share its transaction price by {@link SspAllocator}; invoice lines bill it when
 *       they name one of its obligations, or, for lines naming none, when they fall inside its term.</li>
 *   <li>an <b>invoice</b> of a customer's lines that no contract covers: every line is an obligation priced at its
 *       amount; subscription and services lines with a service period are ratable over it, other lines
 *       (one-time, usage, undated) are recognised at the invoice date. A negative line without a service period
 *       (a discount), and any difference between the subtotal and the lines, is spread over the invoice's positive
 *       lines in proportion to their amounts.</li>
 * </ul>
 * Credit notes (tax excluded) are split over the units an invoice billed in proportion to what it billed each, then
 * over the obligations behind it in proportion to what each still had to recognise from the credit's month, and
 * reduce their price prospectively ({@link RecognitionSchedule}). A line whose subscription item ended inside its
 * service period is cancelled at the item's end date.
 */
public final class RevenueEngine {
    public static final String CONTRACT = "contract";
    public static final String INVOICE = "invoice";

    private RevenueEngine() {
    }

    /** A contract or a contract-like invoice. */
    public record Unit(String source, String unitId, String customerId, String currency, LocalDate bookedDate,
                       LocalDate signedDate) {
        public String key() {
            return source + ":" + unitId;
        }
    }

    /** A billing (+, tax excluded) or credit note (−, tax excluded) of a unit. */
    public record BillingEvent(String unitKey, String currency, String invoiceId, LocalDate invoiceDate, LocalDate date,
                               BigDecimal amount) {
    }

    /**
     * An obligation with its final schedule.
     *
     * @param inceptionPrice allocated (or line) price before credits; for usage the allocated estimate
     * @param price          what the schedule sums to: inception price − credits, for usage billed − credits
     */
    public record ObligationSchedule(String source, String obligationId, String unitKey, String unitId,
                                     String customerId, String method, String currency, Terms terms,
                                     List<PriceEvent> events, BigDecimal inceptionPrice, BigDecimal price,
                                     SspAllocator.Allocation allocation, TreeMap<YearMonth, BigDecimal> cells) {
        public boolean isUsage() {
            return terms.method() == RecognitionMethod.USAGE;
        }

        /** Price known at a date: inception price less the credits (and for usage plus the billings) dated by then. */
        public BigDecimal priceAt(LocalDate date) {
            return RecognitionSchedule.total(terms, events.stream().filter(e -> !e.date().isAfter(date)).toList());
        }
    }

    public record Result(List<Unit> units, List<ObligationSchedule> obligations, List<BillingEvent> billings,
                         List<String> violations) {
    }

    /** Mutable state of an obligation while credits are applied. */
    private static final class Ob {
        final String source;
        final String id;
        final Unit unit;
        final String method;
        final Terms terms;
        final SspAllocator.Allocation allocation;
        final List<PriceEvent> events = new ArrayList<>();

        Ob(String source, String id, Unit unit, String method, Terms terms, SspAllocator.Allocation allocation) {
            this.source = source;
            this.id = id;
            this.unit = unit;
            this.method = method;
            this.terms = terms;
            this.allocation = allocation;
        }

        boolean isUsage() {
            return terms.method() == RecognitionMethod.USAGE;
        }

        BigDecimal remainingFrom(YearMonth month) {
            BigDecimal s = BigDecimal.ZERO;
            for (var e : RecognitionSchedule.schedule(terms, events).tailMap(month, true).entrySet()) {
                s = s.add(e.getValue());
            }
            return s;
        }

        BigDecimal currentPrice() {
            return RecognitionSchedule.total(terms, events);
        }
    }

    public static Result run(String customerId, List<Contract> contracts, List<Obligation> obligations,
                             List<Invoice> invoices, List<InvoiceLine> lines, List<Receivables.AppliedCredit> credits,
                             Map<String, LocalDate> itemEnds) {
        List<String> violations = new ArrayList<>();
        Map<String, Unit> units = new LinkedHashMap<>();
        Map<String, List<Ob>> obsByUnit = new LinkedHashMap<>();
        Map<String, Ob> contractObs = new HashMap<>();
        List<BillingEvent> billings = new ArrayList<>();

        List<Invoice> live = invoices.stream().filter(i -> !i.isVoid())
                .sorted(Comparator.comparing(Invoice::invoiceDate).thenComparing(Invoice::invoiceId)).toList();
        Map<String, Invoice> invoiceById = new HashMap<>();
        live.forEach(i -> invoiceById.put(i.invoiceId(), i));
        Map<String, List<InvoiceLine>> linesByInvoice = lines.stream().filter(l -> invoiceById.containsKey(l.invoiceId()))
                .sorted(Comparator.comparing(InvoiceLine::lineId))
                .collect(Collectors.groupingBy(InvoiceLine::invoiceId, LinkedHashMap::new, Collectors.toList()));

        // ---- contracts: allocation of the transaction price ----
        List<Contract> sortedContracts = contracts.stream()
                .sorted(Comparator.comparing(Contract::signed).thenComparing(Contract::contractId)).toList();
        Map<String, Contract> contractOfObligation = new HashMap<>();
        Map<String, List<Obligation>> obligationsByContract = obligations.stream()
                .sorted(Comparator.comparing(Obligation::obligationId))
                .collect(Collectors.groupingBy(Obligation::contractId, LinkedHashMap::new, Collectors.toList()));
        for (Contract c : sortedContracts) {
            for (Obligation o : obligationsByContract.getOrDefault(c.contractId(), List.of())) {
                contractOfObligation.put(o.obligationId(), c);
            }
        }
        Map<String, BigDecimal> billedPerObligation = new HashMap<>();
        for (Invoice inv : live) {
            for (InvoiceLine l : linesByInvoice.getOrDefault(inv.invoiceId(), List.of())) {
                Contract c = l.obligationId() == null ? null : contractOfObligation.get(l.obligationId());
                if (c != null && c.currency().equals(inv.currency())) {
                    billedPerObligation.merge(l.obligationId(), l.amount(), BigDecimal::add);
                }
            }
        }
        for (Contract c : sortedContracts) {
            Unit unit = new Unit(CONTRACT, c.contractId(), customerId, c.currency(), c.signed(), c.signed());
            units.put(unit.key(), unit);
            List<Obligation> obs = obligationsByContract.get(c.contractId());
            if (obs == null || obs.isEmpty()) {
                obs = List.of(new Obligation(c.contractId() + "#term", c.contractId(), null, RecognitionMethod.RATABLE,
                        c.transactionPrice(), c.start(), c.end(), null));
            }
            List<SspAllocator.Candidate> candidates = obs.stream().map(o -> new SspAllocator.Candidate(o.obligationId(),
                    o.method(), o.ssp(), billedPerObligation.get(o.obligationId()))).toList();
            List<SspAllocator.Allocation> allocations = SspAllocator.allocate(c.transactionPrice(), candidates);
            BigDecimal sum = allocations.stream().map(SspAllocator.Allocation::allocated).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            if (sum.compareTo(c.transactionPrice()) != 0) {
                violations.add("contract " + c.contractId() + ": allocations sum to " + sum.toPlainString()
                        + " but its transaction price is " + c.transactionPrice().toPlainString());
            }
            List<Ob> list = new ArrayList<>();
            for (int i = 0; i < obs.size(); i++) {
                Obligation o = obs.get(i);
                SspAllocator.Allocation a = allocations.get(i);
                Ob ob = new Ob(CONTRACT, o.obligationId(), unit, o.method().id(), contractTerms(o, c, a.allocated()), a);
                list.add(ob);
                contractObs.put(o.obligationId(), ob);
            }
            obsByUnit.put(unit.key(), list);
        }

        // ---- invoices: which unit each line bills; invoice-derived obligations ----
        Map<String, Map<String, BigDecimal>> billedByInvoiceUnit = new HashMap<>();
        Map<String, Map<String, Set<Ob>>> linkedByInvoiceUnit = new HashMap<>();
        for (Invoice inv : live) {
            List<InvoiceLine> ls = new ArrayList<>(linesByInvoice.getOrDefault(inv.invoiceId(), List.of()));
            BigDecimal linesTotal = ls.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal adjustment = inv.subtotal().subtract(linesTotal);
            Map<String, BigDecimal> billed = new LinkedHashMap<>();
            Map<String, Set<Ob>> linked = new LinkedHashMap<>();
            List<InvoiceLine> own = new ArrayList<>();
            String firstUnit = null;
            for (InvoiceLine l : ls) {
                String target;
                Ob ob = l.obligationId() == null ? null : contractObs.get(l.obligationId());
                if (ob != null && ob.unit.currency().equals(inv.currency())) {
                    target = ob.unit.key();
                    linked.computeIfAbsent(target, k -> new LinkedHashSet<>()).add(ob);
                    if (ob.isUsage()) {
                        ob.events.add(new PriceEvent(inv.invoiceDate(), EventKind.BILLING, l.amount()));
                    }
                } else {
                    Contract covering = covering(sortedContracts, inv, l);
                    target = covering == null ? null : CONTRACT + ":" + covering.contractId();
                }
                if (target == null) {
                    own.add(l);
                    target = INVOICE + ":" + inv.invoiceId();
                }
                billed.merge(target, l.amount(), BigDecimal::add);
                if (firstUnit == null) {
                    firstUnit = target;
                }
            }
            if (adjustment.signum() != 0 && ls.isEmpty()) {
                // an invoice without lines: the contract whose term holds the invoice date bills it, if any
                Contract covering = covering(sortedContracts, inv, new InvoiceLine(inv.invoiceId() + "#adjustment",
                        inv.invoiceId(), null, "one_time", adjustment, null, null, null));
                firstUnit = covering == null ? null : CONTRACT + ":" + covering.contractId();
            }
            if (adjustment.signum() != 0) {
                boolean toInvoice = firstUnit == null || !own.isEmpty();
                if (toInvoice) {
                    own.add(new InvoiceLine(inv.invoiceId() + "#adjustment", inv.invoiceId(), null, "one_time",
                            adjustment, null, null, null));
                    billed.merge(INVOICE + ":" + inv.invoiceId(), adjustment, BigDecimal::add);
                } else {
                    billed.merge(firstUnit, adjustment, BigDecimal::add);
                }
            }
            if (!own.isEmpty()) {
                Unit unit = new Unit(INVOICE, inv.invoiceId(), customerId, inv.currency(), inv.invoiceDate(), null);
                units.put(unit.key(), unit);
                obsByUnit.put(unit.key(), invoiceObligations(unit, inv, own, itemEnds));
            }
            billed.forEach((unitKey, amount) -> billings.add(new BillingEvent(unitKey, inv.currency(), inv.invoiceId(),
                    inv.invoiceDate(), inv.invoiceDate(), amount)));
            billedByInvoiceUnit.put(inv.invoiceId(), billed);
            linkedByInvoiceUnit.put(inv.invoiceId(), linked);
        }

        // ---- credit notes: split over units, then obligations, applied prospectively ----
        List<Receivables.AppliedCredit> sortedCredits = credits.stream()
                .filter(c -> invoiceById.containsKey(c.invoiceId()) && c.exTax().signum() != 0)
                .sorted(Comparator.comparing(Receivables.AppliedCredit::date)
                        .thenComparing(Receivables.AppliedCredit::creditNoteId)).toList();
        for (Receivables.AppliedCredit cr : sortedCredits) {
            Invoice inv = invoiceById.get(cr.invoiceId());
            Map<String, BigDecimal> billed = billedByInvoiceUnit.getOrDefault(inv.invoiceId(), Map.of());
            if (billed.isEmpty()) {
                continue;
            }
            List<String> unitKeys = new ArrayList<>(billed.keySet());
            List<BigDecimal> shares = split(cr.exTax(), unitKeys.stream().map(billed::get).toList());
            for (int k = 0; k < unitKeys.size(); k++) {
                BigDecimal share = shares.get(k);
                if (share.signum() == 0) {
                    continue;
                }
                String unitKey = unitKeys.get(k);
                billings.add(new BillingEvent(unitKey, inv.currency(), inv.invoiceId(), inv.invoiceDate(), cr.date(),
                        share.negate()));
                List<Ob> targets = targets(unitKey, obsByUnit.get(unitKey),
                        linkedByInvoiceUnit.get(inv.invoiceId()).get(unitKey));
                YearMonth month = YearMonth.from(cr.date());
                List<BigDecimal> weights = targets.stream().map(o -> o.remainingFrom(month)).toList();
                if (!usable(weights)) {
                    weights = targets.stream().map(Ob::currentPrice).toList();
                }
                if (!usable(weights)) {
                    weights = targets.stream().map(o -> BigDecimal.ONE).toList();
                }
                List<BigDecimal> parts = Cents.apportion(share, weights);
                for (int t = 0; t < targets.size(); t++) {
                    if (parts.get(t).signum() != 0) {
                        targets.get(t).events.add(new PriceEvent(cr.date(), EventKind.CREDIT, parts.get(t)));
                    }
                }
            }
        }

        // ---- final schedules ----
        List<ObligationSchedule> schedules = new ArrayList<>();
        for (List<Ob> list : obsByUnit.values()) {
            for (Ob o : list) {
                TreeMap<YearMonth, BigDecimal> cells = RecognitionSchedule.schedule(o.terms, o.events);
                BigDecimal price = RecognitionSchedule.total(o.terms, o.events);
                BigDecimal sum = cells.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                if (sum.compareTo(price) != 0) {
                    violations.add("obligation " + o.id + " (" + o.unit.source() + " " + o.unit.unitId()
                            + "): schedule sums to " + sum.toPlainString() + " but its allocated price less credits is "
                            + price.toPlainString());
                }
                BigDecimal inception = o.allocation != null ? o.allocation.allocated() : o.terms.price();
                schedules.add(new ObligationSchedule(o.source, o.id, o.unit.key(), o.unit.unitId(), customerId, o.method,
                        o.unit.currency(), o.terms, List.copyOf(o.events), inception, price, o.allocation, cells));
            }
        }
        return new Result(List.copyOf(units.values()), schedules, billings, violations);
    }

    static Terms contractTerms(Obligation o, Contract c, BigDecimal allocated) {
        return switch (o.method()) {
            case USAGE -> Terms.usage();
            case RATABLE -> {
                LocalDate s = o.start() != null ? o.start() : c.start();
                LocalDate e = o.end() != null ? o.end() : c.end();
                yield e.isAfter(s) ? Terms.ratable(allocated, s, e) : Terms.pointInTime(allocated, s);
            }
            case POINT_IN_TIME -> Terms.pointInTime(allocated,
                    o.delivery() != null ? o.delivery() : o.start() != null ? o.start() : c.start());
        };
    }

    /** The contract of the same currency whose term holds the line's service start (or the invoice date). */
    private static Contract covering(List<Contract> contracts, Invoice inv, InvoiceLine l) {
        LocalDate ref = l.serviceStart() != null ? l.serviceStart() : inv.invoiceDate();
        Contract best = null;
        for (Contract c : contracts) {
            if (c.currency().equals(inv.currency()) && c.isActiveOn(ref)
                    && (best == null || c.start().isAfter(best.start()))) {
                best = c;
            }
        }
        return best;
    }

    private static List<Ob> invoiceObligations(Unit unit, Invoice inv, List<InvoiceLine> own,
                                               Map<String, LocalDate> itemEnds) {
        List<InvoiceLine> discounts = new ArrayList<>();
        List<InvoiceLine> priced = new ArrayList<>();
        for (InvoiceLine l : own) {
            (l.amount().signum() < 0 && !l.hasServicePeriod() ? discounts : priced).add(l);
        }
        List<InvoiceLine> positive = priced.stream().filter(l -> l.amount().signum() > 0).toList();
        Map<String, BigDecimal> price = new HashMap<>();
        priced.forEach(l -> price.put(l.lineId(), l.amount()));
        if (!discounts.isEmpty() && !positive.isEmpty()) {
            BigDecimal discount = discounts.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<BigDecimal> parts = Cents.apportion(discount, positive.stream().map(InvoiceLine::amount).toList());
            for (int i = 0; i < positive.size(); i++) {
                price.merge(positive.get(i).lineId(), parts.get(i), BigDecimal::add);
            }
        } else {
            priced.addAll(discounts);
            discounts.forEach(l -> price.put(l.lineId(), l.amount()));
        }
        List<Ob> out = new ArrayList<>();
        for (InvoiceLine l : priced) {
            BigDecimal p = price.get(l.lineId());
            boolean ratable = ("subscription".equals(l.lineType()) || "services".equals(l.lineType()))
                    && l.hasServicePeriod();
            Terms terms = ratable ? Terms.ratable(p, l.serviceStart(), l.serviceEnd())
                    : Terms.pointInTime(p, inv.invoiceDate());
            String method = ratable ? RecognitionMethod.RATABLE.id()
                    : "usage".equals(l.lineType()) ? RecognitionMethod.USAGE.id() : RecognitionMethod.POINT_IN_TIME.id();
            Ob ob = new Ob(INVOICE, l.lineId(), unit, method, terms, null);
            LocalDate end = l.itemId() == null ? null : itemEnds.get(l.itemId());
            if (ratable && end != null && end.isAfter(l.serviceStart()) && end.isBefore(l.serviceEnd())) {
                ob.events.add(new PriceEvent(end, EventKind.CANCEL, BigDecimal.ZERO));
            }
            out.add(ob);
        }
        return out;
    }

    /** Obligations a credit on a unit reduces: the invoice's linked ones, else the unit's (fixed-price first). */
    private static List<Ob> targets(String unitKey, List<Ob> unitObs, Set<Ob> linked) {
        if (linked != null && !linked.isEmpty()) {
            return List.copyOf(linked);
        }
        if (unitKey.startsWith(INVOICE)) {
            return unitObs;
        }
        List<Ob> fixed = unitObs.stream().filter(o -> !o.isUsage()).toList();
        return fixed.isEmpty() ? unitObs : fixed;
    }

    /** Apportions by weights of one sign; otherwise everything to the largest one. */
    static List<BigDecimal> split(BigDecimal amount, List<BigDecimal> weights) {
        if (usable(weights) || allNonPositive(weights)) {
            return Cents.apportion(amount, weights);
        }
        int best = 0;
        for (int i = 1; i < weights.size(); i++) {
            if (weights.get(i).abs().compareTo(weights.get(best).abs()) > 0) {
                best = i;
            }
        }
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            out.add(i == best ? amount : BigDecimal.ZERO);
        }
        return out;
    }

    private static boolean usable(List<BigDecimal> weights) {
        return weights.stream().allMatch(w -> w.signum() >= 0) && weights.stream().anyMatch(w -> w.signum() > 0);
    }

    private static boolean allNonPositive(List<BigDecimal> weights) {
        return weights.stream().allMatch(w -> w.signum() <= 0) && weights.stream().anyMatch(w -> w.signum() < 0);
    }
}
