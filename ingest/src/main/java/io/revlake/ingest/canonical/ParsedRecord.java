package io.revlake.ingest.canonical;

import io.revlake.ingest.Rejection;
import java.util.Map;

/**
 * One data record of a canonical file.
 *
 * @param recordNumber 1-based record number after the header
 * @param lineNumber   line where the record starts (differs from recordNumber + 1 after quoted newlines)
 * @param values       canonical field → trimmed value (null when empty)
 * @param extras       columns not in the contract, as received
 * @param raw          the whole record as received, header → value
 * @param rejection    why it is quarantined, or null when accepted
 */
public record ParsedRecord(long recordNumber, long lineNumber, Map<String, String> values, Map<String, String> extras,
                           Map<String, String> raw, Rejection rejection) {
    public boolean accepted() {
        return rejection == null;
    }
}
