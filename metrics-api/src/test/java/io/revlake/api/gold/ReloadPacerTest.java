package io.revlake.api.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a background reload gives way: sleeps in proportion to the work since the last sleep, never for idle time. */
class ReloadPacerTest {

    @Test
    void after_a_quantum_of_work_it_sleeps_share_times_as_long() {
        ReloadPacer pacer = new ReloadPacer(1);
        pacer.begin();
        busy(25);
        long before = System.nanoTime();
        pacer.afterBatch();
        long slept = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertThat(pacer.sleptMillis()).isBetween(25L, 1_000L);
        assertThat(slept).isGreaterThanOrEqualTo(25);
    }

    @Test
    void less_than_a_quantum_of_work_is_not_a_reason_to_sleep() {
        ReloadPacer pacer = new ReloadPacer(1);
        pacer.begin();
        pacer.afterBatch();
        assertThat(pacer.sleptMillis()).isZero();
    }

    @Test
    void time_before_begin_is_not_counted_as_work() throws InterruptedException {
        ReloadPacer pacer = new ReloadPacer(1);
        Thread.sleep(60); // the hours between two reloads, in small
        pacer.begin();
        pacer.afterBatch();
        assertThat(pacer.sleptMillis()).isZero();
    }

    @Test
    void a_share_of_zero_never_sleeps() {
        ReloadPacer pacer = new ReloadPacer(0);
        pacer.begin();
        busy(25);
        pacer.afterBatch();
        assertThat(pacer.sleptMillis()).isZero();
    }

    @Test
    void the_share_comes_from_a_system_property_and_a_bad_one_is_refused_with_its_name() {
        String old = System.getProperty(ReloadPacer.PROPERTY);
        try {
            System.setProperty(ReloadPacer.PROPERTY, "-1");
            assertThatThrownBy(ReloadPacer::fromSystemProperty).hasMessage("revlake.reload.pace must be between 0 and 100,"
                    + " got -1.0");
            System.setProperty(ReloadPacer.PROPERTY, "half");
            assertThatThrownBy(ReloadPacer::fromSystemProperty).hasMessage("revlake.reload.pace must be a number between"
                    + " 0 and 100, got half");
            System.setProperty(ReloadPacer.PROPERTY, "0");
            ReloadPacer off = ReloadPacer.fromSystemProperty();
            off.begin();
            busy(25);
            off.afterBatch();
            assertThat(off.sleptMillis()).isZero();
        } finally {
            if (old == null) {
                System.clearProperty(ReloadPacer.PROPERTY);
            } else {
                System.setProperty(ReloadPacer.PROPERTY, old);
            }
        }
    }

    private static void busy(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
