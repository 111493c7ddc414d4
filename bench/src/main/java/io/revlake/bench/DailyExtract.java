package io.revlake.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * One day's canonical extract derived from a generated company: new customers (each with a subscription item, an
 * invoice and its line), late payments of existing invoices, backdated cancellations of active items and corrected
 * invoices (same id, new amount and updated_at), a quarter of {@code changes} each, chosen with a fixed seed.
 *
 * <pre>java DailyExtract EXTRACT_DIR OUT_DIR CHANGES AS_OF</pre>
 */
public final class DailyExtract {
    private static final String UPDATED = "2099-01-01T00:00:00Z";

    private DailyExtract() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: DailyExtract EXTRACT_DIR OUT_DIR CHANGES AS_OF");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int each = Math.max(1, Integer.parseInt(args[2]) / 4);
        LocalDate asOf = LocalDate.parse(args[3]);
        Random random = new Random(42);
        Files.createDirectories(out);

        List<CSVRecord> customers = read(in.resolve("customers.csv"));
        List<CSVRecord> items = read(in.resolve("subscription_items.csv"));
        List<CSVRecord> invoices = read(in.resolve("invoices.csv"));
        List<CSVRecord> lines = read(in.resolve("invoice_lines.csv"));
        List<CSVRecord> payments = read(in.resolve("payments.csv"));

        List<Map<String, String>> newCustomers = new ArrayList<>();
        List<Map<String, String>> newItems = new ArrayList<>();
        List<Map<String, String>> newInvoices = new ArrayList<>();
        List<Map<String, String>> newLines = new ArrayList<>();
        List<Map<String, String>> newPayments = new ArrayList<>();
        String start = asOf.withDayOfMonth(1).toString();
        for (int i = 1; i <= each; i++) {
            CSVRecord c = customers.get(random.nextInt(customers.size()));
            String id = "DAY-C" + i;
            newCustomers.add(with(c, "customer_id", id, "name", "Day customer " + i, "crm_account_id", "",
                    "billing_customer_id", "", "erp_customer_id", "", "updated_at", UPDATED));
            newItems.add(with(items.get(0), "item_id", "DAY-I" + i, "subscription_id", "DAY-S" + i, "customer_id", id,
                    "start_date", start, "end_date", "", "trial_end", "", "billing_interval", "month",
                    "interval_count", "1", "unit_amount", "120.00", "discount_pct", "", "discount_amount", "",
                    "discount_end", "", "currency", c.get("currency"), "updated_at", UPDATED));
            newInvoices.add(with(invoices.get(0), "invoice_id", "DAY-INV" + i, "customer_id", id, "invoice_date", start,
                    "due_date", asOf.withDayOfMonth(1).plusDays(30).toString(), "currency", c.get("currency"),
                    "subtotal", "120.00", "tax", "0.00", "total", "120.00", "status", "open", "updated_at", UPDATED));
            newLines.add(with(lines.get(0), "line_id", "DAY-IL" + i, "invoice_id", "DAY-INV" + i, "item_id",
                    "DAY-I" + i, "amount", "120.00", "service_start", start,
                    "service_end", asOf.withDayOfMonth(1).plusMonths(1).toString(), "obligation_id", ""));
        }
        for (int i = 1; i <= each; i++) {
            CSVRecord inv = invoices.get(random.nextInt(invoices.size()));
            newPayments.add(with(payments.get(0), "payment_id", "DAY-PAY" + i, "customer_id", inv.get("customer_id"),
                    "invoice_id", inv.get("invoice_id"), "payment_date", asOf.toString(), "amount", "1.00",
                    "currency", inv.get("currency")));
        }
        List<CSVRecord> active = items.stream().filter(r -> r.get("end_date").isEmpty()).toList();
        for (int i = 0; i < each && !active.isEmpty(); i++) {
            CSVRecord item = active.get(random.nextInt(active.size()));
            LocalDate end = LocalDate.parse(item.get("start_date")).plusMonths(1);
            newItems.add(with(item, "end_date", (end.isAfter(asOf) ? asOf : end).toString(), "updated_at", UPDATED));
        }
        for (int i = 0; i < each; i++) {
            CSVRecord inv = invoices.get(random.nextInt(invoices.size()));
            newInvoices.add(with(inv, "subtotal", "99.00", "tax", "0.00", "total", "99.00", "updated_at", UPDATED));
        }
        write(out.resolve("customers.csv"), newCustomers);
        write(out.resolve("subscription_items.csv"), newItems);
        write(out.resolve("invoices.csv"), newInvoices);
        write(out.resolve("invoice_lines.csv"), newLines);
        write(out.resolve("payments.csv"), newPayments);
        System.out.printf("day extract: %d new customers, %d late payments, %d backdated cancellations,"
                + " %d corrected invoices%n", each, each, Math.min(each, active.size()), each);
    }

    private static Map<String, String> with(CSVRecord template, String... changes) {
        Map<String, String> row = new LinkedHashMap<>(template.toMap());
        for (int i = 0; i < changes.length; i += 2) {
            if (row.containsKey(changes[i])) {
                row.put(changes[i], changes[i + 1]);
            }
        }
        return row;
    }

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    private static void write(Path file, List<Map<String, String>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
             CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder()
                     .setHeader(rows.get(0).keySet().toArray(String[]::new)).get())) {
            for (Map<String, String> row : rows) {
                p.printRecord(row.values());
            }
        }
    }
}
