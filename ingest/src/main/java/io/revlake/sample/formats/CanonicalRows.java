package io.revlake.sample.formats;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.warehouse.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A canonical extract read back into rows (column → value, null for an empty value), the input of the source-format
 * writers. A file that is absent gives no rows.
 */
final class CanonicalRows {
    private final Map<CanonicalEntity, List<Map<String, String>>> rows = new EnumMap<>(CanonicalEntity.class);

    private CanonicalRows() {
    }

    static CanonicalRows read(Path dir) throws IOException {
        CanonicalRows r = new CanonicalRows();
        for (CanonicalEntity e : CanonicalEntity.values()) {
            Path file = dir.resolve(e.fileName());
            List<Map<String, String>> list = new ArrayList<>();
            if (Files.exists(file)) {
                CsvTable t;
                try {
                    t = CsvTable.read(file);
                } catch (FileRejectedException ex) {
                    throw new IOException("Cannot read " + file + " as a canonical extract: " + ex.getMessage(), ex);
                }
                for (CsvTable.Row row : t.rows()) {
                    Map<String, String> m = new java.util.LinkedHashMap<>();
                    for (String column : t.header()) {
                        m.put(column, row.get(column));
                    }
                    list.add(Collections.unmodifiableMap(m));
                }
            }
            r.rows.put(e, List.copyOf(list));
        }
        return r;
    }

    List<Map<String, String>> of(CanonicalEntity e) {
        return rows.get(e);
    }
}
