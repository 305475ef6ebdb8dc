package org.livernode.receive;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.livernode.net.AddressRange;

/**
 * Which calling AE titles may associate, and from where: titles allowed from any address, and titles bound to
 * address ranges. Both empty accepts every caller. Pure, so it is tested without sockets.
 */
final class CallerAllowList {
    private final Set<String> fromAnyAddress;
    private final Map<String, List<AddressRange>> fromAddresses = new HashMap<>();

    CallerAllowList(Set<String> fromAnyAddress, List<AllowedCaller> fromAddresses) {
        this.fromAnyAddress = Set.copyOf(fromAnyAddress);
        for (AllowedCaller caller : fromAddresses) {
            if (this.fromAnyAddress.contains(caller.aeTitle()) || this.fromAddresses.containsKey(caller.aeTitle())) {
                throw new IllegalArgumentException("calling AE title " + caller.aeTitle() + " is listed twice");
            }
            this.fromAddresses.put(caller.aeTitle(), caller.addresses());
        }
    }

    boolean acceptsEveryone() {
        return fromAnyAddress.isEmpty() && fromAddresses.isEmpty();
    }

    /** Why {@code callingAeTitle} may not associate from {@code address}; empty when it may. */
    Optional<String> refusal(String callingAeTitle, InetAddress address) {
        if (acceptsEveryone() || fromAnyAddress.contains(callingAeTitle)) {
            return Optional.empty();
        }
        List<AddressRange> ranges = fromAddresses.get(callingAeTitle);
        if (ranges == null) {
            return Optional.of("calling AE title " + callingAeTitle + " is not on the allow-list");
        }
        if (ranges.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        return Optional.of("calling AE title " + callingAeTitle + " is allowed only from " + ranges + ", not from " + address.getHostAddress());
    }
}
