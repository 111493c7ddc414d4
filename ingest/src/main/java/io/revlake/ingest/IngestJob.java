package io.revlake.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.canonical.CanonicalSourceReader;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Ingests a folder of extract files of one source into bronze Delta tables.
 *
 * <p>A {@link SourceReader} turns each file into validated records of one or more canonical entities; everything
 * else is the same for every source. Per file: the content hash (with the reader's mapping fingerprint and the hashes
 * of the sibling files it is joined with) is looked up in {@code ops.ingest_ledger} (same bytes ⇒ skipped); accepted records go to {@code bronze.<source>_<entity>},
 * rejected ones to {@code quarantine.<source>} with a reason, then the ledger row is written. Each write is one Delta
 * commit tagged with the ledger hash as an idempotent-write id, so a run interrupted anywhere and run again writes
 * every row exactly once.
 */
public final class IngestJob {
    /** The canonical CSV source; the default. */
    public static final String SOURCE = CanonicalSourceReader.SOURCE;
    private static final int CHUNK_ROWS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;
    private final SourceReader reader;

    /** The canonical CSV connector. */
    public IngestJob(SparkSession spark, String warehouse, Consumer<String> progress) {
        this(spark, warehouse, progress, new CanonicalSourceReader());
    }

    /** The connector of a named source: see {@link SourceReaders#names()}. */
    public IngestJob(SparkSession spark, String warehouse, Consumer<String> progress, String source) {
        this(spark, warehouse, progress, SourceReaders.forName(source));
    }

    public IngestJob(SparkSession spark, String warehouse, Consumer<String> progress, SourceReader reader) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
        this.reader = reader;
    }

    public IngestReport run(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("Cannot ingest " + folder + ": not a folder");
        }
        String source = reader.source();
        String batchId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        Timestamp ingestedAt = Timestamp.from(Instant.now());
        Set<String> known = ledgerHashes();
        List<FileResult> results = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String whyNot = reader.whyNot(file);
            if (whyNot != null) {
                if (!whyNot.isEmpty()) {
                    results.add(new FileResult(name, "", "ignored", 0, 0, 0, List.of(), whyNot, Map.of()));
                }
                continue;
            }
            String fileHash = sha256(file);
            Map<String, String> dependencyHashes = new TreeMap<>();
            for (Path dependency : reader.dependencies(file)) {
                dependencyHashes.put(dependency.getFileName().toString(), sha256(dependency));
            }
            String ledgerHash = ledgerKey(fileHash, reader.configFingerprint(), dependencyHashes);
            if (!known.add(ledgerHash)) {
                progress.accept("skipping " + name + ": same content already ingested");
                results.add(new FileResult(name, reader.entityHint(file), "skipped", 0, 0, 0, List.of(),
                        "same content already in the ingest ledger", Map.of()));
                continue;
            }
            progress.accept("ingesting " + name);
            FileResult r = ingestFile(file, fileHash, ledgerHash, batchId, ingestedAt);
            progress.accept(String.format("  %s: %d read, %d accepted, %d quarantined%s", name, r.rowsRead(),
                    r.rowsAccepted(), r.rowsRejected(), r.message() == null ? "" : " — " + r.message()));
            results.add(r);
        }
        return new IngestReport(batchId, source, results);
    }

    private FileResult ingestFile(Path file, String fileHash, String ledgerHash, String batchId, Timestamp at)
            throws IOException {
        String name = file.getFileName().toString();
        String source = reader.source();
        TableDef quarantine = Tables.quarantine(source);
        String staging = warehouse + "/_staging/" + batchId + "/" + ledgerHash;
        Map<CanonicalEntity, Buffer> accepted = new EnumMap<>(CanonicalEntity.class);
        Buffer rejected = new Buffer(SparkSchemas.schema(quarantine), staging + "/rejected");
        Map<String, Long> reasons = new TreeMap<>();
        SourceReader.Outcome outcome;
        try {
            outcome = reader.read(file, rec -> {
                Buffer buffer = accepted.computeIfAbsent(rec.entity(), e -> new Buffer(
                        SparkSchemas.schema(Tables.bronze(source, e)), staging + "/accepted/" + e.fileStem()));
                if (rec.accepted()) {
                    buffer.add(bronzeRow(source, rec, name, batchId, at, fileHash));
                } else {
                    reasons.merge(rec.rejection().code().name(), 1L, Long::sum);
                    rejected.add(quarantineRow(source, rec, name, batchId, at, fileHash));
                }
            });
        } catch (FileRejectedException e) {
            deleteRecursively(staging);
            FileResult r = new FileResult(name, reader.entityHint(file), "rejected", 0, 0, 0,
                    List.of(), e.getMessage(), Map.of(e.code().name(), 1L));
            writeLedger(r, ledgerHash, batchId, at);
            return r;
        }
        for (String stem : outcome.entities()) {
            CanonicalEntity e = CanonicalEntity.forFileName(stem + ".csv").orElseThrow();
            accepted.computeIfAbsent(e, x -> new Buffer(SparkSchemas.schema(Tables.bronze(source, x)),
                    staging + "/accepted/" + x.fileStem()));
        }
        long acceptedCount = accepted.values().stream().mapToLong(b -> b.count).sum();
        if (accepted.isEmpty() && rejected.count == 0) {
            deleteRecursively(staging);
            return new FileResult(name, "", "ignored", 0, 0, 0, List.of(),
                    outcome.note() == null ? "no records of a mapped type" : outcome.note(), Map.of());
        }
        for (var e : accepted.entrySet()) {
            DeltaTables.appendOnce(e.getValue().toFrame(), Tables.bronze(source, e.getKey()), warehouse,
                    "revlake-ingest-" + ledgerHash);
        }
        if (rejected.count > 0) {
            DeltaTables.appendOnce(rejected.toFrame(), quarantine, warehouse, "revlake-ingest-" + ledgerHash);
        }
        deleteRecursively(staging);
        FileResult r = new FileResult(name, entityLabel(accepted.keySet(), outcome.entities()), "accepted",
                acceptedCount + rejected.count, acceptedCount, rejected.count, outcome.unknownColumns(),
                outcome.note(), reasons);
        writeLedger(r, ledgerHash, batchId, at);
        return r;
    }

    /**
     * The ledger key of a file: its content hash, combined with the reader's mapping fingerprint and the hashes of the
     * files it is joined with (by name), so a new mapping or a changed sibling re-ingests it. Without either it is the
     * content hash itself. Pure.
     */
    static String ledgerKey(String fileHash, String configFingerprint, Map<String, String> dependencyHashes) {
        if (configFingerprint.isEmpty() && dependencyHashes.isEmpty()) {
            return fileHash;
        }
        StringBuilder key = new StringBuilder(fileHash).append('\u0001').append(configFingerprint);
        new TreeMap<>(dependencyHashes).forEach((name, hash) -> key.append('\u0002').append(name).append('=').append(hash));
        return sha256(key.toString());
    }

    /** Entities a file fed, comma-separated: those with records first, in catalog order. */
    private static String entityLabel(Set<CanonicalEntity> written, List<String> declared) {
        Set<String> names = new java.util.LinkedHashSet<>();
        written.forEach(e -> names.add(e.fileStem()));
        names.addAll(declared);
        return String.join(",", names);
    }

    private void writeLedger(FileResult r, String hash, String batchId, Timestamp at) {
        Row row = RowFactory.create(hash, reader.source(), r.entity(), r.fileName(), batchId, r.status(), r.rowsRead(),
                r.rowsAccepted(), r.rowsRejected(), r.unknownColumns().isEmpty() ? null : String.join(",", r.unknownColumns()),
                r.message(), at);
        Dataset<Row> df = spark.createDataFrame(List.of(row), SparkSchemas.schema(Tables.INGEST_LEDGER));
        DeltaTables.appendOnce(df, Tables.INGEST_LEDGER, warehouse, "revlake-ingest-" + hash);
    }

    private Set<String> ledgerHashes() {
        Set<String> hashes = new HashSet<>();
        if (DeltaTables.exists(spark, Tables.INGEST_LEDGER, warehouse)) {
            for (Row r : DeltaTables.read(spark, Tables.INGEST_LEDGER, warehouse).select("file_hash").collectAsList()) {
                hashes.add(r.getString(0));
            }
        }
        return hashes;
    }

    private static Row bronzeRow(String source, SourceRecord rec, String file, String batchId, Timestamp at,
                                 String fileHash) {
        CanonicalEntity entity = rec.entity();
        Object[] values = new Object[entity.fields().size() + 1 + Tables.LINEAGE.size()];
        int i = 0;
        StringBuilder forHash = new StringBuilder();
        for (var f : entity.fields()) {
            String v = rec.values().get(f.name());
            values[i++] = v;
            forHash.append(v).append('\u0001');
        }
        Map<String, String> extras = rec.extras();
        if (rec.tombstone()) {
            extras = new java.util.LinkedHashMap<>(extras);
            extras.put(SourceRecord.DELETED_MARKER, "true");
            forHash.append("deleted");
        }
        values[i++] = extras.isEmpty() ? null : json(extras);
        fillLineage(values, i, source, file, rec.recordNumber(), batchId, at, fileHash, sha256(forHash.toString()));
        return RowFactory.create(values);
    }

    private static Row quarantineRow(String source, SourceRecord rec, String file, String batchId,
                                     Timestamp at, String fileHash) {
        Object[] values = new Object[4 + Tables.LINEAGE.size()];
        values[0] = rec.entity().fileStem();
        values[1] = rec.rejection().code().name();
        values[2] = "Cannot ingest " + file + " " + rec.locator() + ": " + rec.rejection().reason();
        values[3] = rec.rawJson();
        fillLineage(values, 4, source, file, rec.recordNumber(), batchId, at, fileHash, sha256(rec.rawJson()));
        return RowFactory.create(values);
    }

    private static void fillLineage(Object[] values, int i, String source, String file, long row, String batchId,
                                    Timestamp at, String fileHash, String rowHash) {
        values[i++] = source;
        values[i++] = file;
        values[i++] = row;
        values[i++] = batchId;
        values[i++] = at;
        values[i++] = fileHash;
        values[i] = rowHash;
    }

    /** Rows of one file, spilled to Parquet in chunks so a large file never has to fit in memory. */
    private final class Buffer {
        private final StructType schema;
        private final String spill;
        private final List<Row> rows = new ArrayList<>();
        private long count;
        private boolean spilled;

        Buffer(StructType schema, String spill) {
            this.schema = schema;
            this.spill = spill;
        }

        void add(Row row) {
            rows.add(row);
            count++;
            if (rows.size() >= CHUNK_ROWS) {
                flush();
            }
        }

        private void flush() {
            spark.createDataFrame(rows, schema).write().mode(SaveMode.Append).parquet(spill);
            rows.clear();
            spilled = true;
        }

        Dataset<Row> toFrame() {
            if (!spilled) {
                return spark.createDataFrame(rows, schema);
            }
            if (!rows.isEmpty()) {
                flush();
            }
            return spark.read().schema(schema).parquet(spill);
        }
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(String s) {
        return HexFormat.of().formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Staging lives beside the tables, on whatever file system the warehouse is on. */
    private void deleteRecursively(String dir) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
