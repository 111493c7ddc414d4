package io.revlake.transform.silver;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.SourceReaders;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.transform.silver.IdentityResolver.CustomerRecord;
import io.revlake.transform.silver.IdentityResolver.Entry;
import io.revlake.transform.silver.IdentityResolver.Pin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Writes {@code silver.identity_map}: every source's current customers ({@code bronze.<source>_customers}, latest
 * version per key within the source, deletions applied) and the warehouse's mapping file
 * ({@code _config/identity.csv}, optional) through {@link IdentityResolver}. Customers are read per source because
 * {@code silver.customers} keeps one record per id across sources, and identity is about records of different sources.
 */
public final class IdentityStage {
    private IdentityStage() {
    }

    /** @return {@code silver.identity_map} → rows written; nothing when no source has customers */
    public static Map<String, Long> run(SparkSession spark, String warehouse, Consumer<String> progress) {
        List<CustomerRecord> records = records(spark, warehouse);
        if (records.isEmpty()) {
            return Map.of();
        }
        List<Pin> pins = pins(spark, warehouse);
        List<Entry> entries = IdentityResolver.resolve(records, pins);
        List<Row> rows = entries.stream().map(e -> RowFactory.create(e.source(), e.sourceCustomerId(), e.customerId(),
                e.status(), e.linkedBy(), e.detail())).toList();
        DeltaTables.overwrite(spark.createDataFrame(rows, SparkSchemas.schema(Tables.IDENTITY_MAP)), Tables.IDENTITY_MAP,
                warehouse);
        progress.accept("  " + Tables.IDENTITY_MAP.qualifiedName() + ": " + summary(entries)
                + (pins.isEmpty() ? "" : " (" + pins.size() + " mapping-file lines)"));
        Map<String, Long> written = new LinkedHashMap<>();
        written.put(Tables.IDENTITY_MAP.qualifiedName(), (long) rows.size());
        return written;
    }

    /** The identity map the warehouse's bronze customers and mapping file give now, without writing it. */
    public static List<Entry> entries(SparkSession spark, String warehouse) {
        List<CustomerRecord> records = records(spark, warehouse);
        return records.isEmpty() ? List.of() : IdentityResolver.resolve(records, pins(spark, warehouse));
    }

    private static List<Pin> pins(SparkSession spark, String warehouse) {
        String file = Tables.identityMappingFile(warehouse);
        return IdentityResolver.parsePins(readIfExists(spark, file), file, SourceReaders.names());
    }

    /** Every source's current customer records (latest version per id within the source, deletions applied). */
    private static List<CustomerRecord> records(SparkSession spark, String warehouse) {
        List<CustomerRecord> records = new ArrayList<>();
        for (String source : SourceReaders.names()) {
            TableDef bronze = Tables.bronze(source, CanonicalEntity.CUSTOMERS);
            if (!DeltaTables.exists(spark, bronze, warehouse)) {
                continue;
            }
            Dataset<Row> current = SilverJob.conform(DeltaTables.read(spark, bronze, warehouse), CanonicalEntity.CUSTOMERS)
                    .select("customer_id", "crm_account_id", "billing_customer_id", "erp_customer_id");
            for (Row r : current.collectAsList()) {
                records.add(new CustomerRecord(source, r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
            }
        }
        return records;
    }

    /** {@code 12 records: 8 matched into 3 customers, 3 unmatched, 1 conflict}. */
    public static String summary(List<Entry> entries) {
        Map<String, Long> byStatus = new TreeMap<>();
        entries.forEach(e -> byStatus.merge(e.status(), 1L, Long::sum));
        long records = entries.stream().filter(e -> !e.status().equals(IdentityResolver.UNKNOWN_RECORD)).count();
        long customers = entries.stream().filter(e -> e.status().equals(IdentityResolver.MATCHED))
                .map(Entry::customerId).distinct().count();
        List<String> parts = new ArrayList<>();
        parts.add(byStatus.getOrDefault(IdentityResolver.MATCHED, 0L) + " matched into " + customers + " customers");
        parts.add(byStatus.getOrDefault(IdentityResolver.UNMATCHED, 0L) + " unmatched");
        parts.add(byStatus.getOrDefault(IdentityResolver.CONFLICT, 0L) + " in conflicts");
        if (byStatus.containsKey(IdentityResolver.UNKNOWN_RECORD)) {
            parts.add(byStatus.get(IdentityResolver.UNKNOWN_RECORD) + " mapping-file lines naming no record");
        }
        return records + " customer records: " + String.join(", ", parts);
    }

    /**
     * The report people read ({@code ./revlake identity}): the summary, then one line per record that is not matched
     * (conflicts first), or per record with {@code all}.
     */
    public static String report(List<Entry> entries, boolean all) {
        StringBuilder out = new StringBuilder(summary(entries)).append('\n');
        List<String> order = List.of(IdentityResolver.CONFLICT, IdentityResolver.UNKNOWN_RECORD,
                IdentityResolver.UNMATCHED, IdentityResolver.MATCHED);
        entries.stream().filter(e -> all || !e.status().equals(IdentityResolver.MATCHED))
                .sorted(java.util.Comparator.comparingInt((Entry e) -> order.indexOf(e.status()))
                        .thenComparing(Entry::source).thenComparing(Entry::sourceCustomerId))
                .forEach(e -> out.append(String.format("%-14s %s %s → %s%s%n", e.status(), e.source(),
                        e.sourceCustomerId(), e.customerId(), e.detail() == null || e.detail().isEmpty() ? ""
                                : ": " + e.detail())));
        return out.toString();
    }

    /** The file's text through Hadoop's file system (the warehouse may be a URI), "" when there is none. */
    private static String readIfExists(SparkSession spark, String location) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                return "source,source_id,customer_id\n";
            }
            try (InputStream in = fs.open(path)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + location + ": " + e.getMessage(), e);
        }
    }
}
