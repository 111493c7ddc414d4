package io.revlake.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run the API.
 *
 * @param warehouse         warehouse root (local directory or Hadoop URI)
 * @param host              interface to bind; 127.0.0.1 keeps the (not yet authenticated) API local
 * @param port              TCP port, 0 for any free port
 * @param reloadEvery       how often to look for new gold table versions
 * @param reportingCurrency currency of the gold amounts
 */
public record ServerConfig(String warehouse, String host, int port, Duration reloadEvery, String reportingCurrency) {
    public static final String DEFAULT_REPORTING_CURRENCY = "USD";

    public ServerConfig {
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(reloadEvery, "reloadEvery");
        Objects.requireNonNull(reportingCurrency, "reportingCurrency");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (reloadEvery.isNegative() || reloadEvery.isZero()) {
            throw new IllegalArgumentException("reload interval must be positive: " + reloadEvery);
        }
    }

    public static ServerConfig local(String warehouse, int port, Duration reloadEvery) {
        return new ServerConfig(warehouse, "127.0.0.1", port, reloadEvery, DEFAULT_REPORTING_CURRENCY);
    }
}
