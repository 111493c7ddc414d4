package io.revlake.ingest.zuora;

import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.mapping.MappedSourceReader;
import io.revlake.ingest.mapping.Mapping;
import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.TableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Zuora tables as Fivetran lands them, one CSV per table in one folder: {@code [zuora_]<table>[_data].csv}. Accounts
 * and credit memos go through the declarative mapping {@code revlake/mappings/zuora.json}; the tables that need a
 * join are read by {@link ZuoraReader}, and their siblings are the file's {@link #dependencies}.
 */
public final class ZuoraSourceReader implements SourceReader {
    public static final String SOURCE = "zuora";
    /** Bump when the Java reader maps differently, so every Zuora file is ingested again. */
    private static final String READER_VERSION = "zuora-reader-1";
    private static final List<String> PREFIXES = List.of("zuora_");

    private final MappedSourceReader mapped;
    private final String fingerprint;

    public ZuoraSourceReader(String mappingJson) {
        Mapping mapping;
        try {
            mapping = Mapping.parse(mappingJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("zuora.json: " + e.getMessage(), e);
        }
        this.mapped = new MappedSourceReader(mapping);
        this.fingerprint = mapping.fingerprint() + "-" + READER_VERSION;
    }

    /** The built-in {@code zuora.json}, or {@code <dir>/zuora.json} under {@code revlake.mappings.dir}. */
    public static ZuoraSourceReader builtIn() {
        return new ZuoraSourceReader(TableFiles.mappingText(SOURCE));
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public String configFingerprint() {
        return fingerprint;
    }

    private static Optional<String> table(Path file) {
        return TableFiles.table(file, PREFIXES);
    }

    private static String whyNot(String table) {
        return switch (table) {
            case "account", "accounts", "credit_memo", "credit_memos", "rate_plan_charge", "invoice", "invoice_item",
                 "invoice_payment", "payment" -> null;
            case "subscription" -> "Zuora subscriptions: read with their rate plan charges (zuora_rate_plan_charge_data.csv)";
            case "rate_plan", "amendment", "product", "product_rate_plan", "product_rate_plan_charge" ->
                    "Zuora catalog and amendment table: the rate plan charges carry what the items need";
            case "refund" -> "Zuora refunds carry neither account nor currency; their links (refund_invoice_payment) "
                    + "are not mapped";
            case "credit_balance_adjustment" -> "Zuora credit balance adjustments move money to or from an account's "
                    + "credit balance: not a credit note or a payment";
            default -> "Zuora table " + table + " has no canonical entity (not mapped)";
        };
    }

    private static List<String> siblings(String table) {
        return switch (table) {
            case "rate_plan_charge" -> List.of("subscription");
            case "invoice_item" -> List.of("rate_plan_charge");
            case "invoice_payment" -> List.of("payment");
            default -> List.of();
        };
    }

    @Override
    public String whyNot(Path file) {
        Optional<String> t = table(file);
        return t.isEmpty() ? "" : whyNot(t.get());
    }

    @Override
    public String entityHint(Path file) {
        return table(file).map(t -> switch (t) {
            case "account", "accounts" -> "customers";
            case "rate_plan_charge" -> "subscription_items";
            case "invoice" -> "invoices";
            case "invoice_item" -> "invoice_lines";
            case "invoice_payment", "payment" -> "payments";
            case "credit_memo", "credit_memos" -> "credit_notes";
            default -> "";
        }).orElse("");
    }

    @Override
    public List<Path> dependencies(Path file) {
        List<Path> deps = new ArrayList<>();
        table(file).ifPresent(t -> siblings(t).forEach(s -> TableFiles.sibling(file, PREFIXES, s).ifPresent(deps::add)));
        return deps;
    }

    @Override
    public Outcome read(Path file, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        String t = table(file).orElseThrow(() -> new IllegalArgumentException(file + " is not a Zuora table"));
        switch (t) {
            case "account", "accounts", "credit_memo", "credit_memos" -> {
                return mapped.read(file, sink);
            }
            default -> {
            }
        }
        CsvTable main = CsvTable.read(file);
        Emitter out = new Emitter(Map.of(), sink);
        switch (t) {
            case "rate_plan_charge" -> ZuoraReader.charges(main, TableFiles.readSibling(file, PREFIXES, "subscription"), out);
            case "invoice" -> ZuoraReader.invoices(main, out);
            case "invoice_item" -> ZuoraReader.invoiceItems(main, TableFiles.readSibling(file, PREFIXES, "rate_plan_charge"), out);
            case "invoice_payment" -> ZuoraReader.invoicePayments(main, TableFiles.readSibling(file, PREFIXES, "payment"), out);
            case "payment" -> ZuoraReader.payments(main, out);
            default -> throw new IllegalArgumentException(file.getFileName() + ": " + whyNot(t));
        }
        return out.outcome();
    }
}
