package io.revlake.api;

import io.revlake.api.security.ApiTokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the API.
 *
 * @param warehouse         warehouse root (local directory or Hadoop URI)
 * @param host              interface to bind
 * @param port              TCP port, 0 for any free port
 * @param reloadEvery       how often to look for new gold table versions
 * @param reportingCurrency currency of the gold amounts
 * @param tokens            API tokens and their roles
 * @param tokenHint         where users find their tokens, for 401 messages (never a token)
 * @param grossMargin       gross margin for CAC payback over quarters and years (1 = 100 %, METRICS.md default)
 */
public record ServerConfig(String warehouse, String host, int port, Duration reloadEvery, String reportingCurrency,
                           ApiTokens tokens, String tokenHint, BigDecimal grossMargin) {
    public static final String DEFAULT_REPORTING_CURRENCY = "USD";

    public ServerConfig {
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(reloadEvery, "reloadEvery");
        Objects.requireNonNull(reportingCurrency, "reportingCurrency");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(tokenHint, "tokenHint");
        Objects.requireNonNull(grossMargin, "grossMargin");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (reloadEvery.isNegative() || reloadEvery.isZero()) {
            throw new IllegalArgumentException("reload interval must be positive: " + reloadEvery);
        }
        if (grossMargin.signum() <= 0 || grossMargin.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("gross margin must be in (0, 1]: " + grossMargin);
        }
    }

    public static ServerConfig local(String warehouse, int port, Duration reloadEvery, ApiTokens tokens) {
        return new ServerConfig(warehouse, "127.0.0.1", port, reloadEvery, DEFAULT_REPORTING_CURRENCY, tokens,
                "Ask the operator for a token.", BigDecimal.ONE);
    }
}
