package io.revlake.ingest;

import java.util.List;

/**
 * What happened to one file of a batch. For accepted and rejected files rowsRead = rowsAccepted + rowsRejected.
 *
 * @param status accepted (written; some records may be quarantined), rejected (nothing written),
 *               skipped (same content already in the ledger) or ignored (not a file of this source)
 */
public record FileResult(String fileName, String entity, String status, long rowsRead, long rowsAccepted,
                         long rowsRejected, List<String> unknownColumns, String message,
                         java.util.Map<String, Long> rejectionsByReason) {
    public FileResult {
        unknownColumns = List.copyOf(unknownColumns);
        rejectionsByReason = java.util.Map.copyOf(rejectionsByReason);
    }

    public boolean reconciles() {
        return rowsRead == rowsAccepted + rowsRejected;
    }
}
