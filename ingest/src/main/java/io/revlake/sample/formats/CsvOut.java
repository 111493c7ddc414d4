package io.revlake.sample.formats;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A CSV file as exports write them: header row, comma separated, RFC 4180 quoting, {@code \n} line ends. */
final class CsvOut implements Closeable {
    private final BufferedWriter out;
    private final int columns;
    private long rows;

    CsvOut(Path file, List<String> header) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        columns = header.size();
        write(header.toArray());
        rows = 0;
    }

    /** One row; null writes an empty field. */
    void row(Object... values) throws IOException {
        if (values.length != columns) {
            throw new IllegalStateException("row has " + values.length + " fields, the header has " + columns);
        }
        write(values);
    }

    private void write(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String s = values[i] == null ? "" : values[i].toString();
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                out.write('"');
                out.write(s.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(s);
            }
        }
        out.write('\n');
        rows++;
    }

    long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
