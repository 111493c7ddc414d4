package io.revlake.ingest.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.warehouse.Values;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QuickBooks refund receipts (→ negative payments) and journal entry lines (→ journal_lines), without Spark. Expected
 * rows were worked out by hand from the shared Fivetran samples and the fixtures in
 * src/test/resources/connectors/erp/quickbooks (README there); the balance check is in the transform's CheckRunnerTest.
 */
class QuickBooksLedgerTest {
    static final SourceReader ERP = SourceReaders.forName("erp");
    static final Path FIXTURES = Path.of("src/test/resources/connectors/erp/quickbooks");
    @TempDir
    Path tmp;

    static ReaderRun sample(String file) throws Exception {
        return ReaderRun.of(ERP, ReaderRun.shared("erp", "quickbooks", file));
    }

    static ReaderRun fixture(String file) throws Exception {
        return ReaderRun.of(ERP, FIXTURES.resolve(file));
    }

    static SourceRecord rec(ReaderRun run, String key) {
        return run.records().stream().filter(r -> key.equals(r.values().get(r.entity().key().get(0)))).findFirst()
                .orElseThrow(() -> new AssertionError("no record " + key + " in " + run.file()));
    }

    // --- shared samples -------------------------------------------------------------------------------------------

    @Test
    void sample_journal_lines_take_date_and_currency_from_their_entry_and_names_from_the_chart_of_accounts()
            throws Exception {
        // 12 rows: entry 41 (6 lines, 1 debit and 5 credits), 112, 116, 44 and 395 (one debit each, customer 10) have
        // a header; entries 92011 and 92012 are not in journal_entry_data.csv. Accounts 39 and 40 are in the chart.
        ReaderRun run = sample("journal_entry_line_data.csv");
        assertThat(run.records()).hasSize(12).allMatch(r -> r.entity() == CanonicalEntity.JOURNAL_LINES);
        assertThat(run.accepted()).hasSize(10);
        assertThat(run.tombstones()).isEmpty();
        assertThat(run.reasons()).isEqualTo(Map.of("MISSING_VALUE", 2L));
        assertThat(run.reasonOf("92011/0")).isEqualTo("MISSING_VALUE: journal entry 92011 is not in "
                + "journal_entry_data.csv, which gives its posting date and currency");
        // line_id|entry_id|posting_date|account_id|account_name|account_type|customer_id|debit|credit|currency|memo|updated_at
        assertThat(ReaderRun.line(rec(run, "41/6"))).isEqualTo("41/6|41|2020-07-14|39|6d69cd92d636a07b52a62b37e1f5201a"
                + "|Bank||70643|0|USD||2020-07-14T17:00:00");
        assertThat(ReaderRun.line(rec(run, "41/0"))).isEqualTo("41/0|41|2020-07-14|35||||0|30476|USD||2020-07-14T17:00:00");
        assertThat(ReaderRun.line(rec(run, "112/2"))).isEqualTo("112/2|112|2020-08-31|50|||10|22472|0|USD|Debit"
                + "|2020-10-07T16:15:01");
        assertThat(rec(run, "41/6").extras()).containsEntry("posting_type", "Debit").containsEntry("line_index", "6")
                .containsEntry("erp_system", "quickbooks").containsEntry("doc_number", "cdfea8fe737ad94ad2ade5f8d6abc45e");
        // The sample's entries do not balance (41: debits 70643, credits 220833): the transform's warning names them.
        BigDecimal debits = run.accepted().stream().filter(r -> r.values().get("entry_id").equals("41"))
                .map(r -> new BigDecimal(r.values().get("debit"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal credits = run.accepted().stream().filter(r -> r.values().get("entry_id").equals("41"))
                .map(r -> new BigDecimal(r.values().get("credit"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(debits).isEqualByComparingTo("70643");
        assertThat(credits).isEqualByComparingTo("220833");
    }

    @Test
    void sample_refund_receipts_are_two_deletions_and_two_refunds_without_a_customer() throws Exception {
        // 4 rows: 105 and 104 are deleted; 298 and 3001 have no customer_id (nor amount and date: the seed's gaps).
        ReaderRun run = sample("refund_receipt_data.csv");
        assertThat(run.records()).hasSize(4).allMatch(r -> r.entity() == CanonicalEntity.PAYMENTS);
        assertThat(run.tombstones()).extracting(ReaderRun::line).containsExactly("DELETED 105/refund", "DELETED 104/refund");
        assertThat(run.accepted()).isEmpty();
        assertThat(run.reasons()).isEqualTo(Map.of("MISSING_VALUE", 2L));
        assertThat(run.reasonOf("298/refund")).isEqualTo("MISSING_VALUE: customer_id is required but empty");
        assertThat(run.reasonOf("3001/refund")).isEqualTo("MISSING_VALUE: customer_id is required but empty");
    }

    @Test
    void the_journal_header_and_the_chart_of_accounts_are_read_with_the_lines_not_on_their_own() throws Exception {
        assertThat(ERP.whyNot(Path.of("journal_entry_data.csv")))
                .isEqualTo("QuickBooks journal entry headers: read with their lines (journal_entry_line_data.csv)");
        assertThat(ERP.whyNot(Path.of("account_data.csv")))
                .isEqualTo("QuickBooks chart of accounts: read with the journal entry lines (journal_entry_line_data.csv)");
        assertThat(ERP.whyNot(Path.of("journal_entry_line_data.csv"))).isNull();
        assertThat(ERP.whyNot(Path.of("quickbooks_refund_receipt_data.csv"))).isNull();
        assertThat(ERP.entityHint(Path.of("journal_entry_line_data.csv"))).isEqualTo("journal_lines");
        assertThat(ERP.entityHint(Path.of("refund_receipt_data.csv"))).isEqualTo("payments");
        assertThat(ERP.dependencies(FIXTURES.resolve("journal_entry_line_data.csv")))
                .extracting(p -> p.getFileName().toString()).containsExactly("journal_entry_data.csv", "account_data.csv");
        assertThat(ERP.dependencies(FIXTURES.resolve("refund_receipt_data.csv"))).isEmpty();
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    @Test
    void fixture_journal_lines_split_the_unsigned_amount_by_posting_type() throws Exception {
        ReaderRun run = fixture("journal_entry_line_data.csv");
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly(
                // 7001 balances: AR debit 1100.00 = income 1000.00 + tax 100.00 credits
                "7001/0|7001|2024-01-31|92001|Accounts Receivable|Accounts Receivable|C1|1100.00|0|USD"
                        + "|Invoice 1001 billed|2024-02-01T09:30:00",
                "7001/1|7001|2024-01-31|999|Sales:Subscriptions|Income|C1|0|1000.00|USD||2024-02-01T09:30:00",
                "7001/2|7001|2024-01-31|90002|Sales Tax Payable|Other Current Liability||0|100.00|USD||2024-02-01T09:30:00",
                // 7002 does not (500.00 against 450.00): accepted, it is the source's entry; the check flags it
                "7002/0|7002|2024-02-29|92002|Accounts Receivable EUR|Accounts Receivable|C2|500.00|0|EUR||",
                "7002/1|7002|2024-02-29|999|Sales:Subscriptions|Income||0|450.00|EUR||",
                // lower-case posting types; account 77777 is not in the chart: no name, no type
                "7005/0|7005|2024-03-15|84545|Checking|Bank||20|0|USD||",
                "7005/1|7005|2024-03-15|77777||||0|20|USD||");
        assertThat(run.tombstones()).extracting(ReaderRun::line).containsExactly("DELETED 7003/0");
        assertThat(rec(run, "7003/0").extras()).containsEntry("deleted_with_entry", "7003");
        assertThat(rec(run, "7002/0").extras()).containsEntry("exchange_rate", "1.08").containsEntry("doc_number", "JE-2");
        assertThat(rec(run, "7001/0").extras()).containsEntry("account_classification", "Asset");
        assertThat(run.reasons()).isEqualTo(Map.of("INVALID_VALUE", 1L, "MISSING_VALUE", 2L, "INVALID_NUMBER", 1L,
                "NEGATIVE_VALUE", 1L));
        assertThat(run.records()).hasSize(13);
    }

    @Test
    void fixture_journal_lines_are_quarantined_per_reason() throws Exception {
        ReaderRun run = fixture("journal_entry_line_data.csv");
        assertThat(run.reasonOf("7004/0")).isEqualTo("INVALID_VALUE: posting_type 'Adjustment' is neither Debit nor "
                + "Credit (QuickBooks amounts are unsigned: the side of the entry is only in posting_type)");
        assertThat(run.reasonOf("7004/1")).isEqualTo("MISSING_VALUE: posting_type is required but empty, so the line "
                + "is neither a debit nor a credit (QuickBooks amounts are unsigned)");
        assertThat(run.reasonOf("7004/2"))
                .isEqualTo("INVALID_NUMBER: amount '1O.00' is not valid (expected a plain decimal such as 1234.50)");
        assertThat(run.reasonOf("7004/3")).startsWith("NEGATIVE_VALUE: debit");
        assertThat(run.reasonOf("7009/0")).isEqualTo("MISSING_VALUE: journal entry 7009 is not in "
                + "journal_entry_data.csv, which gives its posting date and currency");
    }

    @Test
    void journal_lines_without_their_entries_beside_them_say_so_and_without_a_chart_have_no_account_names()
            throws Exception {
        Path lines = Files.copy(FIXTURES.resolve("journal_entry_line_data.csv"), tmp.resolve("journal_entry_line_data.csv"));
        ReaderRun alone = ReaderRun.of(ERP, lines);
        assertThat(alone.accepted()).isEmpty();
        assertThat(alone.reasonOf("7001/0")).isEqualTo("MISSING_VALUE: journal entry 7001 is not in a "
                + "journal_entry_data.csv beside this file (there is none), which gives its posting date and currency");
        Files.copy(FIXTURES.resolve("journal_entry_data.csv"), tmp.resolve("journal_entry_data.csv"));
        ReaderRun noChart = ReaderRun.of(ERP, lines);
        assertThat(noChart.accepted()).hasSize(7)
                .allSatisfy(r -> assertThat(r.values().get("account_name")).isNull());
    }

    @Test
    void posting_type_decides_the_side_and_nothing_else_is_a_side() throws Exception {
        assertThat(QuickBooksReader.posting("Debit", new BigDecimal("12.50")))
                .isEqualTo(new QuickBooksReader.Posting(new BigDecimal("12.50"), BigDecimal.ZERO));
        assertThat(QuickBooksReader.posting("CREDIT", new BigDecimal("3")))
                .isEqualTo(new QuickBooksReader.Posting(BigDecimal.ZERO, new BigDecimal("3")));
        assertThatThrownBy(() -> QuickBooksReader.posting("Dr", BigDecimal.ONE)).isInstanceOf(Values.Bad.class)
                .satisfies(e -> assertThat(((Values.Bad) e).rejection.code()).isEqualTo(ReasonCode.INVALID_VALUE));
        assertThatThrownBy(() -> QuickBooksReader.posting(null, BigDecimal.ONE))
                .satisfies(e -> assertThat(((Values.Bad) e).rejection.code()).isEqualTo(ReasonCode.MISSING_VALUE));
    }

    @Test
    void fixture_refund_receipts_are_negative_payments_of_kind_refund() throws Exception {
        ReaderRun run = fixture("refund_receipt_data.csv");
        // payment_id|customer_id|invoice_id|payment_date|amount|currency
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly("8001/refund|C1||2024-03-10|-40.00|USD");
        assertThat(rec(run, "8001/refund").extras()).containsEntry("kind", "refund")
                .containsEntry("qbo_refund_receipt_id", "8001").containsEntry("doc_number", "RR-1")
                .containsEntry("payment_type", "Check").containsEntry("deposit_to_account_id", "84545");
        assertThat(run.tombstones()).extracting(ReaderRun::line).containsExactly("DELETED 8002/refund");
        assertThat(run.reasonOf("8003/refund")).isEqualTo("MISSING_VALUE: customer_id is required but empty");
        assertThat(run.reasonOf("8004/refund")).isEqualTo("MISSING_VALUE: currency is required but empty");
        assertThat(run.reasonOf("8005/refund"))
                .isEqualTo("INVALID_NUMBER: total_amount '2,50' is not valid (expected a plain decimal such as 1234.50)");
        assertThat(run.records()).hasSize(5);
    }
}
