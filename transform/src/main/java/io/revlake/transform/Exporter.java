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

    private static final java.util.regex.Pattern CLOSE = java.util.regex.Pattern.compile("close:(\\d{4}-\\d{2})");

    /**
     * The Delta version to export for {@code --version}: a number as given, or {@code close:YYYY-MM}, the version of
     * {@code table} that the close of that month froze (read from {@code ops.period_close}). Null stays null (latest).
     *
     * @throws IllegalArgumentException naming the accepted values when the text, period or table does not fit
     */
    public static Long resolveVersion(SparkSession spark, TableDef table, String warehouse, String version) {
        if (version == null) {
            return null;
        }
        String text = version.trim();
        if (text.matches("\\d{1,18}")) {
            return Long.parseLong(text);
        }
        java.util.regex.Matcher close = CLOSE.matcher(text);
        if (!close.matches()) {
            throw new IllegalArgumentException("--version '" + version + "' is neither a Delta version (0, 1, 2, …)"
                    + " nor close:YYYY-MM");
        }
        String period = close.group(1);
        TableDef log = io.revlake.catalog.Tables.PERIOD_CLOSE;
        String location = log.location(warehouse);
        if (!io.delta.tables.DeltaTable.isDeltaTable(spark, location)) {
            throw new IllegalArgumentException("--version close:" + period + ": no period is closed in " + warehouse
                    + " (./revlake close " + period + " closes it)");
        }
        java.util.List<Row> rows = spark.read().format("delta").load(location)
                .select("period", "versions").collectAsList();
        java.util.TreeMap<String, String> versions = new java.util.TreeMap<>();
        rows.forEach(r -> versions.put(r.getString(0), r.getString(1)));
        if (!versions.containsKey(period)) {
            throw new IllegalArgumentException("--version close:" + period + ": " + period + " is not closed; closed"
                    + " periods: " + String.join(", ", versions.keySet()));
        }
        try {
            com.fasterxml.jackson.databind.JsonNode frozen = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(versions.get(period));
            com.fasterxml.jackson.databind.JsonNode v = frozen.get(table.qualifiedName());
            if (v == null || !v.canConvertToLong()) {
                java.util.List<String> names = new java.util.ArrayList<>();
                frozen.fieldNames().forEachRemaining(names::add);
                throw new IllegalArgumentException("--version close:" + period + ": the close of " + period
                        + " froze no version of " + table.qualifiedName() + "; it froze " + String.join(", ", names));
            }
            return v.asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(log.qualifiedName() + " row of " + period + " has unreadable versions: "
                    + e.getMessage(), e);
        }
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
