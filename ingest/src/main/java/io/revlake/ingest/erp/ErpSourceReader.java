package io.revlake.ingest.erp;

import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.mapping.Mapping;
import io.revlake.ingest.mapping.MappedSourceReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * ERP tables as Fivetran lands them in a warehouse (QuickBooks Online, SAP ECC, NetSuite2), one CSV per table, the
 * tables of one system in one folder. Files are recognised by name: {@code sap_<table>[_data].csv},
 * {@code netsuite2_<table>[_data].csv}, and QuickBooks tables bare or with a {@code quickbooks_} prefix
 * ({@code invoice_line_data.csv}).
 *
 * <p>Tables that map one row to one record (QuickBooks customers, SAP KNA1) go through the declarative mapping
 * {@code revlake/mappings/erp.json}; the others need a join with sibling tables of the same folder and are read by
 * {@link QuickBooksReader}, {@link SapReader} and {@link NetSuiteReader}. {@link #dependencies} names those siblings,
 * so a changed sibling re-ingests the file that joins it. Lookup tables (bkpf, currency, accounting_period…) are not
 * ingested on their own: their file result says which file reads them.
 */
public final class ErpSourceReader implements SourceReader {
    public static final String SOURCE = "erp";
    /** Bump when the Java readers map differently, so every ERP file is ingested again. */
    private static final String READER_VERSION = "erp-readers-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MappedSourceReader mapped;
    private final SapReader.DocumentTypes sapTypes;
    private final String reportingCurrency;
    private final String fingerprint;

    /** An ERP system and the table a file holds. */
    record Table(String system, String name) {
    }

    /** What the reader does with a table: read it (with these siblings), or why not. */
    private record Plan(List<String> siblings, String whyNot) {
        static Plan read(String... siblings) {
            return new Plan(List.of(siblings), null);
        }

        static Plan skip(String why) {
            return new Plan(List.of(), why);
        }
    }

    public ErpSourceReader(String mappingJson) {
        try {
            Mapping mapping = Mapping.parse(mappingJson);
            JsonNode root = JSON.readTree(mappingJson);
            JsonNode sap = root.path("sap");
            this.mapped = new MappedSourceReader(mapping);
            this.sapTypes = new SapReader.DocumentTypes(texts(sap.path("invoice_document_types")),
                    texts(sap.path("credit_note_document_types")), texts(sap.path("payment_document_types")));
            this.reportingCurrency = root.path("reporting_currency").asText("USD").toUpperCase(Locale.ROOT);
            this.fingerprint = mapping.fingerprint() + "-" + READER_VERSION;
        } catch (IOException e) {
            throw new IllegalArgumentException("erp.json: " + e.getMessage(), e);
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * The built-in {@code revlake/mappings/erp.json}, or {@code <dir>/erp.json} when {@code revlake.mappings.dir}
     * (or {@code REVLAKE_MAPPINGS_DIR}) names a folder holding one.
     */
    public static ErpSourceReader builtIn() {
        String dir = System.getProperty("revlake.mappings.dir", System.getenv("REVLAKE_MAPPINGS_DIR"));
        try {
            if (dir != null && Files.isRegularFile(Path.of(dir, "erp.json"))) {
                return new ErpSourceReader(Files.readString(Path.of(dir, "erp.json")));
            }
            try (InputStream in = ErpSourceReader.class.getResourceAsStream("/revlake/mappings/erp.json")) {
                return new ErpSourceReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the erp mapping", e);
        }
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public String configFingerprint() {
        return fingerprint;
    }

    /** {@code sap_bseg_data.csv} → (sap, bseg); {@code invoice_line_data.csv} → (quickbooks, invoice_line). */
    static Optional<Table> table(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv")) {
            return Optional.empty();
        }
        String stem = name.substring(0, name.length() - 4);
        if (stem.endsWith("_data")) {
            stem = stem.substring(0, stem.length() - 5);
        }
        for (String[] prefix : new String[][]{{"sap_", SapReader.SYSTEM}, {"netsuite2_", NetSuiteReader.SYSTEM},
                {"netsuite_", NetSuiteReader.SYSTEM}, {"quickbooks_", QuickBooksReader.SYSTEM}, {"qbo_", QuickBooksReader.SYSTEM}}) {
            if (stem.startsWith(prefix[0])) {
                return Optional.of(new Table(prefix[1], stem.substring(prefix[0].length())));
            }
        }
        return Optional.of(new Table(QuickBooksReader.SYSTEM, stem));
    }

    private static Plan plan(Table t) {
        return switch (t.system()) {
            case QuickBooksReader.SYSTEM -> switch (t.name()) {
                case "customer", "customers" -> Plan.read();
                case "invoice" -> Plan.read();
                case "invoice_line" -> Plan.read("invoice");
                case "payment" -> Plan.read();
                case "payment_line" -> Plan.read("payment");
                case "credit_memo" -> Plan.read("payment_line");
                case "refund_receipt" -> Plan.read();
                case "journal_entry_line" -> Plan.read("journal_entry", "account");
                case "journal_entry" -> Plan.skip("QuickBooks journal entry headers: read with their lines "
                        + "(journal_entry_line_data.csv)");
                case "account" -> Plan.skip("QuickBooks chart of accounts: read with the journal entry lines "
                        + "(journal_entry_line_data.csv)");
                case "credit_memo_line" -> Plan.skip("QuickBooks credit memo lines: the credit note is its header (credit_memo)");
                case "invoice_linked_txn" -> Plan.skip("QuickBooks invoice links: payments are read from payment_line");
                case "invoice_tax_line" -> Plan.skip("QuickBooks invoice tax lines: the invoice carries total_tax");
                default -> Plan.skip("QuickBooks table " + t.name() + " has no canonical entity (not mapped)");
            };
            case SapReader.SYSTEM -> switch (t.name()) {
                case "kna1" -> Plan.read();
                case "bseg" -> Plan.read("bkpf");
                case "bkpf" -> Plan.skip("SAP document headers: read with the line items (sap_bseg_data.csv)");
                default -> Plan.skip("SAP table " + t.name() + " has no canonical entity (not mapped)");
            };
            case NetSuiteReader.SYSTEM -> switch (t.name()) {
                case "customer" -> Plan.read("currency");
                case "transaction" -> Plan.read("transaction_line", "currency");
                case "transaction_line" -> Plan.read("transaction");
                case "consolidated_exchange_rate" -> Plan.read("accounting_period", "currency");
                case "currency", "accounting_period" ->
                        Plan.skip("NetSuite lookup table: read with the tables that refer to it");
                default -> Plan.skip("NetSuite table " + t.name() + " has no canonical entity (not mapped)");
            };
            default -> throw new IllegalStateException(t.system());
        };
    }

    @Override
    public String whyNot(Path file) {
        Optional<Table> t = table(file);
        return t.isEmpty() ? "" : plan(t.get()).whyNot();
    }

    @Override
    public String entityHint(Path file) {
        return table(file).map(t -> switch (t.name()) {
            case "customer", "customers", "kna1" -> "customers";
            case "invoice", "bseg" -> "invoices";
            case "invoice_line", "transaction_line" -> "invoice_lines";
            case "payment", "payment_line" -> "payments";
            case "credit_memo" -> "credit_notes";
            case "refund_receipt" -> "payments";
            case "journal_entry_line" -> "journal_lines";
            case "consolidated_exchange_rate" -> "fx_rates";
            default -> "";
        }).orElse("");
    }

    @Override
    public List<Path> dependencies(Path file) {
        Optional<Table> t = table(file);
        if (t.isEmpty()) {
            return List.of();
        }
        List<Path> deps = new ArrayList<>();
        for (String sibling : plan(t.get()).siblings()) {
            sibling(file, t.get().system(), sibling).ifPresent(deps::add);
        }
        return deps;
    }

    /** The file of the same folder holding {@code table} of {@code system}, if any (the first by name). */
    static Optional<Path> sibling(Path file, String system, String table) {
        Path folder = file.toAbsolutePath().getParent();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted()
                    .filter(p -> table(p).filter(t -> t.equals(new Table(system, table))).isPresent()).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CsvTable readSibling(Path file, String system, String table) throws IOException, FileRejectedException {
        Optional<Path> p = sibling(file, system, table);
        if (p.isEmpty()) {
            return null;
        }
        try {
            return CsvTable.read(p.get());
        } catch (FileRejectedException e) {
            throw new FileRejectedException(e.code(), "Cannot ingest " + file.getFileName() + ": it is joined with "
                    + p.get().getFileName() + ", which cannot be read (" + e.getMessage() + ")");
        }
    }

    @Override
    public Outcome read(Path file, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        Table t = table(file).orElseThrow(() -> new IllegalArgumentException(file + " is not an ERP table"));
        if (t.name().equals("customer") && !t.system().equals(NetSuiteReader.SYSTEM)
                || t.name().equals("customers") || t.name().equals("kna1")) {
            return mapped.read(file, sink);
        }
        CsvTable main = CsvTable.read(file);
        Emitter out = new Emitter(Map.of("erp_system", t.system()), sink);
        switch (t.system() + "." + t.name()) {
            case "quickbooks.invoice" -> QuickBooksReader.invoices(main, out);
            case "quickbooks.invoice_line" ->
                    QuickBooksReader.invoiceLines(main, readSibling(file, t.system(), "invoice"), out);
            case "quickbooks.payment" -> QuickBooksReader.payments(main, out);
            case "quickbooks.payment_line" ->
                    QuickBooksReader.paymentLines(main, readSibling(file, t.system(), "payment"), out);
            case "quickbooks.credit_memo" ->
                    QuickBooksReader.creditMemos(main, readSibling(file, t.system(), "payment_line"), out);
            case "quickbooks.refund_receipt" -> QuickBooksReader.refundReceipts(main, out);
            case "quickbooks.journal_entry_line" -> QuickBooksReader.journalLines(main,
                    readSibling(file, t.system(), "journal_entry"), readSibling(file, t.system(), "account"), out);
            case "sap.bseg" -> SapReader.lineItems(main, readSibling(file, t.system(), "bkpf"), sapTypes, out);
            case "netsuite.customer" -> NetSuiteReader.customers(main, readSibling(file, t.system(), "currency"), out);
            case "netsuite.transaction" -> NetSuiteReader.transactions(main,
                    readSibling(file, t.system(), "transaction_line"), readSibling(file, t.system(), "currency"), out);
            case "netsuite.transaction_line" ->
                    NetSuiteReader.transactionLines(main, readSibling(file, t.system(), "transaction"), out);
            case "netsuite.consolidated_exchange_rate" -> NetSuiteReader.consolidatedRates(main,
                    readSibling(file, t.system(), "accounting_period"), readSibling(file, t.system(), "currency"),
                    reportingCurrency, out);
            default -> throw new IllegalArgumentException(file.getFileName() + ": " + plan(t).whyNot());
        }
        return out.outcome();
    }
}
