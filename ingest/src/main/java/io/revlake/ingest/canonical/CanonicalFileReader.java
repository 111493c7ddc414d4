package io.revlake.ingest.canonical;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the records of one canonical CSV file (UTF-8, optional BOM, RFC 4180) and validates each.
 * Header names are matched case-insensitively. A file that cannot be read as a whole (bad encoding,
 * broken quoting, missing required columns) raises {@link FileRejectedException}.
 */
public final class CanonicalFileReader {
    private final Path file;
    private final CanonicalEntity entity;

    public CanonicalFileReader(Path file, CanonicalEntity entity) {
        this.file = file;
        this.entity = entity;
    }

    /** Result of reading the header. */
    public record Header(List<String> columns, List<String> unknownColumns) {
    }

    /**
     * Reads every record, calling {@code sink} for each (accepted or not), and returns the header.
     */
    public Header read(Consumer<ParsedRecord> sink) throws IOException, FileRejectedException {
        String name = file.getFileName().toString();
        try (Reader reader = utf8Reader(Files.newInputStream(file));
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setAllowMissingColumnNames(true).setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL)
                     .setIgnoreEmptyLines(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames().stream()
                    .map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            Header h = checkHeader(name, header);
            Set<String> seenKeys = new HashSet<>();
            long lastLine = 1;
            try {
                for (CSVRecord rec : parser) {
                    sink.accept(toParsed(rec, header, seenKeys, lastLine + 1));
                    lastLine = parser.getCurrentLineNumber();
                }
            } catch (UncheckedIOException e) {
                throw rejectionFor(name, e.getCause(), parser.getCurrentLineNumber());
            }
            return h;
        } catch (CharacterCodingException e) {
            throw new FileRejectedException(ReasonCode.INVALID_ENCODING,
                    "Cannot ingest " + name + ": it is not valid UTF-8 (save it as UTF-8 and ingest again)");
        } catch (IllegalArgumentException e) {
            throw new FileRejectedException(ReasonCode.MALFORMED_CSV, "Cannot ingest " + name + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw rejectionFor(name, e.getCause(), -1);
        }
    }

    private static FileRejectedException rejectionFor(String name, IOException cause, long line) {
        if (cause instanceof CharacterCodingException) {
            return new FileRejectedException(ReasonCode.INVALID_ENCODING, "Cannot ingest " + name
                    + ": it is not valid UTF-8" + (line > 0 ? " near line " + line : "")
                    + " (save it as UTF-8 and ingest again)");
        }
        return new FileRejectedException(ReasonCode.MALFORMED_CSV, "Cannot ingest " + name + ": broken CSV"
                + (line > 0 ? " near line " + line : "") + " (" + cause.getMessage() + ")");
    }

    private Header checkHeader(String name, List<String> header) throws FileRejectedException {
        if (header.isEmpty() || header.stream().allMatch(String::isEmpty)) {
            throw new FileRejectedException(ReasonCode.EMPTY_FILE, "Cannot ingest " + name + ": no header row");
        }
        Set<String> seen = new HashSet<>();
        List<String> duplicates = header.stream().filter(c -> !c.isEmpty() && !seen.add(c)).distinct().toList();
        if (!duplicates.isEmpty()) {
            throw new FileRejectedException(ReasonCode.DUPLICATE_COLUMNS,
                    "Cannot ingest " + name + ": columns appear more than once: " + String.join(", ", duplicates));
        }
        List<String> missing = entity.requiredFieldNames().stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new FileRejectedException(ReasonCode.MISSING_COLUMNS, "Cannot ingest " + name
                    + ": required columns missing: " + String.join(", ", missing)
                    + " (found: " + String.join(", ", header) + ")");
        }
        List<String> unknown = header.stream().filter(c -> !c.isEmpty() && entity.field(c).isEmpty()).toList();
        return new Header(header, unknown);
    }

    private ParsedRecord toParsed(CSVRecord rec, List<String> header, Set<String> seenKeys, long line) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < rec.size(); i++) {
            raw.put(i < header.size() && !header.get(i).isEmpty() ? header.get(i) : "_column_" + (i + 1), rec.get(i));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> extras = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(rec.size(), header.size()); i++) {
            String col = header.get(i);
            if (entity.field(col).isPresent()) {
                String v = rec.get(i).trim();
                values.put(col, v.isEmpty() ? null : v);
            } else if (!col.isEmpty()) {
                extras.put(col, rec.get(i));
            }
        }
        long number = rec.getRecordNumber();
        if (rec.size() != header.size()) {
            return new ParsedRecord(number, line, values, extras, raw, new Rejection(ReasonCode.WRONG_COLUMN_COUNT,
                    "record has " + rec.size() + " values but the header has " + header.size() + " columns"));
        }
        Rejection rejection = RecordValidator.validate(entity, values).orElse(null);
        if (rejection == null) {
            List<String> keyParts = new ArrayList<>();
            for (String k : entity.key()) {
                keyParts.add(values.get(k));
            }
            String key = String.join("\u0001", keyParts);
            if (!seenKeys.add(key)) {
                rejection = new Rejection(ReasonCode.DUPLICATE_KEY, String.join(", ", entity.key()) + " "
                        + String.join("/", keyParts) + " already appears earlier in this file");
            }
        }
        return new ParsedRecord(number, line, values, extras, raw, rejection);
    }

    /** A UTF-8 reader that skips a byte-order mark and reports malformed bytes instead of replacing them. */
    public static Reader utf8Reader(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(3);
        byte[] bom = buffered.readNBytes(3);
        if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            buffered.reset();
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        return new java.io.BufferedReader(new InputStreamReader(buffered, decoder), 1 << 16);
    }
}
