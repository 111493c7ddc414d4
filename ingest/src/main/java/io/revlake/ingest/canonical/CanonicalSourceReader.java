package io.revlake.ingest.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The canonical extract: one CSV file per entity, named after it ({@code customers.csv}, …). */
public final class CanonicalSourceReader implements SourceReader {
    public static final String SOURCE = "canonical";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public String whyNot(Path file) {
        String name = file.getFileName().toString();
        if (CanonicalEntity.forFileName(name).isPresent()) {
            return null;
        }
        return name.toLowerCase().endsWith(".csv")
                ? "not a canonical file name (expected one of " + String.join(", ",
                        Stream.of(CanonicalEntity.values()).map(CanonicalEntity::fileName).toList()) + ")"
                : "";
    }

    @Override
    public String entityHint(Path file) {
        return CanonicalEntity.forFileName(file.getFileName().toString()).map(CanonicalEntity::fileStem).orElse("");
    }

    @Override
    public Outcome read(Path file, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        CanonicalEntity entity = CanonicalEntity.forFileName(file.getFileName().toString()).orElseThrow();
        CanonicalFileReader.Header header = new CanonicalFileReader(file, entity).read(rec -> sink.accept(
                new SourceRecord(entity, rec.recordNumber(), "line " + rec.lineNumber(), rec.values(), rec.extras(),
                        json(rec.raw()), rec.rejection(), false)));
        return new Outcome(List.of(entity.fileStem()), header.unknownColumns(), null);
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
