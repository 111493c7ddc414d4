package io.revlake.sample;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ground truth of MRR, taken from the simulation's state at every month end, and written as
 * {@code truth/mrr_customer_month.csv}, {@code truth/mrr_movements.csv} and {@code truth/summary.csv}.
 *
 * <p>During the simulation each paying customer-month is spooled to a temporary file as the exact unrounded sum
 * (10^-12 units). Constant-currency MRR needs the base month, the first month in which anyone pays, which is known
 * only when every customer has been simulated; the spool is then read back once, in customer-then-month order.
 */
final class GroundTruth implements Closeable {
    static final String MRR_FILE = "truth/mrr_customer_month.csv";
    static final String MOVEMENTS_FILE = "truth/mrr_movements.csv";
    static final String SUMMARY_FILE = "truth/summary.csv";

    /** MRR per month in reporting-currency cents (for the expenses model) and the rows written. */
    record Totals(long[] mrr, long mrrRows, long movementRows, long summaryRows) {
    }

    private final Path spool;
    private final DataOutputStream out;
    private int baseMonth = Integer.MAX_VALUE;
    private boolean closed;

    GroundTruth() throws IOException {
        spool = Files.createTempFile("revlake-sample-truth", ".bin");
        out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16));
    }

    /** A customer's exact MRR at the end of a month, when positive. Calls come in customer, then month, order. */
    void record(int customer, int month, Currency currency, long units) throws IOException {
        out.writeInt(customer);
        out.writeShort(month);
        out.writeByte(currency.ordinal());
        out.writeLong(units);
        if (month < baseMonth) {
            baseMonth = month;
        }
    }

    Totals write(Path outDir, Window w, FxRates fx, DateText dates, int idWidth) throws IOException {
        out.close();
        int months = w.months;
        Currency[] currencies = Currency.values();
        BigDecimal[][] rate = new BigDecimal[months][currencies.length];
        for (int m = 0; m < months; m++) {
            for (Currency c : currencies) {
                rate[m][c.ordinal()] = fx.rateAt(c, w.monthEnd[m]);
            }
        }
        BigDecimal[] constant = new BigDecimal[currencies.length];
        for (Currency c : currencies) {
            constant[c.ordinal()] = baseMonth == Integer.MAX_VALUE ? BigDecimal.ONE : rate[baseMonth][c.ordinal()];
        }
        long[] mrr = new long[months];
        int[] paying = new int[months];
        long[][] moves = new long[Move.values().length][months];

        Path truthDir = outDir.resolve("truth");
        long mrrRows;
        long movementRows;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spool), 1 << 16));
             CsvSink mrrOut = new CsvSink(truthDir.resolve("mrr_customer_month.csv"), MRR_FILE,
                     List.of("month", "customer_id", "currency", "mrr_source_currency", "mrr", "mrr_constant_currency"), dates);
             CsvSink movesOut = new CsvSink(truthDir.resolve("mrr_movements.csv"), MOVEMENTS_FILE,
                     List.of("month", "customer_id", "movement", "amount"), dates)) {
            Movements mv = new Movements(movesOut, w, idWidth, moves);
            while (true) {
                int customer;
                try {
                    customer = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                int m = in.readShort();
                Currency c = Currency.of(in.readByte());
                long units = in.readLong();
                long src = MrrMath.cents(units);
                long rep = MrrMath.cents(units, rate[m][c.ordinal()]);
                long cst = MrrMath.cents(units, constant[c.ordinal()]);
                if (src <= 0 || rep <= 0 || cst <= 0) {
                    throw new IllegalStateException("customer index " + customer + " month " + w.monthText[m]
                            + ": positive MRR rounds to zero (" + MrrMath.exact(units) + " " + c + ")");
                }
                mrrOut.text(w.monthText[m]).code("C", customer + 1L, idWidth).text(c.name()).money(src).money(rep).money(cst);
                mrrOut.endRow();
                mrr[m] += rep;
                paying[m]++;
                mv.customerMonth(customer, m, rep, cst);
            }
            mv.finish();
            mrrRows = mrrOut.rows();
            movementRows = movesOut.rows();
        } finally {
            close();
        }

        long summaryRows;
        try (CsvSink sum = new CsvSink(truthDir.resolve("summary.csv"), SUMMARY_FILE, List.of("month", "mrr",
                "paying_customers", "new", "reactivation", "expansion", "contraction", "churn", "fx"), dates)) {
            long previous = 0;
            for (int m = 0; m < months; m++) {
                long moved = 0;
                for (Move k : Move.values()) {
                    moved += moves[k.ordinal()][m];
                }
                if (previous + moved != mrr[m]) {
                    throw new IllegalStateException("MRR bridge broken in " + w.monthText[m] + ": " + previous + " + "
                            + moved + " != " + mrr[m] + " (cents)");
                }
                previous = mrr[m];
                sum.text(w.monthText[m]).money(mrr[m]).integer(paying[m]);
                for (Move k : Move.values()) {
                    sum.money(moves[k.ordinal()][m]);
                }
                sum.endRow();
            }
            summaryRows = sum.rows();
        }
        return new Totals(mrr, mrrRows, movementRows, summaryRows);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
            Files.deleteIfExists(spool);
        }
    }

    /** Movement kinds, in the order of the summary's columns. */
    enum Move {
        NEW, REACTIVATION, EXPANSION, CONTRACTION, CHURN, FX;

        final String id = name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Classifies one customer's consecutive month ends (METRICS.md, "MRR movements") and writes the rows. */
    private static final class Movements {
        private final CsvSink out;
        private final Window w;
        private final int idWidth;
        private final long[][] totals;
        private int customer = -1;
        private int prevMonth;
        private long prevRep;
        private long prevConst;
        private boolean paidBefore;

        Movements(CsvSink out, Window w, int idWidth, long[][] totals) {
            this.out = out;
            this.w = w;
            this.idWidth = idWidth;
            this.totals = totals;
        }

        void customerMonth(int c, int m, long rep, long cst) throws IOException {
            if (c != customer) {
                finish();
                customer = c;
                prevMonth = -2;
                paidBefore = false;
            } else if (prevMonth < m - 1) {
                churn(prevMonth + 1);
            }
            long p = prevMonth == m - 1 ? prevConst : 0;
            long pRep = prevMonth == m - 1 ? prevRep : 0;
            if (p == 0) {
                if (paidBefore) {
                    move(m, Move.REACTIVATION, cst);
                } else {
                    move(m, Move.NEW, cst);
                }
            } else if (cst > p) {
                move(m, Move.EXPANSION, cst - p);
            } else if (cst < p) {
                move(m, Move.CONTRACTION, cst - p);
            }
            move(m, Move.FX, (rep - pRep) - (cst - p));
            paidBefore = true;
            prevMonth = m;
            prevRep = rep;
            prevConst = cst;
        }

        /** Closes the current customer: churn at the first month end after its last paying one, if in the window. */
        void finish() throws IOException {
            if (customer >= 0 && prevMonth + 1 < w.months) {
                churn(prevMonth + 1);
            }
            customer = -1;
        }

        private void churn(int m) throws IOException {
            move(m, Move.CHURN, -prevConst);
            move(m, Move.FX, prevConst - prevRep);
            prevMonth = -2;
            prevRep = 0;
            prevConst = 0;
        }

        private void move(int m, Move kind, long amount) throws IOException {
            if (amount == 0) {
                return;
            }
            totals[kind.ordinal()][m] += amount;
            out.text(w.monthText[m]).code("C", customer + 1L, idWidth).text(kind.id).money(amount);
            out.endRow();
        }
    }
}
