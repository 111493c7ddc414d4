package io.revlake.ingest.fx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.KeyedValidator;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.canonical.CanonicalFileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reference-rate files → {@code fx_rates}, {@code rate_to_reporting} = reporting-currency units per 1 unit of the
 * currency. Two layouts, recognised by their header:
 * <ul>
 *   <li>ECB {@code eurofxref-hist.csv}: {@code Date,USD,JPY,…,} (trailing comma), one row per business day, rates in
 *   currency units per 1 EUR, {@code N/A} where there was no fixing. The rate of C is the cross rate
 *   {@code rate(reporting) / rate(C)} (and {@code rate(reporting)} for EUR itself), rounded to 10 decimals at the end.</li>
 *   <li>Fed H.10 monthly: {@code Date,Country,Exchange rate}; country → currency and quote direction come from
 *   {@code revlake/mappings/fx.json}, because H.10 quotes some rows per USD and others in USD per unit.</li>
 * </ul>
 */
public final class FxSourceReader implements SourceReader {
    public static final String SOURCE = "fx";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SCALE = 10;
    private final String reporting;
    private final Map<String, Country> countries;
    private final String fingerprint;

    /** How one H.10 country row is read. */
    public record Country(String currency, boolean perUsd) {
    }

    public FxSourceReader(String reportingCurrency, Map<String, Country> countries, String fingerprint) {
        this.reporting = reportingCurrency.toUpperCase(Locale.ROOT);
        this.countries = new HashMap<>();
        countries.forEach((k, v) -> this.countries.put(k.toLowerCase(Locale.ROOT), v));
        this.fingerprint = fingerprint;
    }

    /** From {@code revlake/mappings/fx.json}. */
    public static FxSourceReader builtIn() {
        try (InputStream in = FxSourceReader.class.getResourceAsStream("/revlake/mappings/fx.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode root = JSON.readTree(text);
            Map<String, Country> countries = new LinkedHashMap<>();
            root.path("countries").fields().forEachRemaining(e -> {
                String quote = e.getValue().path("quote").asText();
                if (!quote.equals("per_usd") && !quote.equals("usd_per_unit")) {
                    throw new IllegalArgumentException("fx.json: " + e.getKey() + " quote must be per_usd or usd_per_unit");
                }
                countries.put(e.getKey(), new Country(e.getValue().path("currency").asText(), quote.equals("per_usd")));
            });
            return new FxSourceReader(root.path("reporting_currency").asText("USD"), countries,
                    Integer.toHexString(text.hashCode()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    @Override
    public String whyNot(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? null : "";
    }

    @Override
    public String entityHint(Path file) {
        return CanonicalEntity.FX_RATES.fileStem();
    }

    @Override
    public Outcome read(Path file, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        String name = file.getFileName().toString();
        try (Reader reader = CanonicalFileReader.utf8Reader(Files.newInputStream(file));
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setAllowMissingColumnNames(true).setIgnoreEmptyLines(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames().stream().map(String::trim).toList();
            Emitter out = new Emitter(sink);
            if (header.size() == 3 && header.get(1).equalsIgnoreCase("Country")) {
                long line = 1;
                for (CSVRecord rec : parser) {
                    h10(rec, ++line, out);
                }
                return new Outcome(List.of(CanonicalEntity.FX_RATES.fileStem()), List.of(), null);
            }
            if (!header.isEmpty() && header.get(0).equalsIgnoreCase("Date") && header.contains(reporting)) {
                long line = 1;
                for (CSVRecord rec : parser) {
                    ecb(rec, header, ++line, out);
                }
                return new Outcome(List.of(CanonicalEntity.FX_RATES.fileStem()), List.of(),
                        out.noFixing == 0 ? null : out.noFixing + " N/A cells (no fixing that day) skipped");
            }
            throw new FileRejectedException(ReasonCode.MISSING_COLUMNS, "Cannot ingest " + name
                    + ": not a known FX layout (expected the ECB header Date," + reporting
                    + ",JPY,… or the Fed H.10 header Date,Country,Exchange rate; found " + String.join(",", header) + ")");
        } catch (CharacterCodingException e) {
            throw new FileRejectedException(ReasonCode.INVALID_ENCODING,
                    "Cannot ingest " + name + ": it is not valid UTF-8 (save it as UTF-8 and ingest again)");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new FileRejectedException(ReasonCode.MALFORMED_CSV, "Cannot ingest " + name + ": " + e.getMessage());
        }
    }

    private void ecb(CSVRecord rec, List<String> header, long line, Emitter out) {
        String date = rec.get(0).trim();
        Map<String, String> raw = raw(rec, header);
        String base = value(rec, header.indexOf(reporting));
        for (int i = 1; i < header.size(); i++) {
            String currency = header.get(i).toUpperCase(Locale.ROOT);
            if (currency.isEmpty() || currency.equals(reporting)) {
                continue;
            }
            String v = value(rec, i);
            if (v == null || v.equalsIgnoreCase("N/A")) {
                out.noFixing++;
                continue;
            }
            out.emit(date, currency, () -> cross(base, v, currency, date), line, raw, "ecb_daily");
        }
        if (!reporting.equals("EUR")) {
            out.emit(date, "EUR", () -> plain(base, reporting, date), line, raw, "ecb_daily");
        }
    }

    /** {@code rate(reporting per EUR) / rate(currency per EUR)}: reporting units per 1 unit of the currency. */
    private String cross(String base, String quote, String currency, String date) throws Rejected {
        BigDecimal b = number(base, reporting, date);
        BigDecimal q = number(quote, currency, date);
        return b.divide(q, new MathContext(34)).setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String plain(String base, String reporting, String date) throws Rejected {
        return number(base, reporting, date).stripTrailingZeros().toPlainString();
    }

    private static BigDecimal number(String v, String what, String date) throws Rejected {
        if (v == null || v.equalsIgnoreCase("N/A")) {
            throw new Rejected(new Rejection(ReasonCode.MISSING_VALUE, "no fixing for " + what + " on " + date
                    + ", so the cross rate cannot be computed"));
        }
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.signum() <= 0) {
                throw new Rejected(new Rejection(ReasonCode.OUT_OF_RANGE, what + " rate '" + v + "' on " + date
                        + " is not valid (expected a rate greater than 0)"));
            }
            return d;
        } catch (NumberFormatException e) {
            throw new Rejected(new Rejection(ReasonCode.INVALID_NUMBER, what + " rate '" + v + "' on " + date
                    + " is not valid (expected a plain decimal such as 1.0845)"));
        }
    }

    private void h10(CSVRecord rec, long line, Emitter out) {
        Map<String, String> raw = raw(rec, List.of("Date", "Country", "Exchange rate"));
        String date = value(rec, 0);
        String countryName = value(rec, 1);
        String v = value(rec, 2);
        Country c = countryName == null ? null : countries.get(countryName.toLowerCase(Locale.ROOT));
        if (c == null) {
            out.reject(date, countryName, line, raw, new Rejection(ReasonCode.INVALID_VALUE, "country '" + countryName
                    + "' has no currency in revlake/mappings/fx.json (add it with its quote direction)"));
            return;
        }
        if (!reporting.equals("USD")) {
            out.reject(date, c.currency(), line, raw, new Rejection(ReasonCode.NOT_APPLICABLE,
                    "H.10 rates are against USD but the reporting currency is " + reporting));
            return;
        }
        out.emit(date, c.currency(), () -> {
            BigDecimal rate = number(v, c.currency(), date);
            BigDecimal usdPerUnit = c.perUsd() ? BigDecimal.ONE.divide(rate, new MathContext(34)) : rate;
            return usdPerUnit.setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        }, line, raw, c.perUsd() ? "h10_monthly_average_inverted" : "h10_monthly_average");
    }

    private static String value(CSVRecord rec, int i) {
        if (i < 0 || i >= rec.size()) {
            return null;
        }
        String v = rec.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    private static Map<String, String> raw(CSVRecord rec, List<String> header) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < rec.size(); i++) {
            String col = i < header.size() && !header.get(i).isEmpty() ? header.get(i) : "_column_" + (i + 1);
            if (!col.startsWith("_column_") || !rec.get(i).isEmpty()) {
                raw.put(col, rec.get(i));
            }
        }
        return raw;
    }

    private interface RateSupplier {
        String get() throws Rejected;
    }

    private static final class Rejected extends Exception {
        final Rejection rejection;

        Rejected(Rejection rejection) {
            super(rejection.reason(), null, false, false);
            this.rejection = rejection;
        }
    }

    private static final class Emitter {
        final Consumer<SourceRecord> sink;
        final KeyedValidator validator = new KeyedValidator();
        long number;
        long noFixing;

        Emitter(Consumer<SourceRecord> sink) {
            this.sink = sink;
        }

        void emit(String date, String currency, RateSupplier rate, long line, Map<String, String> raw, String kind) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("date", date);
            values.put("currency", currency);
            Rejection rejection = null;
            try {
                values.put("rate_to_reporting", rate.get());
            } catch (Rejected e) {
                values.put("rate_to_reporting", null);
                rejection = e.rejection;
            }
            if (rejection == null) {
                rejection = validator.validate(CanonicalEntity.FX_RATES, values, false).orElse(null);
            }
            send(values, line, raw, rejection, kind);
        }

        void reject(String date, String currency, long line, Map<String, String> raw, Rejection rejection) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("date", date);
            values.put("currency", currency);
            values.put("rate_to_reporting", null);
            send(values, line, raw, rejection, "");
        }

        private void send(Map<String, String> values, long line, Map<String, String> raw, Rejection rejection,
                          String kind) {
            try {
                sink.accept(new SourceRecord(CanonicalEntity.FX_RATES, ++number, "line " + line + " ("
                        + values.get("currency") + ")", values, kind.isEmpty() ? Map.of() : Map.of("rate_type", kind),
                        JSON.writeValueAsString(raw), rejection, false));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
