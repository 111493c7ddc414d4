package io.revlake.api.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.kernel.Snapshot;
import io.revlake.api.GoldFixture;
import io.revlake.api.Json;
import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.SparkSchemas;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.incremental.DeltaReplace;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Delta Kernel reading of gold tables written by Spark, and the snapshot store's reload rules. */
class GoldTablesTest {

    @Test
    void kernel_reads_as_many_rows_as_spark_wrote_in_every_gold_table() throws Exception {
        DeltaGoldReader reader = new DeltaGoldReader(GoldFixture.shared().toString());
        Map<TableDef, Integer> written = Map.of(
                Tables.MRR_SUMMARY, GoldFixture.summary().size(),
                Tables.MRR_MOVEMENTS, GoldFixture.movements().size(),
                Tables.MRR_CUSTOMER_MONTH, GoldFixture.customerMonths().size());

        for (TableDef table : Tables.GOLD) {
            Snapshot snapshot = reader.latestSnapshot(table).orElseThrow();
            LoadedTable loaded = reader.read(table, snapshot);
            assertThat(loaded.rowCount()).as(table.qualifiedName()).isEqualTo(written.getOrDefault(table, 0));
            assertThat(loaded.version()).isZero();
            assertThat(loaded.data().columnNames()).isEqualTo(table.columnNames());
        }
    }

    @Test
    void rows_an_incremental_merge_replaced_are_left_out_through_the_deletion_vectors_it_wrote() throws Exception {
        Path warehouse = GoldFixture.newWarehouse("deletion-vectors");
        TableDef table = Tables.MRR_CUSTOMER_MONTH;
        List<Map<String, Object>> written = GoldFixture.customerMonths();
        GoldFixture.write(warehouse, table, written);
        String gone = (String) written.get(0).get("customer_id");
        SparkSession spark = SparkSessions.shared();
        // What an incremental refresh does to a per-customer table: one customer's rows replaced, here by none.
        DeltaReplace.customers(spark, table, warehouse.toString(), Set.of(gone),
                spark.createDataFrame(List.of(), SparkSchemas.schema(table)));
        Path log = Path.of(table.location(warehouse.toString()), "_delta_log");
        String lastCommit;
        try (var commits = Files.list(log)) {
            lastCommit = Files.readString(commits.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .max(Path::compareTo).orElseThrow());
        }
        assertThat(lastCommit).as("the MERGE marked the rows in a deletion vector rather than rewriting the file")
                .contains("\"deletionVector\":{");

        DeltaGoldReader reader = new DeltaGoldReader(warehouse.toString());
        LoadedTable loaded = reader.read(table, reader.latestSnapshot(table).orElseThrow());
        List<Map<String, Object>> kept = written.stream().filter(r -> !gone.equals(r.get("customer_id"))).toList();
        assertThat(kept).hasSizeLessThan(written.size()).isNotEmpty();
        assertThat(rowsAsText(loaded)).containsExactlyInAnyOrderElementsOf(asText(table, kept));
    }

    @Test
    void every_value_read_equals_the_value_written_cell_by_cell() throws Exception {
        DeltaGoldReader reader = new DeltaGoldReader(GoldFixture.shared().toString());
        for (TableDef table : GoldFixture.MRR_TABLES) {
            List<Map<String, Object>> written = switch (table.name()) {
                case "mrr_summary" -> GoldFixture.summary();
                case "mrr_movements" -> GoldFixture.movements();
                default -> GoldFixture.customerMonths();
            };
            LoadedTable loaded = reader.read(table, reader.latestSnapshot(table).orElseThrow());
            assertThat(rowsAsText(loaded)).as(table.qualifiedName())
                    .containsExactlyInAnyOrderElementsOf(asText(table, written));
        }
    }

    @Test
    void decimals_keep_every_digit_from_the_largest_cent_amount_to_the_smallest_rate() throws Exception {
        Path warehouse = GoldFixture.newWarehouse("extremes");
        List<String> amounts = List.of("92233720368547758.07", "-92233720368547758.07", "0.01", "-0.01", "0.10",
                "1234.50", "0.29", "0.57", "1E+3", "19999999.99");
        List<String> rates = List.of("0.0000000001", "1.0834567891", "99999999.9999999999", "3", "1.1000000000",
                "0.3333333333", "0.1", "0.2", "0.3", "12345678.1234567891");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", "2024-01");
            row.put("customer_id", "c-" + i);
            row.put("mrr", amounts.get(i));
            row.put("mrr_constant_currency", amounts.get(i));
            row.put("currency", "USD");
            row.put("mrr_source_currency", amounts.get(i));
            row.put("fx_rate", rates.get(i));
            row.put("active_items", 1L);
            rows.add(row);
        }
        GoldFixture.write(warehouse, Tables.MRR_CUSTOMER_MONTH, rows);

        DeltaGoldReader reader = new DeltaGoldReader(warehouse.toString());
        LoadedTable loaded = reader.read(Tables.MRR_CUSTOMER_MONTH,
                reader.latestSnapshot(Tables.MRR_CUSTOMER_MONTH).orElseThrow());

        Column mrr = Tables.MRR_CUSTOMER_MONTH.column("mrr").orElseThrow();
        Column fxRate = Tables.MRR_CUSTOMER_MONTH.column("fx_rate").orElseThrow();
        Column customer = Tables.MRR_CUSTOMER_MONTH.column("customer_id").orElseThrow();
        for (int row = 0; row < loaded.rowCount(); row++) {
            int i = Integer.parseInt(((String) ColumnCodec.jsonValue(loaded.data(), customer, row)).substring(2));
            BigDecimal amount = (BigDecimal) ColumnCodec.jsonValue(loaded.data(), mrr, row);
            BigDecimal rate = (BigDecimal) ColumnCodec.jsonValue(loaded.data(), fxRate, row);
            assertThat(amount).isEqualTo(new BigDecimal(amounts.get(i)).setScale(2));
            assertThat(rate).isEqualTo(new BigDecimal(rates.get(i)).setScale(10));
        }
        // And in JSON: plain digits, scale kept, never a float approximation or an exponent.
        String json = Json.mapper().writeValueAsString(List.of(new BigDecimal("0.0000000001"), new BigDecimal("1E+3").setScale(2),
                ColumnCodec.decimal(123450, Tables.MRR_SUMMARY.column("mrr").orElseThrow().type())));
        assertThat(json).isEqualTo("[0.0000000001,1000.00,1234.50]");
    }

    @Test
    void amounts_beyond_exact_long_cents_are_refused_rather_than_rounded_or_turned_into_null() {
        io.revlake.catalog.ColumnType money = Tables.MRR_SUMMARY.column("mrr").orElseThrow().type();

        assertThat(ColumnCodec.unscaled(new BigDecimal("92233720368547758.07"), money)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> ColumnCodec.unscaled(new BigDecimal("-92233720368547758.08"), money))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("-92233720368547758.08 is beyond the ±92233720368547758.07 the server holds exactly");
        assertThatThrownBy(() -> ColumnCodec.unscaled(new BigDecimal("100000000000000000000"), money))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> ColumnCodec.unscaled(new BigDecimal("0.001"), money))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("0.001 has more than 2 decimals");
    }

    @Test
    void a_column_whose_delta_type_differs_from_the_catalog_fails_the_read_with_a_fix() {
        Path warehouse = GoldFixture.newWarehouse("mismatch");
        StructType catalog = SparkSchemas.schema(Tables.MRR_SUMMARY);
        StructField[] fields = catalog.fields().clone();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals("mrr")) {
                fields[i] = new StructField("mrr", DataTypes.DoubleType, false, fields[i].metadata());
            }
        }
        GoldFixture.write(warehouse, Tables.MRR_SUMMARY, new StructType(fields), GoldFixture.summary());
        DeltaGoldReader reader = new DeltaGoldReader(warehouse.toString());

        assertThatThrownBy(() -> reader.read(Tables.MRR_SUMMARY, reader.latestSnapshot(Tables.MRR_SUMMARY).orElseThrow()))
                .isInstanceOf(GoldReadException.class)
                .hasMessage("gold.mrr_summary version 0: column mrr is double in the Delta table but the catalog says "
                        + "decimal(20,2); rebuild it with ./revlake transform");

        GoldStore store = new GoldStore(reader, List.of(Tables.MRR_SUMMARY), Clock.systemUTC());
        assertThat(store.current().tables().get("gold.mrr_summary"))
                .isInstanceOfSatisfying(UnavailableTable.class, u -> assertThat(u.reason()).contains("column mrr is double"));
    }

    @Test
    void a_version_written_before_an_optional_column_was_added_reads_it_as_missing_and_a_required_one_fails()
            throws GoldReadException {
        Path warehouse = GoldFixture.newWarehouse("older");
        StructType catalog = SparkSchemas.schema(Tables.MRR_CUSTOMER_MONTH);
        StructType withoutPlan = new StructType(java.util.Arrays.stream(catalog.fields())
                .filter(f -> !f.name().equals("plan")).toArray(StructField[]::new));
        GoldFixture.write(warehouse, Tables.MRR_CUSTOMER_MONTH, withoutPlan, GoldFixture.customerMonths());
        DeltaGoldReader reader = new DeltaGoldReader(warehouse.toString());

        LoadedTable loaded = reader.read(Tables.MRR_CUSTOMER_MONTH,
                reader.latestSnapshot(Tables.MRR_CUSTOMER_MONTH).orElseThrow());
        assertThat(loaded.rowCount()).isEqualTo(GoldFixture.customerMonths().size());
        assertThat(loaded.data().columnNames()).isEqualTo(Tables.MRR_CUSTOMER_MONTH.columnNames());
        assertThat(loaded.data().stringColumn("plan").countMissing()).isEqualTo(loaded.rowCount());
        assertThat(loaded.data().stringColumn("customer_id").countMissing()).isZero();
        // A filter on the absent column matches nothing; on a present one it works as usual.
        assertThat(reader.read(Tables.MRR_CUSTOMER_MONTH, reader.latestSnapshot(Tables.MRR_CUSTOMER_MONTH)
                .orElseThrow(), new DeltaGoldReader.RowFilter("plan", java.util.Set.of("pro"))).rowCount()).isZero();
        assertThat(reader.read(Tables.MRR_CUSTOMER_MONTH, reader.latestSnapshot(Tables.MRR_CUSTOMER_MONTH)
                .orElseThrow(), new DeltaGoldReader.RowFilter("customer_id", java.util.Set.of("c-001"))).rowCount())
                .isEqualTo(GoldFixture.customerMonths().stream().filter(r -> "c-001".equals(r.get("customer_id")))
                        .count());

        StructType withoutMrr = new StructType(java.util.Arrays.stream(catalog.fields())
                .filter(f -> !f.name().equals("mrr")).toArray(StructField[]::new));
        Path broken = GoldFixture.newWarehouse("older-required");
        GoldFixture.write(broken, Tables.MRR_CUSTOMER_MONTH, withoutMrr, List.of());
        DeltaGoldReader brokenReader = new DeltaGoldReader(broken.toString());
        assertThatThrownBy(() -> brokenReader.read(Tables.MRR_CUSTOMER_MONTH,
                brokenReader.latestSnapshot(Tables.MRR_CUSTOMER_MONTH).orElseThrow()))
                .isInstanceOf(GoldReadException.class)
                .hasMessageContaining("has no column mrr (the catalog requires it");
    }

    @Test
    void a_table_that_does_not_exist_is_reported_as_missing_not_as_an_error() throws Exception {
        DeltaGoldReader reader = new DeltaGoldReader(GoldFixture.newWarehouse("empty").toString());

        assertThat(reader.latestSnapshot(Tables.MRR_SUMMARY)).isEmpty();
        GoldStore store = new GoldStore(reader, Tables.GOLD, Clock.systemUTC());
        assertThat(store.current().allLoaded()).isFalse();
        assertThatThrownBy(() -> store.current().require(Tables.MRR_MOVEMENTS))
                .isInstanceOf(TableUnavailableException.class)
                .hasMessage("gold.mrr_movements is not available: no Delta table at "
                        + Tables.MRR_MOVEMENTS.location(Path.of(reader.warehouse())));
    }

    @Test
    void a_refresh_without_new_versions_keeps_the_same_snapshot_and_a_new_version_replaces_only_that_table() {
        Path warehouse = GoldFixture.copyOfShared("store");
        GoldStore store = new GoldStore(new DeltaGoldReader(warehouse.toString()), Tables.GOLD, Clock.systemUTC());
        GoldSnapshot first = store.current();

        assertThat(store.refresh()).isFalse();
        assertThat(store.current()).isSameAs(first);

        List<Map<String, Object>> summary = new ArrayList<>(GoldFixture.summary());
        summary.remove(0);
        GoldFixture.write(warehouse, Tables.MRR_SUMMARY, summary);

        assertThat(store.refresh()).isTrue();
        GoldSnapshot second = store.current();
        assertThat(second).isNotSameAs(first);
        assertThat(second.require(Tables.MRR_SUMMARY).version()).isEqualTo(1);
        assertThat(second.require(Tables.MRR_SUMMARY).rowCount()).isEqualTo(3);
        assertThat(second.require(Tables.MRR_MOVEMENTS)).isSameAs(first.require(Tables.MRR_MOVEMENTS));
        // The old snapshot is untouched: a request that holds it still sees version 0.
        assertThat(first.require(Tables.MRR_SUMMARY).rowCount()).isEqualTo(4);
    }

    private static List<String> rowsAsText(LoadedTable loaded) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < loaded.rowCount(); i++) {
            StringBuilder sb = new StringBuilder();
            for (Column c : loaded.table().columns()) {
                sb.append(c.name()).append('=').append(text(ColumnCodec.jsonValue(loaded.data(), c, i))).append(';');
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    private static List<String> asText(TableDef table, List<Map<String, Object>> written) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> given : written) {
            Map<String, Object> row = GoldFixture.complete(table, given);
            StringBuilder sb = new StringBuilder();
            for (Column c : table.columns()) {
                Object value = row.get(c.name());
                if (value != null && c.type().isDecimal()) {
                    value = new BigDecimal(value.toString()).setScale(c.type().scale());
                }
                sb.append(c.name()).append('=').append(text(value)).append(';');
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof Number n && !(value instanceof Double)) {
            return Long.toString(n.longValue());
        }
        return String.valueOf(value);
    }
}
