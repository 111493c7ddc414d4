package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The arithmetic that turns a previous run's sums into this run's: exact, and a group emptied is a group gone. */
class MrrSumsTest {
    private static final YearMonth JAN = YearMonth.of(2024, 1);
    private static final YearMonth FEB = YearMonth.of(2024, 2);

    /** dimension, value, month, kind, movement, facts, mrr, mrr_cc, seats, amount, base, gross */
    private static Row mrr(String dim, String value, YearMonth m, long n, String mrr, String seats) {
        return RowFactory.create(dim, value, m.toString(), "mrr", null, n, new BigDecimal(mrr), new BigDecimal(mrr),
                new BigDecimal(seats), null, null, null);
    }

    private static Row move(String dim, String value, YearMonth m, String movement, long n, String amount) {
        return RowFactory.create(dim, value, m.toString(), "movement", movement, n, null, null, null,
                new BigDecimal(amount), null, null);
    }

    private static Row retention(YearMonth m, long n, String base, String now, String gross) {
        return RowFactory.create("all", "all", m.toString(), "retention12", null, n, null, null, null,
                new BigDecimal(now), new BigDecimal(base), new BigDecimal(gross));
    }

    @Test
    void taking_out_a_customers_old_share_and_adding_its_new_one_gives_the_sums_of_the_new_facts() {
        // Stored: customers A (100.00, 2 seats) and B (50.50, 1 seat) paying in January; A new in January.
        MrrSums stored = new MrrSums(List.of(mrr("all", "all", JAN, 2, "150.50", "3.000000"),
                move("all", "all", JAN, "new", 1, "100.00")), List.of());
        // A's old share, and its new one: it now started in February at 120.00.
        MrrSums oldA = new MrrSums(List.of(mrr("all", "all", JAN, 1, "100.00", "2.000000"),
                move("all", "all", JAN, "new", 1, "100.00")), List.of());
        MrrSums newA = new MrrSums(List.of(mrr("all", "all", FEB, 1, "120.00", "2.000000"),
                move("all", "all", FEB, "new", 1, "120.00")), List.of());

        MrrSums adjusted = stored.minus(oldA).plus(newA);

        assertThat(adjusted.month()).hasSize(3);  // January's movement row is gone, not a zero
        Map<List<String>, List<MonthTotals>> totals = adjusted.monthTotals();
        List<MonthTotals> company = totals.get(MrrSums.COMPANY);
        assertThat(company).extracting(MonthTotals::month).containsExactly(JAN, FEB);
        MonthTotals jan = company.get(0);
        assertThat(jan.mrr()).isEqualByComparingTo("50.50");
        assertThat(jan.mrr().scale()).isEqualTo(2);
        assertThat(jan.payingCustomers()).isEqualTo(1);
        assertThat(jan.seats()).isEqualTo(new BigDecimal("1.000000"));
        assertThat(jan.newCustomers()).isZero();
        assertThat(jan.movement(Movement.NEW)).isEqualTo(new BigDecimal("0.00"));
        MonthTotals feb = company.get(1);
        assertThat(feb.mrr()).isEqualTo(new BigDecimal("120.00"));
        assertThat(feb.newCustomers()).isEqualTo(1);
        assertThat(feb.movement(Movement.NEW)).isEqualTo(new BigDecimal("120.00"));
    }

    @Test
    void a_group_whose_last_customer_leaves_disappears_and_a_zero_sum_with_facts_stays() {
        MrrSums stored = new MrrSums(List.of(mrr("segment", "smb", JAN, 1, "10.00", "0.000000"),
                mrr("segment", "enterprise", JAN, 2, "30.00", "0.000000"),
                move("segment", "enterprise", JAN, "expansion", 2, "0.00")), List.of());
        MrrSums leaving = new MrrSums(List.of(mrr("segment", "smb", JAN, 1, "10.00", "0.000000")), List.of());

        MrrSums adjusted = stored.minus(leaving);

        assertThat(adjusted.monthTotals()).containsOnlyKeys(List.of("segment", "enterprise"));
        assertThat(adjusted.monthTotals().get(List.of("segment", "enterprise")).get(0).movement(Movement.EXPANSION))
                .isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void retention_and_cohort_sums_add_up_by_their_keys() {
        MrrSums a = new MrrSums(List.of(retention(FEB, 2, "200.00", "150.00", "140.00")),
                List.of(RowFactory.create("segment", "2023-02", "smb", 12L, 2L, new BigDecimal("150.00")),
                        RowFactory.create("channel", "2023-02", null, 12L, 2L, new BigDecimal("150.00"))));
        MrrSums b = new MrrSums(List.of(retention(FEB, 1, "50.00", "80.00", "50.00")),
                List.of(RowFactory.create("segment", "2023-02", "smb", 12L, 1L, new BigDecimal("80.00")),
                        RowFactory.create("channel", "2023-02", null, 12L, 1L, new BigDecimal("80.00"))));

        MrrSums sum = a.plus(b);

        Row r = sum.month().get(0);
        assertThat(r.getLong(5)).isEqualTo(3);
        assertThat(r.getDecimal(9)).isEqualTo(new BigDecimal("230.00"));
        assertThat(r.getDecimal(10)).isEqualTo(new BigDecimal("250.00"));
        assertThat(r.getDecimal(11)).isEqualTo(new BigDecimal("190.00"));
        assertThat(sum.cohortCells("segment")).containsExactly(new CohortCalculator.Cell(YearMonth.of(2023, 2), "smb",
                12, 3, new BigDecimal("230.00")));
        // A customer without a channel is its own cell (null), as the full run's grouping makes it.
        assertThat(sum.cohortCells("channel")).containsExactly(new CohortCalculator.Cell(YearMonth.of(2023, 2), null,
                12, 3, new BigDecimal("230.00")));
        assertThat(sum.minus(b).minus(a).month()).isEmpty();
        assertThat(sum.minus(b).minus(a).cohort()).isEmpty();
    }
}
