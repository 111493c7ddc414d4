package io.revlake.transform;

import io.revlake.catalog.TableDef;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes a table (optionally an older Delta version) to one CSV file, rows sorted by the table's key. */
public final class Exporter {
    private Exporter() {
    }

    /** @return rows written */
    public static long export(SparkSession spark, TableDef table, String warehouse, Long version, Path out)
            throws IOException {
        var reader = spark.read().format("delta");
        if (version != null) {
            reader = reader.option("versionAsOf", version);
        }
        Dataset<Row> df = reader.load(table.location(warehouse));
        if (!table.key().isEmpty()) {
            df = df.orderBy(table.key().stream().map(df::col).toArray(org.apache.spark.sql.Column[]::new));
        }
        String[] header = df.columns();
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        long n = 0;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header).get())) {
            Iterator<Row> it = df.toLocalIterator();
            while (it.hasNext()) {
                Row r = it.next();
                Object[] values = new Object[r.size()];
                for (int i = 0; i < values.length; i++) {
                    Object v = r.get(i);
                    values[i] = v instanceof BigDecimal d ? d.toPlainString()
                            : v instanceof java.sql.Timestamp t ? t.toInstant().toString() : v;   // ISO-8601, UTC
                }
                csv.printRecord(values);
                n++;
            }
        }
        return n;
    }
}
