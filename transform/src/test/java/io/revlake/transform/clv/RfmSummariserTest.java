package io.revlake.transform.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** The FHL 2005 conventions for turning a transaction log into (x, t_x, T, z̄), worked by hand. */
class RfmSummariserTest {
    static RfmSummariser.Transaction tx(String id, String date, double amount) {
        return new RfmSummariser.Transaction(id, LocalDate.parse(date), amount);
    }

    @Test
    void same_day_purchases_are_one_transaction_and_the_first_is_not_a_repeat() {
        SortedMap<String, RfmObservation> s = RfmSummariser.summarise(List.of(
                tx("a", "1997-01-01", 10), tx("a", "1997-01-01", 5),   // first day: 15, not a repeat
                tx("a", "1997-01-15", 20), tx("a", "1997-01-15", 10),  // repeat 1: 30 on day 14
                tx("a", "1997-02-12", 12),                             // repeat 2: 12 on day 42
                tx("a", "1997-10-01", 99),                             // after the calibration end: ignored
                tx("b", "1997-03-01", 40),                             // one purchase only
                tx("c", "1997-10-02", 40)),                            // first purchase after the end: left out
                LocalDate.of(1997, 9, 30), 7.0);
        assertThat(s).containsOnlyKeys("a", "b");
        RfmObservation a = s.get("a");
        assertThat(a.frequency()).isEqualTo(2);
        assertThat(a.recency()).isCloseTo(42 / 7.0, within(1e-12));
        assertThat(a.age()).isCloseTo(272 / 7.0, within(1e-12)); // 1997-01-01 → 1997-09-30 = 272 days = 38.86 weeks
        assertThat(a.monetaryValue()).isCloseTo((30 + 12) / 2.0, within(1e-12));
        RfmObservation b = s.get("b");
        assertThat(b.frequency()).isZero();
        assertThat(b.recency()).isZero();
        assertThat(b.monetaryValue()).isZero();
        assertThat(b.age()).isCloseTo(213 / 7.0, within(1e-12));
    }
}
