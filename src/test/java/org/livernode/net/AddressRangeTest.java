package org.livernode.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

    private static boolean contains(String range, String address) {
        return AddressRange.parse(range).contains(InetAddresses.forString(address));
    }

    @Test
    void singleAddressMatchesOnlyItself() {
        assertTrue(contains("10.0.0.5", "10.0.0.5"));
        assertFalse(contains("10.0.0.5", "10.0.0.6"));
        assertEquals("10.0.0.5", AddressRange.parse(" 10.0.0.5 ").toString());
    }

    @Test
    void blocksMatchTheirPrefix() {
        assertTrue(contains("192.168.1.0/24", "192.168.1.0"));
        assertTrue(contains("192.168.1.0/24", "192.168.1.255"));
        assertFalse(contains("192.168.1.0/24", "192.168.2.1"));
        assertTrue(contains("10.0.0.0/13", "10.7.255.255"));
        assertFalse(contains("10.0.0.0/13", "10.8.0.0"));
        assertTrue(contains("0.0.0.0/0", "203.0.113.9"));
        assertTrue(contains("127.0.0.1/32", "127.0.0.1"));
        assertFalse(contains("127.0.0.2/31", "127.0.0.1"));
        assertEquals("192.168.1.0/24", AddressRange.parse("192.168.1.0/24").toString());
    }

    @Test
    void ipv6BlocksMatchIpv6PeersOnly() {
        assertTrue(contains("fd00::/8", "fd12:3456::1"));
        assertFalse(contains("fd00::/8", "fe80::1"));
        assertTrue(contains("::1", "::1"));
        assertFalse(contains("::/0", "127.0.0.1"));
        assertFalse(contains("0.0.0.0/0", "::1"));
        // Java reports an IPv4-mapped IPv6 peer as IPv4, so IPv4 ranges apply to it.
        assertTrue(contains("127.0.0.0/8", "::ffff:127.0.0.1"));
    }

    @Test
    void malformedRangesSayWhatIsWrong() {
        for (String bad : List.of("", "scanner.hospital.local", "10.0.0", "10.0.0.5/33", "10.0.0.5/", "10.0.0.5/-1", "fd00::/129", "10.0.0.0/8/8")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad.strip()), e.getMessage());
        }
        IllegalArgumentException hostBits = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("192.168.1.5/24"));
        assertTrue(hostBits.getMessage().contains("192.168.1.0/24"), hostBits.getMessage());
    }
}
