package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The journal summary against the entries published in the standard's illustrative examples. Amounts are compared
 * as net debits per account and month (credits negative); accounts that net to zero are left out.
 */
class JournalTest {
    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    static LocalDate d(String v) {
        return LocalDate.parse(v);
    }

    static Map<String, BigDecimal> month(List<Journal.Line> lines, String month) {
        Map<String, BigDecimal> net = new TreeMap<>(Journal.netByAccount(lines.stream()
                .filter(l -> l.month().equals(YearMonth.parse(month))).toList()));
        net.values().removeIf(v -> v.signum() == 0);
        net.replaceAll((k, v) -> v.setScale(2));
        return net;
    }

    static List<Journal.Line> journal(CustomerFinance.Input in, String asOf) {
        CustomerFinance.Output out = CustomerFinance.compute(in, d(asOf), FinancePolicy.defaults(), new FxTable("USD"));
        assertThat(out.violations()).isEmpty();
        List<Journal.Line> lines = Journal.entries(out.flows(), out.revenueFacts().deferred());
        assertThat(FinanceChecks.journalBalances(lines)).isEmpty();
        return lines;
    }

    @Test
    void asc_606_example_38_case_b_books_a_receivable_against_a_contract_liability_before_delivery() {
        // ASC 606-10-55-284 to 55-286 (Example 38, Contract Liability and Receivable, Case B — noncancellable):
        // $1,000 due 20X9-01-31, paid 20X9-03-01, product transferred 20X9-03-31. Published entries:
        //   January 31   Receivable 1,000           / Contract liability 1,000
        //   March 1      Cash 1,000                 / Receivable 1,000
        //   March 31     Contract liability 1,000   / Revenue 1,000
        Contract ct = new Contract("CT38", "C38", d("2019-01-01"), d("2019-01-01"), d("2019-04-01"), "USD",
                m("1000.00"));
        Obligation product = new Obligation("OB38", "CT38", "product", RecognitionMethod.POINT_IN_TIME, m("1000"), null,
                null, d("2019-03-31"));
        Invoice inv = new Invoice("INV38", "C38", d("2019-01-31"), d("2019-01-31"), "USD", m("1000.00"), m("1000.00"),
                "paid");
        InvoiceLine line = new InvoiceLine("L38", "INV38", null, "one_time", m("1000.00"), null, null, "OB38");
        List<Journal.Line> lines = journal(new CustomerFinance.Input("C38", List.of(inv), List.of(line),
                List.of(new Payment("P38", "C38", "INV38", d("2019-03-01"), m("1000.00"), "USD")), List.of(),
                List.of(ct), List.of(product), Map.of()), "2019-03-31");
        assertThat(month(lines, "2019-01")).containsExactly(entry(Journal.AR, m("1000.00")),
                entry(Journal.DEFERRED, m("-1000.00")));
        assertThat(month(lines, "2019-02")).isEmpty();
        assertThat(month(lines, "2019-03")).containsExactly(entry(Journal.AR, m("-1000.00")),
                entry(Journal.CASH, m("1000.00")), entry(Journal.DEFERRED, m("1000.00")),
                entry(Journal.REVENUE, m("-1000.00")));
    }

    @Test
    void asc_606_example_39_books_a_contract_asset_until_the_second_product_makes_the_receivable_unconditional() {
        // ASC 606-10-55-287 to 55-290 (Example 39, Contract Asset Recognized for the Entity's Performance): Products A
        // and B for $1,000, payment due only after both are transferred; $400 allocated to A and $600 to B by
        // relative standalone selling price. Published entries:
        //   A transferred   Contract asset 400                  / Revenue 400
        //   B transferred   Receivable 1,000 / Contract asset 400, Revenue 600
        // Here A is delivered 20X8-01-20 and B 20X8-02-20, when the $1,000 invoice is issued.
        Contract ct = new Contract("CT39", "C39", d("2018-01-01"), d("2018-01-01"), d("2018-12-31"), "USD",
                m("1000.00"));
        List<Obligation> obs = List.of(
                new Obligation("OB-A", "CT39", "A", RecognitionMethod.POINT_IN_TIME, m("400"), null, null, d("2018-01-20")),
                new Obligation("OB-B", "CT39", "B", RecognitionMethod.POINT_IN_TIME, m("600"), null, null, d("2018-02-20")));
        Invoice inv = new Invoice("INV39", "C39", d("2018-02-20"), d("2018-03-22"), "USD", m("1000.00"), m("1000.00"),
                "open");
        List<InvoiceLine> lines = List.of(new InvoiceLine("LA", "INV39", null, "one_time", m("400.00"), null, null, "OB-A"),
                new InvoiceLine("LB", "INV39", null, "one_time", m("600.00"), null, null, "OB-B"));
        List<Journal.Line> journal = journal(new CustomerFinance.Input("C39", List.of(inv), lines, List.of(), List.of(),
                List.of(ct), obs, Map.of()), "2018-02-28");
        assertThat(month(journal, "2018-01")).containsExactly(entry(Journal.REVENUE, m("-400.00")),
                entry(Journal.UNBILLED, m("400.00")));
        assertThat(month(journal, "2018-02")).containsExactly(entry(Journal.AR, m("1000.00")),
                entry(Journal.REVENUE, m("-600.00")), entry(Journal.UNBILLED, m("-400.00")));
    }

    @Test
    void cash_received_before_the_invoice_sits_in_unapplied_cash_then_settles_the_receivable() {
        // 500.00 paid 2024-02-20 for an invoice of 2024-03-01 (no tax), recognised at the invoice date.
        //   February  Cash 500 / Unapplied cash 500
        //   March     Receivable 500 / Deferred 500 (billing); Unapplied cash 500 / Receivable 500;
        //             Deferred 500 / Revenue 500
        Invoice inv = new Invoice("INV2", "C2", d("2024-03-01"), d("2024-03-31"), "USD", m("500.00"), m("500.00"), "paid");
        List<Journal.Line> lines = journal(new CustomerFinance.Input("C2", List.of(inv), List.of(),
                List.of(new Payment("P1", "C2", "INV2", d("2024-02-20"), m("500.00"), "USD")), List.of(), List.of(),
                List.of(), Map.of()), "2024-03-31");
        assertThat(month(lines, "2024-02")).containsExactly(entry(Journal.CASH, m("500.00")),
                entry(Journal.UNAPPLIED, m("-500.00")));
        assertThat(month(lines, "2024-03")).containsExactly(entry(Journal.REVENUE, m("-500.00")),
                entry(Journal.UNAPPLIED, m("500.00")));
    }
}
