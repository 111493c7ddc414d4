package io.revlake.transform.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The optimiser wrapper's own verdicts: converged, ran off, did not converge. */
class LogSpaceMaximiserTest {
    static final String[] NAMES = {"u", "v"};

    /** A log-likelihood with its maximum at u = 2, v = 0.5. */
    static double bowl(double[] th) {
        return -Math.pow(Math.log(th[0] / 2), 2) - 3 * Math.pow(Math.log(th[1] / 0.5), 2);
    }

    @Test
    void an_interior_maximum_is_found() {
        LogSpaceMaximiser.Outcome o = LogSpaceMaximiser.maximise(NAMES, LogSpaceMaximiserTest::bowl,
                new double[] {1, 1}, new double[] {1e-5, 1e-5}, new double[] {1e5, 1e5}, 10_000);
        assertThat(o.problem()).isNull();
        assertThat(o.parameters()[0]).isCloseTo(2, within(1e-5));
        assertThat(o.parameters()[1]).isCloseTo(0.5, within(1e-5));
    }

    @Test
    void an_exhausted_evaluation_budget_is_reported_as_not_converged() {
        LogSpaceMaximiser.Outcome o = LogSpaceMaximiser.maximise(NAMES, LogSpaceMaximiserTest::bowl,
                new double[] {1, 1}, new double[] {1e-5, 1e-5}, new double[] {1e5, 1e5}, 12);
        assertThat(o.problem()).contains("did not converge");
    }

    @Test
    void a_likelihood_that_keeps_rising_is_reported_as_running_off_to_the_bound() {
        LogSpaceMaximiser.Outcome o = LogSpaceMaximiser.maximise(NAMES,
                th -> -Math.pow(Math.log(th[1]), 2) - 1 / th[0], new double[] {1, 1}, new double[] {1e-5, 1e-5},
                new double[] {1e5, 1e5}, 10_000);
        assertThat(o.problem()).contains("parameter u ran off to the bound");
    }

    @Test
    void a_likelihood_undefined_at_the_start_is_reported() {
        LogSpaceMaximiser.Outcome o = LogSpaceMaximiser.maximise(NAMES, th -> Double.NaN, new double[] {1, 1},
                new double[] {1e-5, 1e-5}, new double[] {1e5, 1e5}, 100);
        assertThat(o.problem()).contains("not finite");
    }
}
