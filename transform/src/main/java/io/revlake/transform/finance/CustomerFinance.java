package io.revlake.transform.finance;

import io.revlake.transform.recurring.FxTable;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything finance computes for one customer, in plain Java: receivables at every snapshot, payment behaviour,
 * revenue schedules and the revenue views. The Spark job runs it once per customer and sums the results.
 */
public final class CustomerFinance {
    private CustomerFinance() {
    }

    public record Input(String customerId, List<Invoice> invoices, List<InvoiceLine> lines, List<Payment> payments,
                        List<CreditNote> creditNotes, List<Contract> contracts, List<Obligation> obligations,
                        Map<String, LocalDate> itemEnds) implements Serializable {
    }

    public record Output(List<Receivables.AgingLine> aging, List<Receivables.Unapplied> unapplied,
                         List<Receivables.MonthFlows> flows, List<Receivables.PaymentDays> paymentDays,
                         List<Billings.Billed> billed, RevenueEngine.Result revenue, RevenueFacts.Facts revenueFacts, List<String> violations) {
    }

    public static Output compute(Input in, LocalDate asOf, FinancePolicy policy, FxTable fx) {
        Receivables receivables = new Receivables(in.invoices(), in.payments(), in.creditNotes(), fx);
        List<Receivables.AgingLine> aging = new ArrayList<>();
        List<Receivables.Unapplied> unapplied = new ArrayList<>();
        List<Receivables.MonthFlows> flows = List.of();
        YearMonth first = receivables.firstMonth();
        if (first != null && !first.isAfter(YearMonth.from(asOf))) {
            List<LocalDate> snapshots = Receivables.snapshots(first, asOf);
            for (LocalDate d : snapshots) {
                aging.addAll(receivables.aging(d, policy.agingBuckets()));
                unapplied.addAll(receivables.unapplied(d));
            }
            flows = receivables.monthFlows(snapshots);
        }
        RevenueEngine.Result revenue = RevenueEngine.run(in.customerId(), in.contracts(), in.obligations(),
                in.invoices(), in.lines(), receivables.appliedCredits(), in.itemEnds());
        RevenueFacts.Facts facts = RevenueFacts.of(revenue, asOf, policy.waterfallRows());
        List<String> violations = new ArrayList<>(revenue.violations());
        violations.addAll(facts.violations());
        return new Output(aging, unapplied, flows, receivables.paymentDays(),
                Billings.billed(in.customerId(), in.invoices(), asOf), revenue, facts, violations);
    }
}
