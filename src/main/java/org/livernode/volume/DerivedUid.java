package org.livernode.volume;

import com.google.common.hash.Hashing;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Deterministic UIDs: "2.25." followed by the decimal form of 128 bits of a SHA-256 over the given parts
 * (PS3.5 B.2 allows UUID-derived UIDs under 2.25). The same parts always give the same UID, so work that is
 * redone after a restart produces the same objects and a PACS can de-duplicate them.
 */
public final class DerivedUid {
    private DerivedUid() {}

    public static String of(String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            // Length-prefixed so that ("ab", "c") and ("a", "bc") differ.
            text.append(part.length()).append(':').append(part).append('|');
        }
        byte[] digest = Hashing.sha256().hashString(text, StandardCharsets.UTF_8).asBytes();
        return "2.25." + new BigInteger(1, Arrays.copyOf(digest, 16));
    }
}
