package io.revlake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A golden test: 5 customers × 4 months (seed 6, from 2024-01), its truth worked out by hand from the items and rates
 * below. If the simulation's story changes, the premises fail first; re-derive the expected rows by hand then.
 *
 * <pre>
 * Items (subscription_items.csv):
 *   C000001 USD business  monthly  2 × 69.00, from 2024-01-21                     → 138.00 a month
 *   C000002 GBP starter   monthly  1 × 12.00, from 2024-02-21, trial to 2024-03-06 → 0 at Feb 29, 12.00 from March
 *   C000003 GBP starter   monthly  6 × 12.00, from 2024-03-15                     → 72.00
 *   C000004 EUR starter   monthly  2 × 14.00, from 2024-04-04                     → 28.00
 *   C000005 USD enterprise annual  platform 1 × 14,999.00 and 248 seats × 449.00, both 7.5 % off, from 2024-04-22
 *           (13,874.075 + 103,000.6) / 12 = 1,156.172916666667 + 8,583.383333333333 = 9,739.55625 → 9,739.56 (half up)
 * Rates (fx_rates.csv, month ends): base month 2024-01 (C000001 pays at its end): EUR 1.078666, GBP 1.273136;
 *   2024-03-31 GBP 1.267185; 2024-04-30 EUR 1.097753, GBP 1.296787.
 *   C000002 March: 12 × 1.267185 = 15.20622 → 15.21; constant 12 × 1.273136 = 15.277632 → 15.28; fx −0.07
 *           April: 12 × 1.296787 = 15.561444 → 15.56; fx (15.56 − 15.21) − 0 = 0.35
 *   C000003 March: 72 × 1.267185 = 91.23732 → 91.24; constant 91.665792 → 91.67; fx −0.43
 *           April: 72 × 1.296787 = 93.368664 → 93.37; fx 2.13
 *   C000004 April: 28 × 1.097753 = 30.737084 → 30.74; constant 28 × 1.078666 = 30.202648 → 30.20; fx 0.54
 * Summary: March 138.00 + 15.21 + 91.24 = 244.45 = 138.00 + new (15.28 + 91.67) + fx (−0.07 − 0.43);
 *          April 138.00 + 15.56 + 93.37 + 30.74 + 9,739.56 = 10,017.23 = 244.45 + new 9,769.76 + fx 3.02.
 * </pre>
 */
class TinyCompanyTruthTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() throws IOException {
        SampleCompanyGenerator.generate(new GeneratorConfig(5, 4, 6, YearMonth.of(2024, 1)), dir);
    }

    @Test
    void the_premises_of_the_hand_worked_example_hold() throws IOException {
        assertThat(Files.readAllLines(dir.resolve("subscription_items.csv"))).extracting(l -> l.substring(0, l.lastIndexOf(',')))
                .containsExactly(
                        "item_id,subscription_id,customer_id,product_id,plan_id,start_date,end_date,billing_interval,interval_count,quantity,unit_amount,discount_pct,discount_amount,discount_end,currency,trial_end,seat_based",
                        "SI000001-001,S000001-01,C000001,prod_business,business_monthly_usd,2024-01-21,,month,1,2,69.00,,,,USD,,true",
                        "SI000002-001,S000002-01,C000002,prod_starter,starter_monthly_gbp,2024-02-21,,month,1,1,12.00,,,,GBP,2024-03-06,true",
                        "SI000003-001,S000003-01,C000003,prod_starter,starter_monthly_gbp,2024-03-15,,month,1,6,12.00,,,,GBP,,true",
                        "SI000004-001,S000004-01,C000004,prod_starter,starter_monthly_eur,2024-04-04,,month,1,2,14.00,,,,EUR,,true",
                        "SI000005-001,S000005-01,C000005,prod_enterprise_platform,enterprise_platform_annual_usd,2024-04-22,,year,1,1,14999.00,7.5,,,USD,,false",
                        "SI000005-002,S000005-01,C000005,prod_enterprise_seat,enterprise_seat_annual_usd,2024-04-22,,year,1,248,449.00,7.5,,,USD,,true");
        assertThat(Files.readAllLines(dir.resolve("fx_rates.csv"))).contains("2024-01-31,EUR,1.078666",
                "2024-01-31,GBP,1.273136", "2024-03-31,GBP,1.267185", "2024-04-30,EUR,1.097753", "2024-04-30,GBP,1.296787");
    }

    @Test
    void customer_month_mrr_is_as_worked_by_hand() throws IOException {
        assertThat(Files.readAllLines(dir.resolve("truth/mrr_customer_month.csv"))).containsExactly(
                "month,customer_id,currency,mrr_source_currency,mrr,mrr_constant_currency",
                "2024-01,C000001,USD,138.00,138.00,138.00",
                "2024-02,C000001,USD,138.00,138.00,138.00",
                "2024-03,C000001,USD,138.00,138.00,138.00",
                "2024-04,C000001,USD,138.00,138.00,138.00",
                "2024-03,C000002,GBP,12.00,15.21,15.28",
                "2024-04,C000002,GBP,12.00,15.56,15.28",
                "2024-03,C000003,GBP,72.00,91.24,91.67",
                "2024-04,C000003,GBP,72.00,93.37,91.67",
                "2024-04,C000004,EUR,28.00,30.74,30.20",
                "2024-04,C000005,USD,9739.56,9739.56,9739.56");
    }

    @Test
    void movements_are_as_worked_by_hand() throws IOException {
        assertThat(Files.readAllLines(dir.resolve("truth/mrr_movements.csv"))).containsExactly(
                "month,customer_id,movement,amount",
                "2024-01,C000001,new,138.00",
                "2024-03,C000002,new,15.28",
                "2024-03,C000002,fx,-0.07",
                "2024-04,C000002,fx,0.35",
                "2024-03,C000003,new,91.67",
                "2024-03,C000003,fx,-0.43",
                "2024-04,C000003,fx,2.13",
                "2024-04,C000004,new,30.20",
                "2024-04,C000004,fx,0.54",
                "2024-04,C000005,new,9739.56");
    }

    @Test
    void the_summary_is_as_worked_by_hand() throws IOException {
        assertThat(Files.readAllLines(dir.resolve("truth/summary.csv"))).isEqualTo(List.of(
                "month,mrr,paying_customers,new,reactivation,expansion,contraction,churn,fx",
                "2024-01,138.00,1,138.00,0.00,0.00,0.00,0.00,0.00",
                "2024-02,138.00,1,0.00,0.00,0.00,0.00,0.00,0.00",
                "2024-03,244.45,3,106.95,0.00,0.00,0.00,0.00,-0.50",
                "2024-04,10017.23,5,9769.76,0.00,0.00,0.00,0.00,3.02"));
    }

    @Test
    void a_company_where_nobody_pays_yet_has_an_empty_truth_and_a_zero_summary(@TempDir Path empty) throws IOException {
        // one customer, signed up 2024-02-18 on a trial ending 2024-03-03, after the one-month window
        GenerationReport r = SampleCompanyGenerator.generate(new GeneratorConfig(1, 1, 1, YearMonth.of(2024, 2)), empty);
        assertThat(Files.readAllLines(empty.resolve("subscription_items.csv")).get(1)).contains(",2024-02-18,", ",2024-03-03,");
        assertThat(Files.readAllLines(empty.resolve("truth/mrr_customer_month.csv"))).hasSize(1);
        assertThat(Files.readAllLines(empty.resolve("truth/mrr_movements.csv"))).hasSize(1);
        assertThat(Files.readAllLines(empty.resolve("truth/summary.csv")))
                .containsExactly("month,mrr,paying_customers,new,reactivation,expansion,contraction,churn,fx",
                        "2024-02,0.00,0,0.00,0.00,0.00,0.00,0.00,0.00");
        assertThat(r.rowCounts()).containsEntry("invoices.csv", 0L).containsEntry("customers.csv", 1L);
    }
}
