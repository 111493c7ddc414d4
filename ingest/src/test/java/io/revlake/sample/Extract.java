package io.revlake.sample;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads generated files back with commons-csv (a strict RFC 4180 parser), for tests. */
final class Extract {
    private Extract() {
    }

    record Table(List<String> header, List<Map<String, String>> rows) {
        List<String> column(String name) {
            return rows.stream().map(r -> r.get(name)).toList();
        }
    }

    static Table read(Path file) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, format)) {
            List<String> header = parser.getHeaderNames();
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord r : parser) {
                if (r.size() != header.size()) {
                    throw new IllegalStateException(file + " record " + r.getRecordNumber() + " has " + r.size()
                            + " fields, header has " + header.size());
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), r.get(i));
                }
                rows.add(row);
            }
            return new Table(List.copyOf(header), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Table read(Path dir, String name) {
        return read(dir.resolve(name));
    }
}
