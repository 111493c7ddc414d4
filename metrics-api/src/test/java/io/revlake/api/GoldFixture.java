package io.revlake.api;

import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.SparkSchemas;
import io.revlake.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-made gold tables, written with Spark + Delta (as the transform would), for the API to serve.
 *
 * <p>Four customers over 2024-01..2024-04, worked out by hand; the bridge holds every month
 * (end MRR = start MRR + new + reactivation + expansion + contraction + churn + fx):
 * <pre>
 * month    start    new      react   exp    contr  churn    fx    end      paying
 * 2024-01     0.00   350.65     0.00  0.00   0.00     0.00  0.00   350.65  2   c-001 100.10, c-002 250.55 new
 * 2024-02   350.65  1244.50     0.00 49.95   0.00     0.00  0.00  1645.10  4   c-003 1234.50, c-004 10.00 new; c-001 +49.95
 * 2024-03  1645.10     0.00     0.00  0.00  -0.05  -250.55  0.00  1394.50  3   c-001 -0.05; c-002 churns
 * 2024-04  1394.50     0.00   300.00  0.00   0.00     0.00  0.07  1694.57  4   c-002 back at 300.00 (EUR, fx +0.07)
 * </pre>
 * Ratios follow METRICS.md (e.g. NRR 2024-02 = (350.65 + 49.95) / 350.65); ARPA is rounded half-up to cents.
 */
public final class GoldFixture {
    public static final List<String> MONTHS = List.of("2024-01", "2024-02", "2024-03", "2024-04");
    public static final List<TableDef> MRR_TABLES = List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS, Tables.MRR_SUMMARY);

    private static Path shared;

    private GoldFixture() {
    }

    /** The warehouse with the tables above, written once per test JVM. Do not modify it; copy it. */
    public static synchronized Path shared() {
        if (shared == null) {
            Path warehouse = newWarehouse("shared");
            write(warehouse, Tables.MRR_CUSTOMER_MONTH, customerMonths());
            write(warehouse, Tables.MRR_MOVEMENTS, movements());
            write(warehouse, Tables.MRR_SUMMARY, summary());
            // The other gold tables exist but are empty, so the server sees a complete gold layer.
            for (TableDef table : Tables.GOLD) {
                if (!MRR_TABLES.contains(table)) {
                    write(warehouse, table, List.of());
                }
            }
            shared = warehouse;
        }
        return shared;
    }

    /** A fresh empty warehouse directory, deleted when the JVM exits. */
    public static Path newWarehouse(String name) {
        try {
            Path dir = Files.createTempDirectory("revlake-api-" + name + "-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the shared warehouse that a test may change. Delta tables are plain files, so a copy is valid. */
    public static Path copyOfShared(String name) {
        Path copy = newWarehouse(name);
        for (TableDef table : Tables.GOLD) {
            copyTable(shared(), copy, table);
        }
        return copy;
    }

    public static void copyTable(Path from, Path to, TableDef table) {
        Path source = table.location(from);
        Path target = table.location(to);
        // Stage next to the target and move into place, so a poller never sees a half-copied log.
        Path staging = to.resolve(".staging-" + table.name());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path dest = staging.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.createDirectories(target.getParent());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Map<String, Object>> summary() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(summaryRow("2024-01", "350.65", "350.65", 2, "350.65", "0", "0", "0", "0", "0", 2, 0, null));
        rows.add(summaryRow("2024-02", "1645.10", "1645.10", 4, "1244.50", "0", "49.95", "0", "0", "0", 2, 0, "350.65"));
        rows.add(summaryRow("2024-03", "1394.50", "1394.50", 3, "0", "0", "0", "-0.05", "-250.55", "0", 0, 1, "1645.10"));
        rows.add(summaryRow("2024-04", "1694.57", "1694.50", 4, "0", "300.00", "0", "0", "0", "0.07", 0, 0, "1394.50"));
        return rows;
    }

    public static List<Map<String, Object>> movements() {
        return List.of(
                movement("2024-01", "c-001", "new", "100.10", "USD", "smb", "emea", "self-serve"),
                movement("2024-01", "c-002", "new", "250.55", "EUR", "mid-market", "na", "sales"),
                movement("2024-02", "c-001", "expansion", "49.95", "USD", "smb", "emea", "self-serve"),
                movement("2024-02", "c-004", "new", "10.00", "USD", null, null, null),
                movement("2024-02", "c-003", "new", "1234.50", "USD", "enterprise", "apac", "partner"),
                movement("2024-03", "c-002", "churn", "-250.55", "EUR", "mid-market", "na", "sales"),
                movement("2024-03", "c-001", "contraction", "-0.05", "USD", "smb", "emea", "self-serve"),
                movement("2024-04", "c-002", "fx", "0.07", "EUR", "mid-market", "na", "sales"),
                movement("2024-04", "c-002", "reactivation", "300.00", "EUR", "mid-market", "na", "sales"));
    }

    public static List<Map<String, Object>> customerMonths() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(customerMonth("2024-01", "c-001", "100.10", "100.10", "USD", "100.10", "1.0000000000"));
        rows.add(customerMonth("2024-01", "c-002", "250.55", "250.55", "EUR", "231.25", "1.0834594595"));
        rows.add(customerMonth("2024-02", "c-001", "150.05", "150.05", "USD", "150.05", "1.0000000000"));
        rows.add(customerMonth("2024-02", "c-002", "250.55", "250.55", "EUR", "231.25", "1.0834594595"));
        rows.add(customerMonth("2024-02", "c-003", "1234.50", "1234.50", "USD", "1234.50", "1.0000000000"));
        rows.add(customerMonth("2024-02", "c-004", "10.00", "10.00", "USD", "10.00", "1.0000000000"));
        rows.add(customerMonth("2024-03", "c-001", "150.00", "150.00", "USD", "150.00", "1.0000000000"));
        rows.add(customerMonth("2024-03", "c-003", "1234.50", "1234.50", "USD", "1234.50", "1.0000000000"));
        rows.add(customerMonth("2024-03", "c-004", "10.00", "10.00", "USD", "10.00", "1.0000000000"));
        rows.add(customerMonth("2024-04", "c-001", "150.00", "150.00", "USD", "150.00", "1.0000000000"));
        rows.add(customerMonth("2024-04", "c-002", "300.07", "300.00", "EUR", "276.88", "1.0837546951"));
        rows.add(customerMonth("2024-04", "c-003", "1234.50", "1234.50", "USD", "1234.50", "1.0000000000"));
        rows.add(customerMonth("2024-04", "c-004", "10.00", "10.00", "USD", "10.00", "1.0000000000"));
        return rows;
    }

    /** {@link #customerMonths()} with one customer's MRR in one month changed (a new version of the table). */
    public static List<Map<String, Object>> customerMonthsWithMrr(String month, String customer, String mrr) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : customerMonths()) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(r);
            if (copy.get("month").equals(month) && copy.get("customer_id").equals(customer)) {
                copy.put("mrr", new java.math.BigDecimal(mrr));
            }
            rows.add(copy);
        }
        return rows;
    }

    /**
     * Writes rows (column name → value) as a new version of a catalogued table. Decimal values may be given
     * as text ("1234.50"); unknown column names fail, absent ones are null.
     */
    public static void write(Path warehouse, TableDef table, List<Map<String, Object>> rows) {
        write(warehouse, table, SparkSchemas.schema(table), rows);
    }

    /** Like {@link #write(Path, TableDef, List)} but with a schema of the test's choosing (to break the contract). */
    public static void write(Path warehouse, TableDef table, StructType schema, List<Map<String, Object>> rows) {
        Set<String> known = new HashSet<>(List.of(schema.fieldNames()));
        List<Row> sparkRows = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            for (String name : row.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(table.qualifiedName() + " has no column " + name);
                }
            }
            Map<String, Object> complete = complete(table, row);
            Object[] values = new Object[schema.size()];
            for (int i = 0; i < values.length; i++) {
                String name = schema.fields()[i].name();
                values[i] = sparkValue(complete.get(name), schema.fields()[i].dataType());
            }
            sparkRows.add(RowFactory.create(values));
        }
        SparkSession spark = SparkSessions.shared();
        spark.createDataFrame(sparkRows, schema).coalesce(1).write().format("delta").mode("overwrite")
                .option("overwriteSchema", "true").save(table.location(warehouse).toString());
    }

    /**
     * The row as written: catalog columns the row does not mention are null when optional, and a neutral value
     * (0, empty text, false) when required. The catalog grows while these hand-made rows stay small; the
     * values under test are always given explicitly.
     */
    public static Map<String, Object> complete(TableDef table, Map<String, Object> row) {
        Map<String, Object> complete = new LinkedHashMap<>();
        for (Column c : table.columns()) {
            Object value = row.get(c.name());
            if (value == null && !row.containsKey(c.name()) && !c.nullable()) {
                value = switch (c.type()) {
                    case STRING -> "";
                    case LONG -> 0L;
                    case DOUBLE -> 0.0;
                    case BOOLEAN -> false;
                    case DATE -> java.time.LocalDate.of(1970, 1, 1);
                    case TIMESTAMP -> java.time.Instant.EPOCH;
                    case MONEY, AMOUNT, RATE -> BigDecimal.ZERO.setScale(c.type().scale());
                };
            }
            complete.put(c.name(), value);
        }
        for (Map.Entry<String, Object> e : row.entrySet()) {
            complete.putIfAbsent(e.getKey(), e.getValue());
        }
        return complete;
    }

    private static Object sparkValue(Object value, org.apache.spark.sql.types.DataType type) {
        if (value == null) {
            return null;
        }
        if (type instanceof org.apache.spark.sql.types.DecimalType) {
            return value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        }
        if (type instanceof org.apache.spark.sql.types.DoubleType) {
            return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
        }
        if (type instanceof org.apache.spark.sql.types.LongType) {
            return ((Number) value).longValue();
        }
        if (type instanceof org.apache.spark.sql.types.DateType && value instanceof java.time.LocalDate d) {
            return java.sql.Date.valueOf(d);
        }
        if (type instanceof org.apache.spark.sql.types.TimestampType && value instanceof java.time.Instant i) {
            return java.sql.Timestamp.from(i);
        }
        return value;
    }

    private static Map<String, Object> summaryRow(String month, String mrr, String mrrConstant, long paying,
                                                  String newMrr, String reactivation, String expansion,
                                                  String contraction, String churn, String fx,
                                                  long newCustomers, long churnedCustomers, String previousMrr) {
        Map<String, Object> row = new LinkedHashMap<>();
        BigDecimal m = new BigDecimal(mrr);
        row.put("month", month);
        row.put("mrr", m);
        row.put("mrr_constant_currency", new BigDecimal(mrrConstant));
        row.put("arr", m.multiply(BigDecimal.valueOf(12)));
        row.put("paying_customers", paying);
        row.put("new", new BigDecimal(newMrr).setScale(2));
        row.put("reactivation", new BigDecimal(reactivation).setScale(2));
        row.put("expansion", new BigDecimal(expansion).setScale(2));
        row.put("contraction", new BigDecimal(contraction).setScale(2));
        row.put("churn", new BigDecimal(churn).setScale(2));
        row.put("fx", new BigDecimal(fx).setScale(2));
        row.put("new_customers", newCustomers);
        row.put("churned_customers", churnedCustomers);
        if (previousMrr != null) {
            BigDecimal prev = new BigDecimal(previousMrr);
            BigDecimal lost = new BigDecimal(churn).abs().add(new BigDecimal(contraction).abs());
            BigDecimal gained = new BigDecimal(expansion);
            long previousPaying = switch (month) {
                case "2024-02" -> 2;
                case "2024-03" -> 4;
                default -> 3;
            };
            row.put("logo_churn_rate", (double) churnedCustomers / previousPaying);
            row.put("gross_mrr_churn_rate", ratio(lost, prev));
            row.put("net_mrr_churn_rate", ratio(lost.subtract(gained), prev));
            row.put("nrr", ratio(prev.add(gained).subtract(lost), prev));
            row.put("grr", ratio(prev.subtract(lost), prev));
        }
        row.put("arpa", m.divide(BigDecimal.valueOf(paying), 2, RoundingMode.HALF_UP));
        return row;
    }

    private static double ratio(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, 17, RoundingMode.HALF_EVEN).doubleValue();
    }

    public static Map<String, Object> movement(String month, String customer, String movement, String amount,
                                                String currency, String segment, String region, String channel) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("month", month);
        row.put("customer_id", customer);
        row.put("movement", movement);
        row.put("amount", new BigDecimal(amount));
        row.put("currency", currency);
        row.put("segment", segment);
        row.put("region", region);
        row.put("channel", channel);
        return row;
    }

    private static Map<String, Object> customerMonth(String month, String customer, String mrr, String mrrConstant,
                                                     String currency, String mrrSource, String fxRate) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("month", month);
        row.put("customer_id", customer);
        row.put("mrr", new BigDecimal(mrr));
        row.put("mrr_constant_currency", new BigDecimal(mrrConstant));
        row.put("currency", currency);
        row.put("mrr_source_currency", new BigDecimal(mrrSource));
        row.put("fx_rate", new BigDecimal(fxRate));
        row.put("active_items", 1L);
        row.put("segment", currency.equals("EUR") ? "mid-market" : "smb");
        row.put("region", currency.equals("EUR") ? "na" : "emea");
        row.put("channel", "sales");
        return row;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
