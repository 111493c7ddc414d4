package io.revlake.sample.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Stripe writer on a hand-made extract in currencies of every minor unit (JPY none, USD two, KWD three), read back
 * by the Stripe connector without Spark. The whole-company comparison on Delta is {@code SourceFormatsSilverTest}.
 */
class StripeFormatTest {
    static final SourceReader STRIPE = SourceReaders.forName("stripe");

    @TempDir
    Path tmp;

    @Test
    void amounts_are_minor_units_of_each_currency_and_map_back_exactly() throws Exception {
        Path extract = Files.createDirectories(tmp.resolve("canonical"));
        Files.writeString(extract.resolve("customers.csv"), """
                customer_id,name,segment,region,country,channel,currency,created_at,crm_account_id,billing_customer_id,erp_customer_id,updated_at
                C1,Kaisha K.K.,smb,APAC,JP,organic,JPY,2024-01-02T03:04:05Z,,,,
                """);
        Files.writeString(extract.resolve("subscription_items.csv"), """
                item_id,subscription_id,customer_id,product_id,plan_id,start_date,end_date,billing_interval,interval_count,quantity,unit_amount,discount_pct,discount_amount,discount_end,currency,trial_end,seat_based,updated_at
                SI1,S1,C1,prod_a,a_jpy,2024-01-02,2024-07-02,quarter,1,3,1500,,200,2024-04-02,JPY,,true,
                SI2,S2,C1,prod_b,b_kwd,2024-02-01,,month,1,1,12.345,10,,,KWD,,true,
                """);
        Files.writeString(extract.resolve("invoices.csv"), """
                invoice_id,customer_id,invoice_date,due_date,currency,subtotal,tax,total,status,updated_at
                INV1,C1,2024-01-02,2024-02-01,JPY,4500,450,4950,paid,2024-01-03T00:00:00Z
                INV2,C1,2024-02-01,2024-03-02,KWD,12.345,,12.345,open,
                """);
        Files.writeString(extract.resolve("invoice_lines.csv"), """
                line_id,invoice_id,item_id,product_id,line_type,amount,quantity,service_start,service_end,obligation_id
                L1,INV1,SI1,prod_a,subscription,4500,3,2024-01-02,2024-04-02,
                L2,INV2,,prod_b,one_time,12.345,1,,,
                """);
        Files.writeString(extract.resolve("payments.csv"), """
                payment_id,customer_id,invoice_id,payment_date,amount,currency
                P1,C1,INV1,2024-01-03,4950,JPY
                P2,C1,,2024-02-05,0.500,KWD
                P3,C1,INV1,2024-01-20,-950,JPY
                """);
        Files.writeString(extract.resolve("credit_notes.csv"), """
                credit_note_id,invoice_id,issue_date,amount,currency
                CN1,INV2,2024-02-10,1.250,KWD
                """);
        Path out = tmp.resolve("stripe");
        Map<String, Long> written = SourceFormat.STRIPE.write(extract, out);
        assertThat(written).containsEntry("invoices.jsonl", 2L).containsEntry("subscriptions.jsonl", 2L)
                .containsEntry("charges.jsonl", 3L).containsEntry("credit_notes.jsonl", 1L);
        assertThat(Files.readString(out.resolve("invoices.jsonl")))
                .contains("\"total\":4950", "\"tax\":450", "\"total\":12345", "\"amount\":4500", "\"amount\":12345");
        assertThat(Files.readString(out.resolve("subscriptions.jsonl")))
                .contains("\"unit_amount\":1500", "\"unit_amount_decimal\":\"12345\"", "\"amount_off\":200",
                        "\"interval\":\"month\",\"interval_count\":3");

        Map<String, String> mapped = new TreeMap<>();
        for (ReaderRun run : ReaderRun.all(STRIPE, out).values()) {
            assertThat(run.rejected()).as(run.file()).isEmpty();
            run.accepted().forEach(r -> mapped.put(r.entity().fileStem() + " " + r.values().get(r.entity().key().get(0)),
                    ReaderRun.line(r)));
        }
        assertThat(mapped).containsOnlyKeys("customers C1", "subscription_items SI1", "subscription_items SI2",
                "invoices INV1", "invoices INV2", "invoice_lines L1", "invoice_lines L2", "payments P1", "payments P2", "payments P3",
                "credit_notes CN1");
        assertThat(List.of(mapped.get("invoices INV1"), mapped.get("invoices INV2"), mapped.get("payments P2"),
                mapped.get("payments P3"), mapped.get("credit_notes CN1"), mapped.get("subscription_items SI1"), mapped.get("subscription_items SI2")))
                .containsExactly(
                        "INV1|C1|2024-01-02|2024-02-01|JPY|4500|450|4950|paid",
                        "INV2|C1|2024-02-01|2024-03-02|KWD|12.345||12.345|open",
                        "P2|C1||2024-02-05|0.500|KWD",
                        "P3|C1|INV1|2024-01-20|-950|JPY",
                        "CN1|INV2|2024-02-10|1.250|KWD",
                        "SI1|S1|C1|prod_a|a_jpy|2024-01-02|2024-07-02|month|3|3|1500||200|2024-04-02|JPY||true",
                        "SI2|S2|C1|prod_b|b_kwd|2024-02-01||month|1|1|12.345|10|||KWD||true");
    }

    @Test
    void an_amount_finer_than_the_currency_minor_unit_is_refused() {
        assertThat(Values.minorUnits("1000", "JPY")).isEqualTo(1000);
        assertThat(Values.minorUnits("-12.34", "USD")).isEqualTo(-1234);
        assertThatThrownBy(() -> Values.minorUnits("10.5", "JPY")).isInstanceOf(ArithmeticException.class);
    }
}
