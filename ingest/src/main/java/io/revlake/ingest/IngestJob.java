package io.revlake.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.canonical.CanonicalFileReader;
import io.revlake.ingest.canonical.ParsedRecord;
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
 * Ingests a folder of canonical CSV files into bronze Delta tables.
 *
 * <p>Per file: the content hash is looked up in {@code ops.ingest_ledger} (same bytes ⇒ skipped); records are
 * validated; accepted ones go to {@code bronze.canonical_<entity>}, rejected ones to {@code quarantine.canonical}
 * with a reason, then the ledger row is written. Each of the three writes is one Delta commit tagged with the file
 * hash as an idempotent-write id, so a run interrupted anywhere and run again writes every row exactly once.
 */
public final class IngestJob {
    public static final String SOURCE = "canonical";
    private static final int CHUNK_ROWS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;

    public IngestJob(SparkSession spark, String warehouse, Consumer<String> progress) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
    }

    public IngestReport run(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("Cannot ingest " + folder + ": not a folder");
        }
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
            var entity = CanonicalEntity.forFileName(name);
            if (entity.isEmpty()) {
                if (name.toLowerCase().endsWith(".csv")) {
                    results.add(new FileResult(name, "", "ignored", 0, 0, 0, List.of(),
                            "not a canonical file name (expected one of " + canonicalNames() + ")", Map.of()));
                }
                continue;
            }
            String hash = sha256(file);
            if (!known.add(hash)) {
                progress.accept("skipping " + name + ": same content already ingested");
                results.add(new FileResult(name, entity.get().fileStem(), "skipped", 0, 0, 0, List.of(),
                        "same content already in the ingest ledger", Map.of()));
                continue;
            }
            progress.accept("ingesting " + name);
            FileResult r = ingestFile(file, entity.get(), hash, batchId, ingestedAt);
            progress.accept(String.format("  %s: %d read, %d accepted, %d quarantined%s", name, r.rowsRead(),
                    r.rowsAccepted(), r.rowsRejected(), r.message() == null ? "" : " — " + r.message()));
            results.add(r);
        }
        return new IngestReport(batchId, SOURCE, results);
    }

    private FileResult ingestFile(Path file, CanonicalEntity entity, String hash, String batchId, Timestamp at)
            throws IOException {
        String name = file.getFileName().toString();
        TableDef bronze = Tables.bronze(SOURCE, entity);
        TableDef quarantine = Tables.quarantine(SOURCE);
        String staging = warehouse + "/_staging/" + batchId + "/" + hash;
        Buffer accepted = new Buffer(SparkSchemas.schema(bronze), staging + "/accepted");
        Buffer rejected = new Buffer(SparkSchemas.schema(quarantine), staging + "/rejected");
        Map<String, Long> reasons = new TreeMap<>();
        CanonicalFileReader.Header header;
        try {
            header = new CanonicalFileReader(file, entity).read(rec -> {
                if (rec.accepted()) {
                    accepted.add(bronzeRow(entity, rec, name, batchId, at, hash));
                } else {
                    reasons.merge(rec.rejection().code().name(), 1L, Long::sum);
                    rejected.add(quarantineRow(entity, rec, name, batchId, at, hash));
                }
            });
        } catch (FileRejectedException e) {
            deleteRecursively(staging);
            FileResult r = new FileResult(name, entity.fileStem(), "rejected", 0, 0, 0, List.of(), e.getMessage(),
                    Map.of(e.code().name(), 1L));
            writeLedger(r, hash, batchId, at);
            return r;
        }
        DeltaTables.appendOnce(accepted.toFrame(), bronze, warehouse, "revlake-ingest-" + hash);
        if (rejected.count > 0) {
            DeltaTables.appendOnce(rejected.toFrame(), quarantine, warehouse, "revlake-ingest-" + hash);
        }
        deleteRecursively(staging);
        FileResult r = new FileResult(name, entity.fileStem(), "accepted", accepted.count + rejected.count,
                accepted.count, rejected.count, header.unknownColumns(), null, reasons);
        writeLedger(r, hash, batchId, at);
        return r;
    }

    private void writeLedger(FileResult r, String hash, String batchId, Timestamp at) {
        Row row = RowFactory.create(hash, SOURCE, r.entity(), r.fileName(), batchId, r.status(), r.rowsRead(),
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

    private static Row bronzeRow(CanonicalEntity entity, ParsedRecord rec, String file, String batchId, Timestamp at,
                                 String fileHash) {
        Object[] values = new Object[entity.fields().size() + 1 + Tables.LINEAGE.size()];
        int i = 0;
        StringBuilder forHash = new StringBuilder();
        for (var f : entity.fields()) {
            String v = rec.values().get(f.name());
            values[i++] = v;
            forHash.append(v).append('\u0001');
        }
        values[i++] = rec.extras().isEmpty() ? null : json(rec.extras());
        fillLineage(values, i, file, rec.recordNumber(), batchId, at, fileHash, sha256(forHash.toString()));
        return RowFactory.create(values);
    }

    private static Row quarantineRow(CanonicalEntity entity, ParsedRecord rec, String file, String batchId,
                                     Timestamp at, String fileHash) {
        Object[] values = new Object[4 + Tables.LINEAGE.size()];
        values[0] = entity.fileStem();
        values[1] = rec.rejection().code().name();
        values[2] = "Cannot ingest " + file + " line " + rec.lineNumber() + ": " + rec.rejection().reason();
        values[3] = json(rec.raw());
        fillLineage(values, 4, file, rec.recordNumber(), batchId, at, fileHash, sha256(values[3].toString()));
        return RowFactory.create(values);
    }

    private static void fillLineage(Object[] values, int i, String file, long row, String batchId, Timestamp at,
                                    String fileHash, String rowHash) {
        values[i++] = SOURCE;
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

    private static String canonicalNames() {
        return String.join(", ", Stream.of(CanonicalEntity.values()).map(CanonicalEntity::fileName).toList());
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
