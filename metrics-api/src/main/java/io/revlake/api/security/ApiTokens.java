package io.revlake.api.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens and their roles, from a tokens file. One token per line, {@code ROLE TOKEN}, e.g.
 * {@code analyst 6q1…}; blank lines and lines starting with {@code #} are ignored; a role may have several tokens.
 * Tokens are compared in constant time, and never logged or echoed.
 */
public final class ApiTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MIN_TOKEN_LENGTH = 16;

    private final Map<String, Role> byToken;

    private ApiTokens(Map<String, Role> byToken) {
        this.byToken = Collections.unmodifiableMap(new LinkedHashMap<>(byToken));
    }

    /** Tokens given in code (tests, embedding). */
    public static ApiTokens of(Map<String, Role> byToken) {
        for (Map.Entry<String, Role> e : byToken.entrySet()) {
            checkToken(e.getKey(), "token for " + e.getValue().value());
            if (e.getValue() == Role.PUBLIC) {
                throw new IllegalArgumentException("a token cannot have role public");
            }
        }
        return new ApiTokens(byToken);
    }

    /** The role of a presented token, if it is one of ours. */
    public Optional<Role> roleOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        Role found = null;
        for (Map.Entry<String, Role> e : byToken.entrySet()) {
            // Check every token, so the time taken does not depend on which one matched.
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return byToken.size();
    }

    /**
     * Reads a tokens file.
     *
     * @throws IllegalArgumentException naming the file and line when a line is not {@code ROLE TOKEN}
     */
    public static ApiTokens load(Path file) throws IOException {
        Map<String, Role> tokens = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + " is not 'ROLE TOKEN' (roles: viewer, analyst, admin)");
            }
            Role role = Role.parseTokenRole(parts[0]).orElseThrow(() -> new IllegalArgumentException(
                    where + ": unknown role '" + parts[0] + "'; use viewer, analyst or admin"));
            checkToken(parts[1], where);
            tokens.put(parts[1], role);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no tokens; add lines 'ROLE TOKEN' or delete the file to"
                    + " have new ones generated");
        }
        return new ApiTokens(tokens);
    }

    /** Whether users other than the owner can read the file (only checked where POSIX permissions exist). */
    public static boolean readableByOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Creates {@code file} (and its folder) readable only by its owner, with one new random token per role.
     *
     * @return role → token, in role order
     * @throws FileAlreadyExistsException when the file exists; it is never overwritten
     */
    public static Map<Role, String> generate(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            createOwnerOnly(dir, true);
        }
        Map<Role, String> tokens = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder("# RevLake API tokens: ROLE TOKEN per line (viewer < analyst < admin).\n"
                + "# Send one as 'Authorization: Bearer TOKEN'. Keep this file private.\n");
        for (Role role : Role.TOKEN_ROLES) {
            String token = newToken();
            tokens.put(role, token);
            text.append(role.value()).append(' ').append(token).append('\n');
        }
        createOwnerOnly(file, false);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return tokens;
    }

    /** 32 random bytes, URL-safe base64 (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void createOwnerOnly(Path path, boolean directory) throws IOException {
        try {
            var perms = PosixFilePermissions.asFileAttribute(directory
                    ? EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)
                    : EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            if (directory) {
                Files.createDirectories(path, perms);
            } else {
                Files.createFile(path, perms);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: create it plainly; the OS default ACLs apply.
            if (directory) {
                Files.createDirectories(path);
            } else {
                Files.createFile(path);
            }
        }
    }

    private static void checkToken(String token, String where) {
        if (token.length() < MIN_TOKEN_LENGTH || !token.matches("[A-Za-z0-9_\\-.~+/=]+")) {
            throw new IllegalArgumentException(where + ": a token must be at least " + MIN_TOKEN_LENGTH
                    + " characters of letters, digits and -._~+/=");
        }
    }

    /** For messages: the roles present. */
    public List<Role> roles() {
        return new ArrayList<>(new java.util.TreeSet<>(byToken.values()));
    }
}
