package io.revlake.api.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call a route. Roles are ordered: each includes everything the ones before it may do.
 * <ul>
 *   <li>{@code public}: no token (health, the dashboards' static files, the API description).</li>
 *   <li>{@code viewer}: dashboards and aggregate metrics.</li>
 *   <li>{@code analyst}: + customer-level rows and CSV exports.</li>
 *   <li>{@code admin}: + operations (reload the gold tables).</li>
 * </ul>
 */
public enum Role {
    PUBLIC, VIEWER, ANALYST, ADMIN;

    /** The roles a token can have, lowest first. */
    public static final List<Role> TOKEN_ROLES = List.of(VIEWER, ANALYST, ADMIN);

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a caller with this role may call a route that requires {@code required}. */
    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    public static Role max(Role a, Role b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    public static Optional<Role> parseTokenRole(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r != PUBLIC && r.value().equals(wanted)).findFirst();
    }
}
