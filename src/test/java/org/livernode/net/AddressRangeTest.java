package org.livernode.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            // A single address matches only itself.
            "10.0.0.5, 10.0.0.5, true",
            "10.0.0.5, 10.0.0.6, false",
            // Blocks match their prefix.
            "192.168.1.0/24, 192.168.1.0, true",
            "192.168.1.0/24, 192.168.1.255, true",
            "192.168.1.0/24, 192.168.2.1, false",
            "10.0.0.0/13, 10.7.255.255, true",
            "10.0.0.0/13, 10.8.0.0, false",
            "0.0.0.0/0, 203.0.113.9, true",
            "127.0.0.1/32, 127.0.0.1, true",
            "127.0.0.2/31, 127.0.0.1, false",
            // IPv6 blocks match IPv6 peers only.
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "::1, ::1, true",
            "::/0, 127.0.0.1, false",
            "0.0.0.0/0, ::1, false",
            // Java reports an IPv4-mapped IPv6 peer as IPv4, so IPv4 ranges apply to it.
            "127.0.0.0/8, ::ffff:127.0.0.1, true",
    })
    void containsTheAddressesOfItsBlock(String range, String address, boolean contained) {
        assertEquals(contained, AddressRange.parse(range).contains(InetAddresses.forString(address)));
    }

    @Test
    void printsAsParsedWithoutSpaces() {
        assertEquals("10.0.0.5", AddressRange.parse(" 10.0.0.5 ").toString());
        assertEquals("192.168.1.0/24", AddressRange.parse("192.168.1.0/24").toString());
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
