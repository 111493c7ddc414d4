package io.revlake.api;

import java.nio.file.Path;
import java.time.Duration;

/** Real servers on free ports, for tests. */
final class TestServers {
    private TestServers() {
    }

    static ApiServer start(Path warehouse, Duration reloadEvery) {
        return ApiServer.start(ServerConfig.local(warehouse.toString(), 0, reloadEvery));
    }

    static ApiServer start(Path warehouse) {
        return start(warehouse, Duration.ofSeconds(1));
    }
}
