package io.revlake.ingest.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Values;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import io.revlake.ingest.SourceRecord;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QuickBooks Online, SAP ECC and NetSuite2 tables → canonical records, without Spark. Expected counts and values of
 * the shared samples were worked out by hand from the CSVs (notes beside each test); the fixtures'
 * (src/test/resources/connectors/erp, README there) are the edge cases the samples do not hold.
 */
class ErpConnectorTest {
    static final SourceReader ERP = SourceReaders.forName("erp");
    static final Path FIXTURES = Path.of("src/test/resources/connectors/erp");
    @TempDir
    Path tmp;

    static ReaderRun sample(String system, String file) throws Exception {
        return ReaderRun.of(ERP, ReaderRun.shared("erp", system, file));
    }

    static ReaderRun fixture(String system, String file) throws Exception {
        return ReaderRun.of(ERP, FIXTURES.resolve(system).resolve(file));
    }

    static SourceRecord rec(ReaderRun run, String key) {
        return run.records().stream().filter(r -> key.equals(r.values().get(r.entity().key().get(0)))).findFirst()
                .orElseThrow(() -> new AssertionError("no record " + key + " in " + run.file()));
    }

    static List<String> keys(List<SourceRecord> records) {
        return records.stream().map(r -> r.values().get(r.entity().key().get(0))).toList();
    }

    // --- shared samples -------------------------------------------------------------------------------------------

    @Test
    void quickbooks_sample_invoices_are_five_open_invoices_and_eleven_deletions() throws Exception {
        // 16 rows: 11 have _fivetran_deleted = TRUE; 40113, 40114, 40115, 40116 and 50001 carry a non-zero balance.
        ReaderRun run = sample("quickbooks", "invoice_data.csv");
        assertThat(run.records()).hasSize(16);
        assertThat(keys(run.accepted())).containsExactly("40113", "40114", "40115", "40116", "50001");
        assertThat(run.tombstones()).hasSize(11);
        assertThat(run.rejected()).isEmpty();
        assertThat(ReaderRun.line(rec(run, "40114")))
                .isEqualTo("40114|4783|2021-01-19|2021-02-03|USD|56825.00|5682.50|62507.50|open|2021-01-19T21:48:12");
        SourceRecord eur = rec(run, "50001");
        assertThat(eur.values().get("currency")).isEqualTo("EUR");
        assertThat(eur.extras()).containsEntry("exchange_rate", "1.25").containsEntry("balance", "1000.00")
                .containsEntry("erp_system", "quickbooks");
        assertThat(ReaderRun.line(rec(run, "28957"))).isEqualTo("DELETED 28957");
    }

    @Test
    void quickbooks_sample_lines_skip_subtotals_and_quarantine_lines_without_a_kind() throws Exception {
        // 22 rows: 12 SalesItemLineDetail (28957/1 belongs to a deleted invoice → tombstone), 1 discount,
        // 6 SubTotalLineDetail and 1 DescriptionOnly skipped, 2 with an empty detail_type (35647/3, 35647/4).
        ReaderRun run = sample("quickbooks", "invoice_line_data.csv");
        assertThat(run.records()).hasSize(15);
        assertThat(run.accepted()).hasSize(12);
        assertThat(keys(run.tombstones())).containsExactly("28957/1");
        assertThat(run.reasons()).isEqualTo(Map.of("MISSING_VALUE", 2L));
        assertThat(run.reasonOf("35647/3")).startsWith("MISSING_VALUE: detail_type is required but empty");
        assertThat(ReaderRun.line(rec(run, "35647/5"))).isEqualTo("35647/5|35647|||one_time|-24850||||");
        assertThat(ReaderRun.line(rec(run, "40114/1"))).isEqualTo("40114/1|40114||100|one_time|1000.00|50|||");
        assertThat(run.outcome().note()).isEqualTo("not ingested: DescriptionOnly lines (text, not a fact) ×1, "
                + "SubTotalLineDetail lines (a sum of other lines, not a fact) ×6");
    }

    @Test
    void quickbooks_sample_payment_lines_need_their_payment_header() throws Exception {
        // Of the 12 payment lines only payment 9001 is in payment_data.csv; the other 11 have no customer/date/currency.
        ReaderRun run = sample("quickbooks", "payment_line_data.csv");
        assertThat(run.records()).hasSize(12);
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly("9001/0|698|50001|2026-02-01|1000|EUR");
        assertThat(run.reasons()).isEqualTo(Map.of("MISSING_VALUE", 11L));
        assertThat(run.reasonOf("24360/0")).isEqualTo("MISSING_VALUE: payment 24360 is not in payment_data.csv, "
                + "which gives its customer, date and currency");

        ReaderRun payments = sample("quickbooks", "payment_data.csv");
        assertThat(payments.records()).isEmpty();
        assertThat(payments.outcome().note()).isEqualTo("not ingested: payments with nothing unapplied "
                + "(their applications are in payment_line) ×12");
    }

    @Test
    void quickbooks_sample_credit_memos_applied_to_no_invoice_are_quarantined() throws Exception {
        ReaderRun run = sample("quickbooks", "credit_memo_data.csv");
        assertThat(run.records()).hasSize(12);
        assertThat(run.reasons()).isEqualTo(Map.of("MISSING_VALUE", 12L));
        assertThat(run.reasonOf("2702")).isEqualTo("MISSING_VALUE: invoice_id is unknown: no payment line in "
                + "payment_line_data.csv applies credit memo 2702 to an invoice");
    }

    @Test
    void quickbooks_sample_customers_go_through_the_declarative_mapping() throws Exception {
        ReaderRun run = sample("quickbooks", "customer_data.csv");
        assertThat(keys(run.accepted())).containsExactly("10", "14", "17", "13");
        assertThat(keys(run.tombstones())).containsExactly("19");
        assertThat(ReaderRun.line(rec(run, "10"))).isEqualTo(
                "10|ce7566d1d08cc094b74cf283cf9c56a5|USD|2020-05-28T13:09:22|10|2020-05-28T13:09:22");
    }

    @Test
    void quickbooks_lookup_tables_are_reported_not_read() {
        assertThat(ERP.whyNot(Path.of("invoice_tax_line_data.csv")))
                .isEqualTo("QuickBooks invoice tax lines: the invoice carries total_tax");
        assertThat(ERP.whyNot(Path.of("purchase_data.csv"))).isEqualTo("QuickBooks table purchase has no canonical entity (not mapped)");
        assertThat(ERP.whyNot(Path.of("sap_bkpf_data.csv"))).isEqualTo("SAP document headers: read with the line items (sap_bseg_data.csv)");
        assertThat(ERP.whyNot(Path.of("netsuite2_currency_data.csv"))).startsWith("NetSuite lookup table");
        assertThat(ERP.whyNot(Path.of("README.md"))).isEmpty();
        assertThat(ERP.whyNot(Path.of("invoice_line_data.csv"))).isNull();
    }

    @Test
    void sap_sample_has_three_customers_and_only_gl_lines() throws Exception {
        ReaderRun kna1 = sample("sap", "sap_kna1_data.csv");
        assertThat(kna1.accepted()).extracting(ReaderRun::line).containsExactly(
                "CA301|Dunder Mifflin|USA|2011-12-01|CA301", "CA302|Krusty Krab.|PO|2011-12-01|CA302",
                "CA303|Holmes And Watson|UK|2011-12-01|CA303");
        // The three bseg rows are G/L lines (koart s) of documents that are not in bkpf either: no receivables.
        ReaderRun bseg = sample("sap", "sap_bseg_data.csv");
        assertThat(bseg.records()).isEmpty();
        assertThat(bseg.outcome().note()).isEqualTo("not ingested: lines of account type S (G/L, vendor, …: not receivables) ×3");
    }

    @Test
    void netsuite_sample_holds_five_customers_and_no_receivables() throws Exception {
        // 6 rows, the second 1376 is an earlier version; currency 1 is not in the sample's currency table (ids 2, 3, 4).
        ReaderRun customers = sample("netsuite", "netsuite2_customer_data.csv");
        assertThat(keys(customers.accepted())).containsExactly("1409", "1408", "1388", "1440", "1376");
        assertThat(ReaderRun.line(rec(customers, "1388")))
                .isEqualTo("1388|Jess is Best||||||2017-05-10T19:14:00|||1388|2017-05-09T06:07:26");
        assertThat(customers.outcome().note()).isEqualTo("not ingested: earlier versions (_fivetran_active = FALSE) ×1; "
                + "currency left empty: id not in netsuite2_currency_data.csv ×5");

        ReaderRun tx = sample("netsuite", "netsuite2_transaction_data.csv");
        assertThat(tx.records()).isEmpty();
        assertThat(tx.outcome().note()).isEqualTo("not ingested: VendBill transactions (not receivables) ×3, "
                + "earlier versions (_fivetran_active = FALSE) ×1");
        assertThat(sample("netsuite", "netsuite2_transaction_line_data.csv").outcome().note()).isEqualTo(
                "not ingested: lines of transactions not in netsuite2_transaction_data.csv ×5");
        ReaderRun rates = sample("netsuite", "netsuite2_consolidated_exchange_rate_data.csv");
        assertThat(rates.records()).isEmpty();
        assertThat(rates.outcome().note()).isEqualTo("not ingested: rates whose currency ids are not in "
                + "netsuite2_currency_data.csv (no rate to USD derivable) ×5");
    }

    // --- QuickBooks fixtures ----------------------------------------------------------------------------------------

    @Test
    void quickbooks_invoice_status_comes_from_the_balance_and_bad_values_are_quarantined() throws Exception {
        ReaderRun run = fixture("quickbooks", "invoice_data.csv");
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly(
                "1001|C1|2024-01-10|2024-02-09|USD|1000.00|100.00|1100.00|paid|",
                "1002|C1|2024-02-10|2024-03-11|USD|500.00||500.00|open|",
                "1003|C2|2024-03-01|2024-03-31|EUR|300.00|0|300.00|paid|");
        assertThat(keys(run.tombstones())).containsExactly("1004");
        assertThat(run.reasonOf("1005")).isEqualTo("INVALID_NUMBER: total_amount '12,50' is not valid (expected a plain decimal such as 1234.50)");
        assertThat(run.reasonOf("1006")).isEqualTo("INVALID_DATE: due_date '2024-02-30' is not valid (expected a real date as YYYY-MM-DD)");
        assertThat(rec(run, "1003").extras()).containsEntry("home_total_amount", "324.00");
    }

    @Test
    void quickbooks_discounts_are_negative_and_lines_of_a_deleted_invoice_are_tombstones() throws Exception {
        ReaderRun run = fixture("quickbooks", "invoice_line_data.csv");
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly(
                "1001/0|1001||7|one_time|1000.00|2|||", "1002/0|1002||8|one_time|600.00|1|||",
                "1002/1|1002|||one_time|-100.00||||");
        assertThat(keys(run.tombstones())).containsExactly("1004/0");
        assertThat(run.reasonOf("1003/0")).startsWith("INVALID_VALUE: detail_type 'GroupLineDetail' is not a line kind");
        assertThat(run.outcome().note()).isEqualTo("not ingested: SubTotalLineDetail lines (a sum of other lines, not a fact) ×1");
    }

    @Test
    void quickbooks_partial_payments_credit_memo_applications_and_unapplied_cash() throws Exception {
        ReaderRun lines = fixture("quickbooks", "payment_line_data.csv");
        // Invoice 1002 (500.00) is paid 250.00 by 5002 and 50.00 by 5003; 5004 pays 1003 with credit memo 3001 only.
        assertThat(lines.accepted()).extracting(ReaderRun::line).containsExactly(
                "5001/0|C1|1001|2024-01-20|1100.00|USD", "5002/0|C1|1002|2024-02-20|250.00|USD",
                "5003/0|C1|1002|2024-03-05|50.00|USD");
        assertThat(keys(lines.tombstones())).containsExactly("5005/0");
        assertThat(lines.reasons()).isEqualTo(Map.of("INVALID_NUMBER", 1L, "MISSING_VALUE", 1L));
        assertThat(lines.reasonOf("5002/1")).isEqualTo("INVALID_NUMBER: amount 'x12' is not valid (expected a plain decimal such as 1234.50)");
        assertThat(lines.reasonOf("5007/0")).startsWith("MISSING_VALUE: payment 5007 is not in payment_data.csv");
        assertThat(lines.outcome().note()).isEqualTo("not ingested: invoice applications settled entirely by a "
                + "credit memo ×1, lines applying a credit memo (credit, not cash) ×1");

        ReaderRun payments = fixture("quickbooks", "payment_data.csv");
        assertThat(payments.accepted()).extracting(ReaderRun::line).containsExactly("5003/unapplied|C1||2024-03-05|50.00|USD");
        assertThat(keys(payments.tombstones())).containsExactly("5005/unapplied");
        assertThat(payments.records()).hasSize(2);
    }

    @Test
    void the_cash_of_a_payment_is_its_invoice_lines_less_the_credit_memos_it_applies() {
        // Payment 7: invoice A 100.00 (index 0), invoice B 80.00 (index 2), credit memo 130.00 (index 1):
        // credit goes to A first (100.00 → cash 0), the remaining 30.00 to B (cash 50.00).
        List<CsvTable.Row> rows = List.of(
                row(2, Map.of("payment_id", "7", "index", "0", "amount", "100.00", "invoice_id", "A")),
                row(3, Map.of("payment_id", "7", "index", "2", "amount", "80.00", "invoice_id", "B")),
                row(4, Map.of("payment_id", "7", "index", "1", "amount", "130.00", "credit_memo_id", "M")),
                row(5, Map.of("payment_id", "8", "index", "0", "amount", "10", "invoice_id", "A")));
        Map<String, QuickBooksReader.Application> a = QuickBooksReader.applications(rows);
        assertThat(a.get("7/0")).isEqualTo(new QuickBooksReader.Application(new BigDecimal("0.00"), new BigDecimal("100.00")));
        assertThat(a.get("7/2")).isEqualTo(new QuickBooksReader.Application(new BigDecimal("50.00"), new BigDecimal("30.00")));
        assertThat(a.get("8/0").cash()).isEqualByComparingTo("10");
        assertThat(a).hasSize(3);
        assertThat(QuickBooksReader.memoInvoices(rows)).isEqualTo(Map.of("M", new java.util.LinkedHashSet<>(List.of("A", "B"))));
    }

    static CsvTable.Row row(long line, Map<String, String> values) {
        return new CsvTable.Row(line, values, values.size());
    }

    @Test
    void quickbooks_a_credit_memo_takes_its_invoice_from_the_payment_that_applies_it() throws Exception {
        ReaderRun run = fixture("quickbooks", "credit_memo_data.csv");
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly("3001|1003|2024-03-08|300.00|EUR");
        assertThat(rec(run, "3001").extras()).containsEntry("customer_id", "C2");
        assertThat(keys(run.tombstones())).containsExactly("3003");
        assertThat(run.reasonOf("3002")).isEqualTo("MISSING_VALUE: invoice_id is unknown: no payment line in "
                + "payment_line_data.csv applies credit memo 3002 to an invoice");
        assertThat(run.rejected()).filteredOn(r -> r.rejection().code().name().equals("WRONG_COLUMN_COUNT"))
                .singleElement().satisfies(r -> assertThat(r.locator()).isEqualTo("line 5 (a row of 2 values) → credit_notes"));
        assertThat(run.records()).hasSize(4);
    }

    @Test
    void a_credit_memo_without_its_payment_lines_beside_it_says_so() throws Exception {
        Path memo = Files.copy(FIXTURES.resolve("quickbooks/credit_memo_data.csv"), tmp.resolve("credit_memo_data.csv"));
        assertThat(ReaderRun.of(ERP, memo).reasonOf("3001")).isEqualTo("MISSING_VALUE: invoice_id is unknown: no "
                + "payment line in a payment_line_data.csv beside this file (there is none) applies credit memo 3001 to an invoice");
        assertThat(ERP.dependencies(memo)).isEmpty();
        assertThat(ERP.dependencies(FIXTURES.resolve("quickbooks/credit_memo_data.csv")))
                .extracting(p -> p.getFileName().toString()).containsExactly("payment_line_data.csv");
    }

    @Test
    void a_table_without_the_columns_it_needs_is_rejected_whole() throws Exception {
        Path bad = Files.writeString(tmp.resolve("invoice_data.csv"), "id,customer_id\n1,C1\n");
        assertThatThrownBy(() -> ReaderRun.of(ERP, bad)).isInstanceOf(FileRejectedException.class)
                .hasMessage("Cannot ingest invoice_data.csv: required columns missing: transaction_date, due_date, "
                        + "currency_id, total_amount (found: id, customer_id)");
        Files.writeString(tmp.resolve("payment_line_data.csv"), "index,payment_id,amount,invoice_id,credit_memo_id\n0,1,5,2,\n");
        Files.writeString(tmp.resolve("payment_data.csv"), "id,\"unclosed\n");
        assertThatThrownBy(() -> ReaderRun.of(ERP, tmp.resolve("payment_line_data.csv")))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageStartingWith("Cannot ingest payment_line_data.csv: it is joined with payment_data.csv, which cannot be read");
    }

    // --- SAP fixtures ----------------------------------------------------------------------------------------------

    @Test
    void sap_documents_become_invoices_payments_and_credit_notes_by_type_and_debit_credit() throws Exception {
        ReaderRun run = fixture("sap", "sap_bseg_data.csv");
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly(
                // debit customer line on DR, cleared by 1400000001; due = 2024-01-15 + 30 days
                "1000/0090000001/2024|CUST1|2024-01-15|2024-02-14|USD|1190.00||1190.00|paid|",
                // zfbdt 00000000 → baseline = document date 2024-01-20, + 14 days; open (augdt 00000000)
                "1000/0090000002/2024|CUST2|2024-01-20|2024-02-03|EUR|500.00||500.00|open|",
                // credit on DZ: money received, linked to the invoice it cleared
                "1000/1400000001/2024/1|CUST1|1000/0090000001/2024|2024-02-10|1190.00|USD",
                // credit on DG referring to invoice 90000002 (rebzg)
                "1000/1600000001/2024|1000/0090000002/2024|2024-02-20|100.00|EUR",
                // debit on DZ: money paid back
                "1000/1400000002/2024/1|CUST2||2024-03-05|-20.00|USD");
        SourceRecord eur = rec(run, "1000/0090000002/2024");
        assertThat(eur.extras()).containsEntry("exchange_rate", "0.8").containsEntry("exchange_rate_raw", "-1.25000")
                .containsEntry("amount_local", "400.00").containsEntry("document_type", "DR").containsEntry("erp_system", "sap");
        assertThat(eur.extras()).doesNotContainKey("clearing_date");
        assertThat(rec(run, "1000/0090000001/2024").extras()).containsEntry("clearing_date", "2024-02-10")
                .containsEntry("clearing_document", "1400000001");
        assertThat(keys(run.tombstones())).containsExactly("1000/0090000005/2024");
        assertThat(run.reasonOf("1000/0090000003/2024")).isEqualTo("MISSING_VALUE: document 1000/0090000003/2024 has no "
                + "header in sap_bkpf_data.csv, which gives its type, dates and currency");
        assertThat(run.reasonOf("1000/0090000004/2024")).startsWith("INVALID_NUMBER: wrbtr '12x' is not valid");
        assertThat(run.records()).hasSize(8);
        assertThat(run.outcome().note()).isEqualTo("not ingested: lines of account type S (G/L, vendor, …: not "
                + "receivables) ×2, customer lines on document type SA (not an invoice, credit memo or payment type in erp.json) ×1");
    }

    @Test
    void sap_values_dates_rates_and_document_numbers() throws Exception {
        assertThat(Values.sapDate("20240229")).isEqualTo("2024-02-29");
        assertThat(Values.sapDate("00000000")).isNull();
        assertThat(Values.sapDate("0")).isNull();
        assertThat(Values.sapRate("kursf", "-1.24000")).isEqualByComparingTo("0.8064516129");
        assertThat(Values.sapRate("kursf", "1.08")).isEqualByComparingTo("1.08");
        assertThat(Values.sapRate("kursf", "0.00000")).isNull();
        assertThat(SapReader.documentId("3000", "100000795", "2006")).isEqualTo("3000/0100000795/2006");
        assertThat(SapReader.dueDate(null, "2024-01-31", "30")).isEqualTo("2024-03-01");
        assertThat(SapReader.cleared("0", "")).isFalse();
        assertThat(SapReader.cleared("00000000", "0100000001")).isTrue();
        assertThat(new SapReader.DocumentTypes(java.util.Set.of("dr"), java.util.Set.of(), java.util.Set.of()).kind("Dr"))
                .isEqualTo(SapReader.Kind.INVOICE);
    }

    // --- NetSuite fixtures -----------------------------------------------------------------------------------------

    @Test
    void netsuite_receivable_transactions_take_totals_from_their_lines_and_the_invoice_modification_time() throws Exception {
        ReaderRun run = fixture("netsuite", "netsuite2_transaction_data.csv");
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly(
                "9001|1409|2024-01-05|2024-02-04|USD|1000.00|100.00|1100.00|open|",
                "9002|1409|9001|2024-01-20|600.00|USD",
                "9003|9001|2024-01-25|100.00|USD",
                "9004|1408|2024-01-06|2024-02-05|EUR|250.00||250.00|paid|2024-01-10T09:05:00");
        assertThat(run.accepted().stream().map(SourceRecord::entity).distinct())
                .containsExactly(CanonicalEntity.INVOICES, CanonicalEntity.PAYMENTS, CanonicalEntity.CREDIT_NOTES);
        assertThat(keys(run.tombstones())).containsExactly("9006");
        assertThat(run.reasonOf("9007")).isEqualTo("NOT_APPLICABLE: invoice status D (pending approval or rejected) "
                + "is not a fact of invoices yet");
        assertThat(run.outcome().note()).isEqualTo("not ingested: earlier versions (_fivetran_active = FALSE) ×1, "
                + "VendBill transactions (not receivables) ×1");
        assertThat(rec(run, "9001").extras()).containsEntry("transaction_number", "INV9001").containsEntry("erp_system", "netsuite");
    }

    @Test
    void netsuite_invoice_lines_flip_the_credit_sign_and_skip_main_and_tax_lines() throws Exception {
        ReaderRun run = fixture("netsuite", "netsuite2_transaction_line_data.csv");
        assertThat(run.accepted()).extracting(ReaderRun::line).containsExactly(
                "9001/1|9001||80|one_time|1000.00|2|||", "9004/1|9004||81|one_time|250.00|1|||");
        assertThat(keys(run.tombstones())).containsExactly("9006/1");
        assertThat(run.reasonOf("9004/2")).startsWith("INVALID_NUMBER: foreignamount 'abc'");
        assertThat(run.outcome().note()).isEqualTo("not ingested: invoice main lines (the invoice total, read with the "
                + "transaction) ×3, invoice tax lines (the invoice's tax, read with the transaction) ×1, lines of CustPymt "
                + "transactions (not invoice lines) ×2, lines of CustCred transactions (not invoice lines) ×2, lines of "
                + "VendBill transactions (not invoice lines) ×1");
    }

    @Test
    void netsuite_customers_get_their_currency_code_and_period_end_rates_become_fx_rates() throws Exception {
        ReaderRun customers = fixture("netsuite", "netsuite2_customer_data.csv");
        assertThat(customers.accepted()).extracting(ReaderRun::line).containsExactly(
                "1409|Joe Shmoe Inc|||||USD|2017-05-27T08:56:10|||1409|2017-05-09T06:07:35",
                "1408|Fake Name|||||EUR|2017-05-27T08:52:49|||1408|");
        assertThat(keys(customers.tombstones())).containsExactly("1407");

        ReaderRun rates = fixture("netsuite", "netsuite2_consolidated_exchange_rate_data.csv");
        assertThat(rates.accepted()).extracting(ReaderRun::line).containsExactly("2002-03-31|EUR|0.8812");
        assertThat(rates.accepted().get(0).extras()).containsEntry("rate_type", "netsuite_period_end")
                .containsEntry("average_rate", "0.879").containsEntry("period_name", "Mar 2002");
        assertThat(rates.outcome().note()).isEqualTo("not ingested: rates from USD to itself ×1, rates into EUR "
                + "(not the reporting currency USD) ×1, rates of periods not in netsuite2_accounting_period_data.csv ×1");
    }
}
