package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.ingest.IngestJob;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.RecurringConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Explain of billings and bookings on a small hand-built company run through the real pipeline (CSV → ingest →
 * transform → server), as of 2024-03-31, reporting currency USD. The March figures are worked by hand:
 *
 * <pre>
 * FX to USD at 03-31: EUR 1.10, GBP 1.25 (and EUR 1.08, GBP 1.20 from 01-01, the rates on the booking dates).
 *
 * Billings, March: non-void invoices dated in March, totals with tax, credit notes not deducted.
 *   INV-1  C1 03-01 USD 1,000.00        exact 1,000.00
 *   INV-2  C2 03-14 EUR    10.05 × 1.10  exact    11.055   (mid-month)
 *   INV-3  C2 03-20 EUR    20.05 × 1.10  exact    22.055   (credit note CN-1 of 5.00 on 03-25: still 20.05 billed)
 *   INV-4  C3 03-15 GBP    10.01 × 1.25  exact    12.5125
 *   INV-5  C1 03-10 USD   500.00 void: not billed; INV-0 (C1, February) is February's.
 *   dso_month.billings = 1,045.6225 → 1,045.62. Rounded down: 1,000.00 + 11.05 + 22.05 + 12.51 = 1,045.61; the cent
 *   left goes to the largest remainder, INV-2 and INV-3 tie at 0.005 and INV-2 comes first: 11.06.
 *
 * Bookings, March (converted at the booking date, rounded per booking):
 *   CT-1  C5 signed 03-05 USD 1,200.00, one year        TCV 1,200.00  ACV 1,200.00
 *   CT-2  C4 signed 03-18 EUR 1,000.00 × 1.08, two years TCV 1,080.00  ACV   540.00
 *   OP-9  C3 closed-won 03-22 GBP 100.00 × 1.20, no contract  TCV 120.00  ACV 120.00  (an expansion)
 *   (OP-1 is CT-1's opportunity, so not booked twice; OP-8 was lost.)  TCV 2,400.00, ACV 1,860.00.
 *   By type: new (CT-1 from OP-1 of type new; CT-2, C4's first contract) TCV 2,280.00; expansion (OP-9) 120.00.
 * </pre>
 */
class ExplainApiTest {
    private static Path extract;
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() throws IOException {
        Path root = GoldFixture.newWarehouse("explain-billings");
        extract = Files.createDirectories(root.resolve("extract"));
        Path warehouse = root.resolve("warehouse");
        write("customers.csv", """
                customer_id,name,segment,currency
                C1,Dollar Co,smb,USD
                C2,Euro GmbH,mid,EUR
                C3,Sterling Ltd,smb,GBP
                C4,Contract SA,enterprise,EUR
                C5,Licence Inc,enterprise,USD
                """);
        write("subscription_items.csv", """
                item_id,subscription_id,customer_id,start_date,billing_interval,quantity,unit_amount,currency
                I1,S1,C1,2024-01-01,month,1,1000.00,USD
                I2,S2,C2,2024-01-01,month,1,30.00,EUR
                I3,S3,C3,2024-01-01,month,1,10.00,GBP
                """);
        write("invoices.csv", """
                invoice_id,customer_id,invoice_date,due_date,currency,subtotal,tax,total,status
                INV-0,C1,2024-02-01,2024-03-01,USD,1000.00,0,1000.00,paid
                INV-1,C1,2024-03-01,2024-03-31,USD,1000.00,0,1000.00,open
                INV-2,C2,2024-03-14,2024-04-13,EUR,10.05,0,10.05,open
                INV-3,C2,2024-03-20,2024-04-19,EUR,20.05,0,20.05,open
                INV-4,C3,2024-03-15,2024-04-14,GBP,10.01,0,10.01,open
                INV-5,C1,2024-03-10,2024-04-09,USD,500.00,0,500.00,void
                """);
        write("payments.csv", """
                payment_id,customer_id,invoice_id,payment_date,amount,currency
                P-0,C1,INV-0,2024-02-15,1000.00,USD
                """);
        write("credit_notes.csv", """
                credit_note_id,invoice_id,issue_date,amount,currency
                CN-1,INV-3,2024-03-25,5.00,EUR
                """);
        write("fx_rates.csv", """
                date,currency,rate_to_reporting
                2024-01-01,EUR,1.08
                2024-01-01,GBP,1.20
                2024-03-31,EUR,1.10
                2024-03-31,GBP,1.25
                """);
        write("opportunities.csv", """
                opportunity_id,customer_id,type,stage,is_closed,is_won,amount,currency,created_date,close_date
                OP-1,C5,new,Closed Won,true,true,1200.00,USD,2024-02-01,2024-03-05
                OP-8,C1,expansion,Closed Lost,true,false,300.00,USD,2024-02-01,2024-03-12
                OP-9,C3,expansion,Closed Won,true,true,100.00,GBP,2024-02-01,2024-03-22
                """);
        write("contracts.csv", """
                contract_id,customer_id,opportunity_id,signed_date,start_date,end_date,currency,transaction_price
                CT-1,C5,OP-1,2024-03-05,2024-03-05,2025-03-05,USD,1200.00
                CT-2,C4,,2024-03-18,2024-04-01,2026-04-01,EUR,1000.00
                """);
        write("obligations.csv", """
                obligation_id,contract_id,method,ssp,start_date,end_date
                OB-1,CT-1,ratable,1200.00,2024-03-05,2025-03-05
                OB-2,CT-2,ratable,1000.00,2024-04-01,2026-04-01
                """);
        List<String> log = new ArrayList<>();
        new IngestJob(SparkSessions.shared(), warehouse.toString(), log::add).run(extract);
        new Pipeline(SparkSessions.shared(), warehouse.toString(), log::add)
                .transform(Pipeline.Stage.ALL, RecurringConfig.defaults(LocalDate.of(2024, 3, 31)));
        server = TestServers.start(warehouse);
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    private static void write(String file, String text) throws IOException {
        Files.writeString(extract.resolve(file), text);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void billings_of_march_are_its_invoices_summing_to_the_series_cell_to_the_cent() {
        JsonNode series = ok("api/v1/metrics/billings/series?from=2024-03&to=2024-03");
        assertThat(dec(series.get("rows").get(0), "value")).isEqualByComparingTo("1045.62");

        JsonNode body = ok("api/v1/explain?metric=billings&month=2024-03");
        assertThat(body.get("source_table").asText()).isEqualTo("gold.billings");
        assertThat(dec(body, "cell")).isEqualByComparingTo("1045.62");
        assertThat(dec(body, "total")).isEqualByComparingTo("1045.62");
        assertThat(body.get("ties").asBoolean()).isTrue();
        assertThat(body.get("contributors").asLong()).isEqualTo(3);
        Map<String, JsonNode> rows = byKey(body.get("rows"), "invoice_id");
        assertThat(rows.keySet()).containsExactly("INV-1", "INV-3", "INV-4", "INV-2");  // largest amount first
        assertThat(amounts(rows)).containsExactly("INV-1 1000.00", "INV-3 22.05", "INV-4 12.51", "INV-2 11.06");
        JsonNode credited = rows.get("INV-3");
        assertThat(dec(credited, "total")).as("the credit note is not deducted").isEqualByComparingTo("20.05");
        assertThat(credited.get("currency").asText()).isEqualTo("EUR");
        assertThat(dec(credited, "fx_rate")).isEqualByComparingTo("1.10");
        assertThat(rows.get("INV-2").get("invoice_date").asText()).isEqualTo("2024-03-14");
        assertThat(rows.get("INV-2").get("customer_id").asText()).isEqualTo("C2");
    }

    @Test
    void one_customers_billings_reach_the_silver_invoices_and_the_lines_of_the_source_file() throws IOException {
        JsonNode body = ok("api/v1/explain?metric=billings&month=2024-03&customer_id=C2");
        assertThat(dec(body, "customer_amount")).isEqualByComparingTo("33.11");  // 11.06 + 22.05
        assertThat(byKey(body.get("contributions"), "invoice_id").keySet()).containsExactlyInAnyOrder("INV-2", "INV-3");
        Map<String, JsonNode> invoices = new LinkedHashMap<>();
        for (JsonNode s : body.get("silver")) {
            if (s.get("table").asText().equals("silver.invoices")) {
                invoices.put(s.get("key").asText(), s.get("values"));
            }
        }
        assertThat(invoices.keySet()).containsExactlyInAnyOrder("INV-2", "INV-3");
        assertThat(dec(invoices.get("INV-3"), "total")).isEqualByComparingTo("20.05");
        assertLinesHoldTheirKeys(body, Set.of("silver.customers", "silver.invoices", "bronze.canonical_customers",
                "bronze.canonical_invoices"));
    }

    @Test
    void bookings_of_march_are_its_contracts_and_uncontracted_wins_summing_to_the_tcv_and_acv_cells() {
        JsonNode tcv = ok("api/v1/explain?metric=bookings&month=2024-03");
        assertThat(tcv.get("metric").asText()).isEqualTo("bookings_tcv");
        assertThat(tcv.get("source_table").asText()).isEqualTo("gold.bookings");
        assertThat(dec(tcv, "cell")).isEqualByComparingTo("2400.00");
        assertThat(dec(tcv, "total")).isEqualByComparingTo("2400.00");
        assertThat(tcv.get("ties").asBoolean()).isTrue();
        assertThat(amounts(byKey(tcv.get("rows"), "booking_id")))
                .containsExactly("CT-1 1200.00", "CT-2 1080.00", "OP-9 120.00");

        JsonNode acv = ok("api/v1/explain?metric=acv&month=2024-03");
        assertThat(dec(acv, "cell")).isEqualByComparingTo("1860.00");
        assertThat(acv.get("ties").asBoolean()).isTrue();
        Map<String, JsonNode> rows = byKey(acv.get("rows"), "booking_id");
        assertThat(amounts(rows)).containsExactly("CT-1 1200.00", "CT-2 540.00", "OP-9 120.00");
        assertThat(rows.get("CT-2").get("currency").asText()).isEqualTo("EUR");
        assertThat(dec(rows.get("CT-2"), "tcv")).isEqualByComparingTo("1000.00");
        assertThat(dec(rows.get("CT-2"), "fx_rate")).isEqualByComparingTo("1.08");
        assertThat(rows.get("OP-9").get("source").asText()).isEqualTo("opportunity");
    }

    @Test
    void one_customers_bookings_reach_the_silver_contract_and_the_line_of_the_source_file() throws IOException {
        JsonNode body = ok("api/v1/explain?metric=bookings_tcv&month=2024-03&customer_id=C4");
        assertThat(dec(body, "customer_amount")).isEqualByComparingTo("1080.00");
        assertLinesHoldTheirKeys(body, Set.of("silver.customers", "silver.contracts", "bronze.canonical_customers",
                "bronze.canonical_contracts"));
        JsonNode won = ok("api/v1/explain?metric=bookings_tcv&month=2024-03&customer_id=C3");
        assertLinesHoldTheirKeys(won, Set.of("silver.customers", "silver.opportunities", "bronze.canonical_customers",
                "bronze.canonical_opportunities"));
    }

    @Test
    void billings_and_bookings_take_no_customer_dimension_filter() {
        for (String metric : List.of("billings", "bookings_tcv")) {
            Http.Response r = Http.get(base, "api/v1/explain?metric=" + metric + "&month=2024-03&filter=segment:smb",
                    TestServers.ANALYST);
            assertThat(r.status()).as(metric).isEqualTo(400);
        }
        // bookings name the dimension they do take
        Http.Response r = Http.get(base, "api/v1/explain?metric=bookings&month=2024-03&filter=segment:smb",
                TestServers.ANALYST);
        assertThat(r.body()).contains("booking_type");
    }

    @Test
    void bookings_filtered_by_type_are_that_types_bookings_and_tie_with_the_filtered_cell() {
        JsonNode fresh = ok("api/v1/explain?metric=bookings&month=2024-03&filter=booking_type:new");
        assertThat(dec(fresh, "cell")).isEqualByComparingTo("2280.00");
        assertThat(dec(fresh, "total")).isEqualByComparingTo("2280.00");
        assertThat(fresh.get("ties").asBoolean()).isTrue();
        assertThat(amounts(byKey(fresh.get("rows"), "booking_id"))).containsExactly("CT-1 1200.00", "CT-2 1080.00");

        JsonNode expansion = ok("api/v1/explain?metric=acv&month=2024-03&filter=booking_type:expansion");
        assertThat(dec(expansion, "cell")).isEqualByComparingTo("120.00");
        assertThat(expansion.get("ties").asBoolean()).isTrue();
        assertThat(amounts(byKey(expansion.get("rows"), "booking_id"))).containsExactly("OP-9 120.00");

        // a type that has no bookings in the data is refused, naming those that do
        Http.Response r = Http.get(base, "api/v1/explain?metric=bookings&month=2024-03&filter=booking_type:upsell",
                TestServers.ANALYST);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("booking_type:expansion", "booking_type:new");
    }

    /** Every lineage row names the file and line it came from, and that line holds the row's key. */
    private static void assertLinesHoldTheirKeys(JsonNode body, Set<String> expectedTables) throws IOException {
        Set<String> tables = new HashSet<>();
        for (JsonNode r : body.get("rows")) {
            tables.add(r.get("table").asText());
            List<String> lines = Files.readAllLines(extract.resolve(r.get("_source_file").asText()));
            String line = lines.get(r.get("_source_row").asInt()); // line 0 is the header
            assertThat(line).as(r.toString()).contains(r.get("key").asText());
        }
        assertThat(tables).isEqualTo(expectedTables);
    }

    private static Map<String, JsonNode> byKey(JsonNode rows, String key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(r.get(key).asText(), r));
        return out;
    }

    private static List<String> amounts(Map<String, JsonNode> rows) {
        return rows.entrySet().stream().map(e -> e.getKey() + " " + dec(e.getValue(), "amount").setScale(2).toPlainString())
                .toList();
    }

    private static BigDecimal dec(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }

    private static JsonNode ok(String path) {
        Http.Response response = Http.get(base, path, TestServers.ANALYST);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
