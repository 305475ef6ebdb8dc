package org.livernode.dicom;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Deterministic UIDs: the same parts always give the same UID, so work that is redone (after a restart, or
 * a series sent twice) produces the same objects and a PACS can de-duplicate them.
 */
public final class DerivedUid {
    private DerivedUid() {}

    /**
     * "2.25." and the decimal value of a UUID whose 122 free bits are the start of the SHA-256 of the parts
     * (RFC 9562 version 8, the layout for name-based UUIDs from hashes other than SHA-1). The 2.25 root is for
     * UIDs made from UUIDs (ISO/IEC 9834-8), so no registered root is needed. At most 44 characters.
     */
    public static String of(List<String> parts) {
        Hasher hasher = Hashing.sha256().newHasher();
        for (String part : parts) {
            // Length first, so that ("ab", "c") and ("a", "bc") hash differently.
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            hasher.putInt(bytes.length).putBytes(bytes);
        }
        byte[] uuid = Arrays.copyOf(hasher.hash().asBytes(), 16);
        uuid[6] = (byte) ((uuid[6] & 0x0F) | 0x80);
        uuid[8] = (byte) ((uuid[8] & 0x3F) | 0x80);
        return "2.25." + new BigInteger(1, uuid);
    }
}
