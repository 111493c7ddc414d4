package io.revlake.ingest;

import java.util.List;

/** The outcome of one ingest batch, file by file. */
public record IngestReport(String batchId, String source, List<FileResult> files) {
    public IngestReport {
        files = List.copyOf(files);
    }

    public long rowsRead() {
        return files.stream().mapToLong(FileResult::rowsRead).sum();
    }

    public long rowsAccepted() {
        return files.stream().mapToLong(FileResult::rowsAccepted).sum();
    }

    public long rowsRejected() {
        return files.stream().mapToLong(FileResult::rowsRejected).sum();
    }

    /** A per-file summary for the console. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("batch %s (%s)%n", batchId, source));
        sb.append(String.format("  %-24s %-9s %10s %10s %10s  %s%n", "file", "status", "read", "accepted", "rejected", "notes"));
        for (FileResult f : files) {
            StringBuilder notes = new StringBuilder();
            if (!f.rejectionsByReason().isEmpty()) {
                notes.append(new java.util.TreeMap<>(f.rejectionsByReason())).append(' ');
            }
            if (!f.unknownColumns().isEmpty()) {
                notes.append("unknown columns kept: ").append(String.join(",", f.unknownColumns())).append(' ');
            }
            if (f.message() != null) {
                notes.append(f.message());
            }
            sb.append(String.format("  %-24s %-9s %10d %10d %10d  %s%n", f.fileName(), f.status(), f.rowsRead(),
                    f.rowsAccepted(), f.rowsRejected(), notes.toString().trim()));
        }
        sb.append(String.format("  %-24s %-9s %10d %10d %10d%n", "total", "", rowsRead(), rowsAccepted(), rowsRejected()));
        return sb.toString();
    }
}
