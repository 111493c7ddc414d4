package io.revlake.sample;

import io.revlake.catalog.CanonicalEntity;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One open CSV file per canonical entity, headers taken from the catalog. */
final class Sinks implements Closeable {
    final CsvSink customers;
    final CsvSink items;
    final CsvSink invoices;
    final CsvSink lines;
    final CsvSink payments;
    final CsvSink creditNotes;
    final CsvSink opportunities;
    final CsvSink contracts;
    final CsvSink obligations;
    final CsvSink fxRates;
    final CsvSink expenses;
    private final List<CsvSink> all = new ArrayList<>();

    Sinks(Path dir, DateText dates) throws IOException {
        try {
            customers = open(dir, CanonicalEntity.CUSTOMERS, dates);
            items = open(dir, CanonicalEntity.SUBSCRIPTION_ITEMS, dates);
            invoices = open(dir, CanonicalEntity.INVOICES, dates);
            lines = open(dir, CanonicalEntity.INVOICE_LINES, dates);
            payments = open(dir, CanonicalEntity.PAYMENTS, dates);
            creditNotes = open(dir, CanonicalEntity.CREDIT_NOTES, dates);
            opportunities = open(dir, CanonicalEntity.OPPORTUNITIES, dates);
            contracts = open(dir, CanonicalEntity.CONTRACTS, dates);
            obligations = open(dir, CanonicalEntity.OBLIGATIONS, dates);
            fxRates = open(dir, CanonicalEntity.FX_RATES, dates);
            expenses = open(dir, CanonicalEntity.EXPENSES, dates);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private CsvSink open(Path dir, CanonicalEntity entity, DateText dates) throws IOException {
        CsvSink sink = new CsvSink(dir.resolve(entity.fileName()), entity.fileName(), entity.fieldNames(), dates);
        all.add(sink);
        return sink;
    }

    /** Sinks in catalog order. */
    List<CsvSink> all() {
        return List.copyOf(all);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (CsvSink s : all) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
