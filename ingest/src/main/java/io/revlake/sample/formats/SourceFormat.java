package io.revlake.sample.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A generated company (a canonical extract, as {@link io.revlake.sample.SampleCompanyGenerator} writes it) rewritten
 * in a source system's export format, so that ingesting it with that source's connector gives the same silver
 * records. Each format's class comment lists what the format cannot carry.
 *
 * <ul>
 *   <li>{@link #STRIPE}: customers, subscription items, invoices with lines, credit notes, payments (Stripe API JSON
 *   lines; products and prices beside them).</li>
 *   <li>{@link #SALESFORCE}: customers (Account), opportunities, contracts (Data Export CSV; OpportunityLineItem and
 *   User beside them).</li>
 *   <li>{@link #ERP}: invoices, payments, credit notes (NetSuite2 tables as Fivetran lands them; customers and
 *   currencies beside them).</li>
 * </ul>
 * Obligations, FX rates and expenses are in none of these formats.
 */
public enum SourceFormat {
    STRIPE("stripe"), SALESFORCE("salesforce"), ERP("erp");

    private final String source;

    SourceFormat(String source) {
        this.source = source;
    }

    /** The {@code --source} of the connector that reads this format. */
    public String source() {
        return source;
    }

    public static SourceFormat of(String name) {
        return Arrays.stream(values()).filter(f -> f.source.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("format '" + name + "' is not known; use one of "
                        + String.join("|", Arrays.stream(values()).map(SourceFormat::source).toList())));
    }

    /**
     * Writes the company of the canonical extract in {@code canonicalDir} into {@code outDir} (created if needed;
     * files of the same names are replaced).
     *
     * @return file name → records written (JSON objects or CSV data rows)
     */
    public Map<String, Long> write(Path canonicalDir, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        CanonicalRows company = CanonicalRows.read(canonicalDir);
        return switch (this) {
            case STRIPE -> StripeFormat.write(company, outDir);
            case SALESFORCE -> SalesforceFormat.write(company, outDir);
            case ERP -> NetSuiteFormat.write(company, outDir);
        };
    }
}
