package io.revlake.ingest.zuora;

import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.mapping.MappedSourceReader;
import io.revlake.ingest.mapping.Mapping;
import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.TableFiles;
import io.revlake.ingest.warehouse.TableSourceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Zuora tables as Fivetran lands them, one CSV per table in one folder: {@code [zuora_]<table>[_data].csv}. Accounts
 * and credit memos go through the declarative mapping {@code revlake/mappings/zuora.json}; the tables that need a
 * join are read by {@link ZuoraReader}, and their siblings are the file's dependencies.
 */
public final class ZuoraSourceReader extends TableSourceReader {
    public static final String SOURCE = "zuora";
    /** Bump when the Java reader maps differently, so every Zuora file is ingested again. */
    private static final String READER_VERSION = "zuora-reader-1";

    private final MappedSourceReader mapped;

    private ZuoraSourceReader(Mapping mapping) {
        super(SOURCE, List.of("zuora_"), mapping.fingerprint() + "-" + READER_VERSION);
        this.mapped = new MappedSourceReader(mapping);
    }

    /** From the text of {@code zuora.json}. */
    public static ZuoraSourceReader of(String mappingJson) {
        try {
            return new ZuoraSourceReader(Mapping.parse(mappingJson));
        } catch (IOException e) {
            throw new UncheckedIOException("zuora.json: " + e.getMessage(), e);
        }
    }

    /** The built-in {@code zuora.json}, or {@code <dir>/zuora.json} under {@code revlake.mappings.dir}. */
    public static ZuoraSourceReader builtIn() {
        return of(TableFiles.mappingText(SOURCE));
    }

    @Override
    protected String whyNotTable(String table) {
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

    @Override
    protected List<String> siblings(String table) {
        return switch (table) {
            case "rate_plan_charge" -> List.of("subscription");
            case "invoice_item" -> List.of("rate_plan_charge");
            case "invoice_payment" -> List.of("payment");
            default -> List.of();
        };
    }

    @Override
    protected String entityOf(String table) {
        return switch (table) {
            case "account", "accounts" -> "customers";
            case "rate_plan_charge" -> "subscription_items";
            case "invoice" -> "invoices";
            case "invoice_item" -> "invoice_lines";
            case "invoice_payment", "payment" -> "payments";
            case "credit_memo", "credit_memos" -> "credit_notes";
            default -> "";
        };
    }

    @Override
    protected Outcome read(Path file, String table, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        switch (table) {
            case "account", "accounts", "credit_memo", "credit_memos" -> {
                return mapped.read(file, sink);
            }
            default -> {
            }
        }
        CsvTable main = CsvTable.read(file);
        Emitter out = new Emitter(Map.of(), sink);
        switch (table) {
            case "rate_plan_charge" -> ZuoraReader.charges(main, sibling(file, "subscription"), out);
            case "invoice" -> ZuoraReader.invoices(main, out);
            case "invoice_item" -> ZuoraReader.invoiceItems(main, sibling(file, "rate_plan_charge"), out);
            case "invoice_payment" -> ZuoraReader.invoicePayments(main, sibling(file, "payment"), out);
            default -> ZuoraReader.payments(main, out);
        }
        return out.outcome();
    }
}
