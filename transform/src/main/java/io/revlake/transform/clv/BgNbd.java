package io.revlake.transform.clv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of repeat buying in a non-contractual setting: Fader, P. S., Hardie, B. G. S. &amp; Lee, K. L.
 * (2005), "'Counting your customers' the easy way: an alternative to the Pareto/NBD model", <i>Marketing Science</i>
 * 24(2), 275–284.
 *
 * <p>While alive a customer buys as a Poisson process with rate λ ~ gamma(r, α); after each purchase she drops out
 * with probability p ~ beta(a, b). Data per customer: (x, t<sub>x</sub>, T) ({@link RfmObservation}).
 *
 * <p>Formulas, with the paper's equation numbers:
 * <ul>
 * <li>log-likelihood (eq. 6, in the paper's A1..A4 form): ln L = A1 + A2 + ln(e<sup>A3</sup> + δ<sub>x&gt;0</sub>
 * e<sup>A4</sup>), A1 = lnΓ(r+x) − lnΓ(r) + r ln α, A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
 * A3 = −(r+x) ln(α+T), A4 = ln a − ln(b+x−1) − (r+x) ln(α+t<sub>x</sub>);</li>
 * <li>E[X(t)] for a new customer (eq. 9) = (a+b−1)/(a−1) · [1 − (α/(α+t))<sup>r</sup>
 * ₂F₁(r, b; a+b−1; t/(α+t))];</li>
 * <li>P(alive | x, t<sub>x</sub>, T) = 1 / (1 + δ<sub>x&gt;0</sub> a/(b+x−1) · ((α+T)/(α+t<sub>x</sub>))<sup>r+x</sup>)
 * (the denominator of eq. 10);</li>
 * <li>E[Y(t) | x, t<sub>x</sub>, T], transactions in (T, T+t] (eq. 10) = P(alive) × eq. 9 with r → r+x,
 * α → α+T, b → b+x.</li>
 * </ul>
 * Eq. 9 needs a − 1 ≠ 0 and c = a+b−1 &gt; 0 (the ₂F₁ series), and its series is slow when t/(α+t) is close to 1.
 * In those cases (|a − 1| &lt; 1e-4, c ≤ 0, or t/(α+t) &gt; 0.99) the same expectation is computed from its defining
 * integral E<sub>p~beta(a,b)</sub>[(1 − (α/(α+pt))<sup>r</sup>) / p] by Gauss–Legendre quadrature (commons-math
 * {@link IterativeLegendreGaussIntegrator}, relative accuracy 1e-11 per piece), with the substitutions p = u<sup>1/a</sup>
 * on [0, ½] and 1 − p = v<sup>1/b</sup> on [½, 1] to remove the beta density's end singularities, and [0, ½] cut at
 * α/t × 10<sup>k</sup> because the integrand changes on the scale p ≈ α/t.
 */
public final class BgNbd {
    static final double LOWER = 1e-5;
    static final double UPPER = 1e5;
    static final int MAX_EVALUATIONS = 40_000;

    private BgNbd() {
    }

    /** The BG/NBD log-likelihood of the customers at (r, α, a, b); NaN for non-positive parameters. */
    public static double logLikelihood(double r, double alpha, double a, double b, List<RfmObservation> customers) {
        return logLikelihood(r, alpha, a, b, aggregate(customers));
    }

    /** One customer's log-likelihood (eq. 6). */
    public static double logLikelihood(double r, double alpha, double a, double b, RfmObservation c) {
        return logLikelihood(r, alpha, a, b, aggregate(List.of(c)));
    }

    private static double logLikelihood(double r, double alpha, double a, double b, Aggregated data) {
        if (!(r > 0) || !(alpha > 0) || !(a > 0) || !(b > 0)) {
            return Double.NaN;
        }
        double lgR = Gamma.logGamma(r);
        double lgB = Gamma.logGamma(b);
        double lgAB = Gamma.logGamma(a + b);
        double lnA = Math.log(a);
        double lnAlpha = Math.log(alpha);
        double ll = 0;
        for (Group g : data.groups) {
            int x = g.x;
            double a1 = Gamma.logGamma(r + x) - lgR + r * lnAlpha;
            double a2 = lgAB + Gamma.logGamma(b + x) - lgB - Gamma.logGamma(a + b + x);
            double groupLl = 0;
            for (int i = 0; i < g.count.length; i++) {
                double a3 = -(r + x) * Math.log(alpha + g.age[i]);
                double rest;
                if (x > 0) {
                    double a4 = lnA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + g.recency[i]);
                    double m = Math.max(a3, a4);
                    rest = m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
                } else {
                    rest = a3;
                }
                groupLl += g.count[i] * rest;
            }
            ll += g.total * (a1 + a2) + groupLl;
        }
        return ll;
    }

    /**
     * Maximum-likelihood fit of r, α, a, b (Nelder–Mead on their logarithms, see {@link LogSpaceMaximiser}), started
     * at r = a = b = 1 and α = ΣT / Σx (so that the starting mean purchase rate r/α matches the data).
     *
     * <p>Unavailable (with the reason) when there are no customers, no repeat transaction at all (the purchase rate
     * and the dropout are then not identified), the optimiser does not converge, or a parameter runs off to within a
     * factor 10 of its search range (r, a, b in [1e-5, 1e5]; α in [1e-5, 1e5] × ΣT/Σx, i.e. relative to the time
     * unit).
     */
    public static BgNbdFit fit(List<RfmObservation> customers) {
        Aggregated data = aggregate(customers);
        if (data.customers == 0) {
            return BgNbdFit.unavailable("no customers", 0, 0);
        }
        if (data.repeatTransactions == 0) {
            return BgNbdFit.unavailable("no repeat transactions: purchase rate and dropout are not identified",
                    data.customers, 0);
        }
        double scale = data.totalAge / data.repeatTransactions;
        if (!(scale > 0)) {
            return BgNbdFit.unavailable("all customers have age 0", data.customers, 0);
        }
        LogSpaceMaximiser.Outcome o = LogSpaceMaximiser.maximise(new String[] {"r", "alpha", "a", "b"},
                th -> logLikelihood(th[0], th[1], th[2], th[3], data), new double[] {1, scale, 1, 1},
                new double[] {LOWER, LOWER * scale, LOWER, LOWER}, new double[] {UPPER, UPPER * scale, UPPER, UPPER},
                MAX_EVALUATIONS);
        if (o.problem() != null) {
            return BgNbdFit.unavailable(o.problem(), data.customers, o.evaluations());
        }
        double[] p = o.parameters();
        return new BgNbdFit(p[0], p[1], p[2], p[3], o.logLikelihood(), data.customers, o.evaluations(), null);
    }

    /** P(alive at T | x, t<sub>x</sub>, T): 1 when x = 0. */
    public static double probabilityAlive(double r, double alpha, double a, double b, RfmObservation c) {
        int x = c.frequency();
        if (x == 0) {
            return 1;
        }
        double logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * Math.log((alpha + c.age()) / (alpha + c.recency()));
        return 1 / (1 + Math.exp(logOdds));
    }

    /** E[X(t)]: expected repeat transactions of a randomly chosen new customer in (0, t] (eq. 9). */
    public static double expectedTransactions(double r, double alpha, double a, double b, double t) {
        return expectedTransactionsWhileAlive(r, alpha, a, b, t);
    }

    /** E[Y(t) | x, t<sub>x</sub>, T]: expected transactions in (T, T + t] (eq. 10). */
    public static double conditionalExpectedTransactions(double r, double alpha, double a, double b, RfmObservation c,
                                                         double t) {
        int x = c.frequency();
        return probabilityAlive(r, alpha, a, b, c)
                * expectedTransactionsWhileAlive(r + x, alpha + c.age(), a, b + x, t);
    }

    /**
     * Eq. 9 at (r, α, a, b): E_p[(1 − (α/(α+pt))^r) / p], p ~ beta(a, b); by the ₂F₁ closed form where it is well
     * conditioned, else by quadrature (see the class comment).
     */
    static double expectedTransactionsWhileAlive(double r, double alpha, double a, double b, double t) {
        if (!(t >= 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("horizon must be finite and >= 0: " + t);
        }
        if (t == 0) {
            return 0;
        }
        double c = a + b - 1;
        double z = t / (alpha + t);
        if (c > 0 && Math.abs(a - 1) >= 1e-4 && z <= 0.99) {
            return closedForm(r, alpha, a, b, t);
        }
        return byQuadrature(r, alpha, a, b, t);
    }

    static double closedForm(double r, double alpha, double a, double b, double t) {
        double c = a + b - 1;
        double z = t / (alpha + t);
        double lead = Math.exp(r * Math.log(alpha / (alpha + t)));
        return c / (a - 1) * (1 - lead * Hypergeometric.hyp2f1(r, b, c, z));
    }

    static double byQuadrature(double r, double alpha, double a, double b, double t) {
        UnivariateFunction g = p -> p <= 0 ? r * t / alpha : -Math.expm1(-r * Math.log1p(p * t / alpha)) / p;
        IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(32, 1e-11, 1e-300, 2, 64);
        int maxEval = 10_000_000;
        // Lower half, p in [0, 1/2]: g changes on the scale p ~ α/t, so the range is cut at α/t × 10^k.
        // With a < 1 each piece is integrated in u = p^a (p^{a−1} dp = du / a), which removes the singularity at 0.
        double lower = 0;
        double from = 0;
        double to = Math.min(0.5, alpha / t);
        while (from < 0.5) {
            if (a < 1) {
                lower += integrator.integrate(maxEval, u -> {
                    double p = Math.pow(u, 1 / a);
                    return g.value(p) * Math.exp((b - 1) * Math.log1p(-p));
                }, Math.pow(from, a), Math.pow(to, a)) / a;
            } else {
                lower += integrator.integrate(maxEval,
                        p -> g.value(p) * Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log1p(-p)), from, to);
            }
            from = to;
            to = Math.min(0.5, to * 10);
        }
        // Upper half, p in [1/2, 1], where g is smooth; with b < 1, 1 − p = v^{1/b} removes the singularity at 1:
        // (1/b) ∫_0^{2^−b} g(1 − v^{1/b}) (1 − v^{1/b})^{a−1} dv.
        double upper;
        if (b < 1) {
            upper = integrator.integrate(maxEval, v -> {
                double q = Math.pow(v, 1 / b);
                return g.value(1 - q) * Math.exp((a - 1) * Math.log1p(-q));
            }, 0, Math.pow(0.5, b)) / b;
        } else {
            upper = integrator.integrate(maxEval,
                    p -> g.value(p) * Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log1p(-p)), 0.5, 1);
        }
        return (lower + upper) * Math.exp(-Beta.logBeta(a, b));
    }

    /** Customers grouped by x, each group holding its distinct (t_x, T) pairs with multiplicities. */
    private record Group(int x, double[] recency, double[] age, long[] count, long total) {
    }

    private record Aggregated(List<Group> groups, long customers, long repeatTransactions, double totalAge) {
    }

    private static Aggregated aggregate(List<RfmObservation> customers) {
        TreeMap<Integer, Map<List<Double>, long[]>> byX = new TreeMap<>();
        long n = 0;
        long repeat = 0;
        double totalAge = 0;
        for (RfmObservation c : customers) {
            byX.computeIfAbsent(c.frequency(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(c.recency(), c.age()), k -> new long[1])[0]++;
            n++;
            repeat += c.frequency();
            totalAge += c.age();
        }
        List<Group> groups = new ArrayList<>();
        byX.forEach((x, rows) -> {
            double[] rec = new double[rows.size()];
            double[] age = new double[rows.size()];
            long[] count = new long[rows.size()];
            long total = 0;
            int i = 0;
            for (Map.Entry<List<Double>, long[]> e : rows.entrySet()) {
                rec[i] = e.getKey().get(0);
                age[i] = e.getKey().get(1);
                count[i] = e.getValue()[0];
                total += count[i];
                i++;
            }
            groups.add(new Group(x, rec, age, count, total));
        });
        return new Aggregated(groups, n, repeat, totalAge);
    }
}
