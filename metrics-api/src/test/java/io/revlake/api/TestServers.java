package io.revlake.api;

import io.revlake.api.security.ApiTokens;
import io.revlake.api.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Real servers on free ports, for tests, with one known token per role. */
public final class TestServers {
    public static final String VIEWER = "test-viewer-token-0001";
    public static final String ANALYST = "test-analyst-token-0002";
    public static final String ADMIN = "test-admin-token-0003";
    public static final Map<Role, String> TOKENS = Map.of(Role.VIEWER, VIEWER, Role.ANALYST, ANALYST, Role.ADMIN, ADMIN);

    private TestServers() {
    }

    static ApiTokens tokens() {
        return ApiTokens.of(Map.of(VIEWER, Role.VIEWER, ANALYST, Role.ANALYST, ADMIN, Role.ADMIN));
    }

    public static ApiServer start(Path warehouse, Duration reloadEvery) {
        return ApiServer.start(ServerConfig.local(warehouse.toString(), 0, reloadEvery, tokens()));
    }

    public static ApiServer start(Path warehouse) {
        return start(warehouse, Duration.ofSeconds(1));
    }
}
