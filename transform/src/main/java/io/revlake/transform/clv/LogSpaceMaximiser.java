package io.revlake.transform.clv;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum likelihood over strictly positive parameters with commons-math's Nelder–Mead simplex
 * ({@link SimplexOptimizer} + {@link NelderMeadSimplex}), searching the logarithms of the parameters inside a box.
 *
 * <p>Procedure: a first simplex with steps of 1 in log space, then restarts from the best point with steps of 0.1
 * (Nelder–Mead can stall on a collapsed simplex) until a restart improves the log-likelihood by less than 1e-9
 * (relative). Points outside the box, or where the log-likelihood is not finite, have objective +∞, so the simplex
 * contracts back inside.
 *
 * <p>The result is flagged (never silently returned) when: the evaluation budget runs out; a parameter ends within a
 * factor {@link #EDGE_FACTOR} of its box edge (the likelihood keeps improving towards a limit the data cannot pin down,
 * e.g. no heterogeneity or no churn); or the log-likelihood's central-difference gradient in log space is not close
 * to 0 (not at an interior optimum).
 */
final class LogSpaceMaximiser {
    /** A parameter within this factor of an edge of its box counts as "ran off to the bound". */
    static final double EDGE_FACTOR = 10;
    private static final int MAX_RESTARTS = 20;

    /**
     * @param parameters the maximising parameters (natural scale)
     * @param problem    null when the fit is usable, else why it is not
     */
    record Outcome(double[] parameters, double logLikelihood, int evaluations, String problem) {
    }

    private LogSpaceMaximiser() {
    }

    /**
     * @param names   parameter names, for the messages
     * @param logLik  the log-likelihood at natural-scale parameters (may return NaN or -∞ where undefined)
     * @param start   natural-scale starting point, inside the box
     * @param lower   natural-scale lower edges (&gt; 0)
     * @param upper   natural-scale upper edges
     */
    static Outcome maximise(String[] names, ToDoubleFunction<double[]> logLik, double[] start, double[] lower,
                            double[] upper, int maxEvaluations) {
        int n = start.length;
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            lo[i] = Math.log(lower[i]);
            hi[i] = Math.log(upper[i]);
            x[i] = Math.log(start[i]);
        }
        int[] evaluations = {0};
        ToDoubleFunction<double[]> objective = y -> {
            evaluations[0]++;
            for (int i = 0; i < n; i++) {
                if (!(y[i] >= lo[i] && y[i] <= hi[i])) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            double ll = logLik.applyAsDouble(exp(y));
            return Double.isFinite(ll) ? -ll : Double.POSITIVE_INFINITY;
        };
        double best = objective.applyAsDouble(x);
        if (!Double.isFinite(best)) {
            return new Outcome(exp(x), Double.NaN, evaluations[0], "log-likelihood is not finite at the starting point");
        }
        try {
            for (int round = 0; round <= MAX_RESTARTS; round++) {
                int remaining = maxEvaluations - evaluations[0];
                if (remaining <= 0) {
                    throw new TooManyEvaluationsException(maxEvaluations);
                }
                double[] steps = new double[n];
                Arrays.fill(steps, round == 0 ? 1.0 : 0.1);
                SimplexOptimizer optimizer = new SimplexOptimizer(1e-13, 1e-13);
                PointValuePair found = optimizer.optimize(new MaxEval(remaining),
                        new ObjectiveFunction(objective::applyAsDouble), GoalType.MINIMIZE, new InitialGuess(x),
                        new NelderMeadSimplex(steps));
                double improvement = best - found.getValue();
                if (found.getValue() < best) {
                    best = found.getValue();
                    x = found.getPoint();
                }
                if (round > 0 && improvement <= 1e-9 * Math.max(1.0, Math.abs(best))) {
                    return check(names, logLik, x, lo, hi, -best, evaluations[0]);
                }
            }
            return new Outcome(exp(x), -best, evaluations[0],
                    "optimiser did not converge: still improving after " + MAX_RESTARTS + " restarts");
        } catch (TooManyEvaluationsException e) {
            return new Outcome(exp(x), -best, evaluations[0],
                    "optimiser did not converge within " + maxEvaluations + " likelihood evaluations");
        }
    }

    private static Outcome check(String[] names, ToDoubleFunction<double[]> logLik, double[] x, double[] lo,
                                 double[] hi, double ll, int evaluations) {
        double edge = Math.log(EDGE_FACTOR);
        double[] theta = exp(x);
        for (int i = 0; i < x.length; i++) {
            if (x[i] - lo[i] < edge || hi[i] - x[i] < edge) {
                return new Outcome(theta, ll, evaluations, String.format(Locale.ROOT,
                        "parameter %s ran off to the bound of its search range (%.3g, not identified by the data)",
                        names[i], theta[i]));
            }
        }
        // Central-difference gradient of the log-likelihood in log space: ≈ 0 at an interior maximum.
        double h = 1e-5;
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += h;
            down[i] -= h;
            double g = (logLik.applyAsDouble(exp(up)) - logLik.applyAsDouble(exp(down))) / (2 * h);
            if (!(Math.abs(g) <= 1e-3 * Math.max(1.0, Math.sqrt(Math.abs(ll))))) {
                return new Outcome(theta, ll, evaluations, String.format(Locale.ROOT,
                        "optimiser did not converge: d logL / d log %s = %.3g at the end point", names[i], g));
            }
        }
        return new Outcome(theta, ll, evaluations, null);
    }

    private static double[] exp(double[] y) {
        double[] t = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            t[i] = Math.exp(y[i]);
        }
        return t;
    }
}
