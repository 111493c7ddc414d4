package io.revlake.api.routes;

import io.javalin.http.Context;
import io.revlake.api.security.ApiTokens;
import io.revlake.api.security.Role;
import java.util.Objects;

/** Checks a request's bearer token against the role its route declares. */
public final class Auth {
    /** Context attribute holding the caller's role once checked. */
    public static final String ROLE = "revlake.role";

    private final ApiTokens tokens;
    private final String tokenHint;

    /**
     * @param tokenHint one sentence on where tokens are, added to 401 messages (never a token itself)
     */
    public Auth(ApiTokens tokens, String tokenHint) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.tokenHint = Objects.requireNonNull(tokenHint, "tokenHint");
    }

    /** Returns the caller's role, or throws 401 (no or unknown token) / 403 (role too low). */
    public Role require(Context ctx, Role needed, boolean csv) {
        if (needed == Role.PUBLIC) {
            return Role.PUBLIC;
        }
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (token == null || token.isEmpty()) {
            throw ApiErrors.unauthorized(needed, tokenHint, false);
        }
        Role role = tokens.roleOf(token).orElseThrow(() -> ApiErrors.unauthorized(needed, tokenHint, true));
        if (!role.includes(needed)) {
            throw ApiErrors.forbidden(needed, role, csv);
        }
        ctx.attribute(ROLE, role);
        return role;
    }
}
