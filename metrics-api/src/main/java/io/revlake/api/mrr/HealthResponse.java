package io.revlake.api.mrr;

import java.util.Map;

/**
 * {@code GET /health}: {@code ok} when every gold table is loaded, {@code degraded} otherwise. Per table
 * (short name): {@code available}, and {@code version} + {@code rows} when loaded or {@code reason} when not.
 */
public record HealthResponse(String status, String snapshotLoadedAt, Map<String, Map<String, Object>> tables) {
}
