package org.livernode.receive;

import java.util.List;
import java.util.Objects;
import org.livernode.net.AddressRange;

/**
 * A calling AE title that may associate only from some addresses: a title alone is easy to copy, the address
 * of a scanner on the hospital network less so.
 *
 * @param addresses at least one
 */
public record AllowedCaller(String aeTitle, List<AddressRange> addresses) {
    public AllowedCaller {
        aeTitle = Objects.requireNonNull(aeTitle, "aeTitle").strip();
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("allowed caller " + aeTitle + " needs at least one address");
        }
    }
}
