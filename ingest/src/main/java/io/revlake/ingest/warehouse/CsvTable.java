package io.revlake.ingest.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.canonical.CanonicalFileReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A warehouse table exported as CSV, read whole (ERP extracts are joined, so every row must be at hand). Column names
 * are lower-cased; a value is looked up by name and comes back trimmed, null when empty.
 *
 * @param fileName the file, for messages
 * @param header   column names, lower-cased, in file order
 * @param rows     data rows in file order
 */
public record CsvTable(String fileName, List<String> header, List<Row> rows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public CsvTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /**
     * One data row.
     *
     * @param line       line where the row starts
     * @param values     column → value as received
     * @param valueCount how many values the row has (differs from the header's size in a broken row)
     */
    public record Row(long line, Map<String, String> values, int valueCount) {
        /** The trimmed value, null when the column is missing or the value is blank. */
        public String get(String column) {
            String v = values.get(column);
            if (v == null) {
                return null;
            }
            v = v.trim();
            return v.isEmpty() ? null : v;
        }

        /** The row as received, as a JSON object (the quarantine's {@code raw_row}). */
        public String rawJson() {
            try {
                return JSON.writeValueAsString(values);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public boolean has(String column) {
        return header.contains(column);
    }

    /** Reads a whole CSV file (UTF-8, optional BOM, RFC 4180); a file that cannot be parsed is rejected whole. */
    public static CsvTable read(Path file) throws IOException, FileRejectedException {
        String name = file.getFileName().toString();
        try (Reader reader = CanonicalFileReader.utf8Reader(Files.newInputStream(file));
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                     .setIgnoreEmptyLines(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            if (header.isEmpty() || header.stream().allMatch(String::isEmpty)) {
                throw new FileRejectedException(ReasonCode.EMPTY_FILE, "Cannot ingest " + name + ": no header row");
            }
            List<Row> rows = new ArrayList<>();
            long lastLine = 1;
            try {
                for (CSVRecord rec : parser) {
                    long line = lastLine + 1;
                    lastLine = parser.getCurrentLineNumber();
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int i = 0; i < rec.size(); i++) {
                        String col = i < header.size() && !header.get(i).isEmpty() ? header.get(i) : "_column_" + (i + 1);
                        values.putIfAbsent(col, rec.get(i));
                    }
                    rows.add(new Row(line, Collections.unmodifiableMap(values), rec.size()));
                }
            } catch (UncheckedIOException e) {
                throw new FileRejectedException(ReasonCode.MALFORMED_CSV, "Cannot ingest " + name
                        + ": broken CSV near line " + parser.getCurrentLineNumber() + " (" + e.getCause().getMessage() + ")");
            }
            return new CsvTable(name, header, rows);
        } catch (org.apache.commons.csv.CSVException e) {
            throw new FileRejectedException(ReasonCode.MALFORMED_CSV, "Cannot ingest " + name + ": broken CSV ("
                    + e.getMessage() + ")");
        } catch (CharacterCodingException e) {
            throw new FileRejectedException(ReasonCode.INVALID_ENCODING,
                    "Cannot ingest " + name + ": it is not valid UTF-8 (save it as UTF-8 and ingest again)");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new FileRejectedException(ReasonCode.MALFORMED_CSV, "Cannot ingest " + name + ": " + e.getMessage());
        }
    }

    /**
     * Checks that the columns a reader needs are there; a table without them is not the table its name says.
     */
    public void require(String... columns) throws FileRejectedException {
        List<String> missing = new ArrayList<>();
        for (String c : columns) {
            if (!header.contains(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw new FileRejectedException(ReasonCode.MISSING_COLUMNS, "Cannot ingest " + fileName
                    + ": required columns missing: " + String.join(", ", missing) + " (found: "
                    + String.join(", ", header) + ")");
        }
    }
}
