package io.revlake.sample;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A streaming CSV writer: UTF-8, comma separated, {@code \n} line ends, RFC 4180 quoting (a field containing a
 * comma, a double quote, CR or LF is enclosed in double quotes and its quotes doubled). Numbers and dates are
 * formatted straight into a char buffer, without intermediate strings. Every row must have exactly the header's
 * number of fields; a short or long row is a bug and fails fast.
 */
final class CsvSink implements Closeable {
    private final String name;
    private final Writer out;
    private final DateText dates;
    private final int columns;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int field;
    private long rows;
    private boolean closed;

    CsvSink(Path file, String name, List<String> header, DateText dates) throws IOException {
        this.name = name;
        this.dates = dates;
        this.columns = header.size();
        this.out = new OutputStreamWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8);
        for (String h : header) {
            text(h);
        }
        endRow();
        rows = 0;
    }

    String name() {
        return name;
    }

    long rows() {
        return rows;
    }

    private void room(int n) throws IOException {
        if (pos + n > buf.length) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    private void put(char c) throws IOException {
        if (pos == buf.length) {
            out.write(buf, 0, pos);
            pos = 0;
        }
        buf[pos++] = c;
    }

    private void putRaw(String s) throws IOException {
        int n = s.length();
        if (n > buf.length) {
            out.write(buf, 0, pos);
            pos = 0;
            out.write(s);
            return;
        }
        room(n);
        s.getChars(0, n, buf, pos);
        pos += n;
    }

    private void sep() throws IOException {
        if (field++ > 0) {
            put(',');
        }
    }

    /** Any text; quoted when it needs to be. {@code null} writes an empty field. */
    CsvSink text(String s) throws IOException {
        sep();
        if (s == null || s.isEmpty()) {
            return this;
        }
        boolean quote = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            putRaw(s);
            return this;
        }
        put('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                put('"');
            }
            put(c);
        }
        put('"');
        return this;
    }

    CsvSink empty() throws IOException {
        sep();
        return this;
    }

    /** {@code prefix + middle + '-' + seq}, seq zero-padded to {@code width} digits. */
    CsvSink id(String prefix, String middle, long seq, int width) throws IOException {
        sep();
        putRaw(prefix);
        putRaw(middle);
        put('-');
        padded(seq, width);
        return this;
    }

    /** {@code prefix + n}, n zero-padded to {@code width} digits (e.g. customer ids {@code C000123}). */
    CsvSink code(String prefix, long n, int width) throws IOException {
        sep();
        putRaw(prefix);
        padded(n, width);
        return this;
    }

    /** {@code prefix + middle + '-' + seq1 + '-' + seq2}. */
    CsvSink id2(String prefix, String middle, long seq1, int width1, long seq2, int width2) throws IOException {
        id(prefix, middle, seq1, width1);
        put('-');
        padded(seq2, width2);
        return this;
    }

    private void padded(long v, int width) throws IOException {
        int digits = digits(v);
        for (int i = digits; i < width; i++) {
            put('0');
        }
        digits(v, digits);
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private void digits(long v, int digits) throws IOException {
        room(digits);
        for (int i = pos + digits - 1; i >= pos; i--) {
            buf[i] = (char) ('0' + (v % 10));
            v /= 10;
        }
        pos += digits;
    }

    CsvSink integer(long v) throws IOException {
        sep();
        if (v < 0) {
            put('-');
            v = -v;
        }
        digits(v, digits(v));
        return this;
    }

    /** An amount in minor units (cents) as a decimal with two places: {@code -1234 -> -12.34}. */
    CsvSink money(long cents) throws IOException {
        sep();
        if (cents < 0) {
            put('-');
            cents = -cents;
        }
        long whole = cents / 100;
        int frac = (int) (cents % 100);
        digits(whole, digits(whole));
        put('.');
        put((char) ('0' + frac / 10));
        put((char) ('0' + frac % 10));
        return this;
    }

    /** A percentage given in hundredths ({@code 1250 -> 12.5}, {@code 1000 -> 10}); 0 writes an empty field. */
    CsvSink percentOrEmpty(int hundredths) throws IOException {
        if (hundredths == 0) {
            return empty();
        }
        sep();
        int whole = hundredths / 100;
        int frac = hundredths % 100;
        digits(whole, digits(whole));
        if (frac != 0) {
            put('.');
            put((char) ('0' + frac / 10));
            if (frac % 10 != 0) {
                put((char) ('0' + frac % 10));
            }
        }
        return this;
    }

    CsvSink decimal(BigDecimal v) throws IOException {
        sep();
        putRaw(v.toPlainString());
        return this;
    }

    CsvSink bool(boolean b) throws IOException {
        sep();
        putRaw(b ? "true" : "false");
        return this;
    }

    /** {@code YYYY-MM-DD}, or an empty field for an absent date. */
    CsvSink date(int day) throws IOException {
        sep();
        if (!DateText.isAbsent(day)) {
            putRaw(dates.date(day));
        }
        return this;
    }

    /** ISO-8601 UTC timestamp {@code YYYY-MM-DDTHH:MM:SSZ}. */
    CsvSink timestamp(int day, int secondOfDay) throws IOException {
        sep();
        putRaw(dates.date(day));
        put('T');
        two(secondOfDay / 3600);
        put(':');
        two(secondOfDay / 60 % 60);
        put(':');
        two(secondOfDay % 60);
        put('Z');
        return this;
    }

    private void two(int v) throws IOException {
        put((char) ('0' + v / 10));
        put((char) ('0' + v % 10));
    }

    void endRow() throws IOException {
        if (field != columns) {
            throw new IllegalStateException(name + ": row " + (rows + 1) + " has " + field + " fields, the header has " + columns);
        }
        put('\n');
        field = 0;
        rows++;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.write(buf, 0, pos);
            pos = 0;
        } finally {
            out.close();
        }
    }
}
