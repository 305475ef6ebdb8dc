package org.livernode.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The check of the console's actions against {@code http.adminToken}: the request must carry
 * {@code Authorization: Bearer <token>}. A header, not a cookie, so that a form on another site cannot make a
 * browser post an action. The token is compared in constant time, on SHA-256 digests so that not even its length
 * shows in the timing. Without a configured token every action is refused.
 */
public final class AdminToken {
    private static final String BEARER = "Bearer ";

    /** Null when no token is configured. */
    private final byte[] digest;

    public AdminToken(Optional<String> token) {
        this.digest = token.map(AdminToken::sha256).orElse(null);
    }

    /** What a request's Authorization header earns it. */
    public enum Verdict {
        ALLOWED(200, "allowed"),
        READ_ONLY(403, "the console is read-only: no http.adminToken is configured"),
        MISSING(401, "an action needs the header Authorization: Bearer <http.adminToken>"),
        WRONG(403, "wrong token");

        public final int httpStatus;
        public final String reason;

        Verdict(int httpStatus, String reason) {
            this.httpStatus = httpStatus;
            this.reason = reason;
        }
    }

    public boolean configured() {
        return digest != null;
    }

    /** @param authorization the request's Authorization header; null when it has none */
    public Verdict check(String authorization) {
        if (digest == null) {
            return Verdict.READ_ONLY;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Verdict.MISSING;
        }
        byte[] given = sha256(authorization.substring(BEARER.length()).strip());
        return MessageDigest.isEqual(given, digest) ? Verdict.ALLOWED : Verdict.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
