package org.livernode.net;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One IP address or a CIDR block of them ("10.0.0.5", "192.168.1.0/24", "fd00::/8"). Parsed as a literal, never
 * looked up in DNS: an allow-list must not depend on a name server. IPv4 ranges match IPv4 peers only and IPv6
 * ranges IPv6 peers (Java reports IPv4-mapped IPv6 peers as IPv4).
 */
public record AddressRange(InetAddress network, int prefixLength) {

    public AddressRange {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0 to " + bits + ", not " + prefixLength);
        }
    }

    /**
     * Parses an address or a CIDR block. Host bits set in a block ("192.168.1.5/24") are refused as the likely
     * typo they are.
     *
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static AddressRange parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!InetAddresses.isInetAddress(address)) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an IP address or CIDR block (host names are not looked up)");
        }
        InetAddress network = InetAddresses.forString(address);
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("'" + trimmed + "' has a prefix length that is not 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        AddressRange range = new AddressRange(network, prefix);
        InetAddress block = masked(network, prefix);
        if (!block.equals(network)) {
            throw new IllegalArgumentException("'" + trimmed + "' has host bits set: the block is "
                    + InetAddresses.toAddrString(block) + "/" + prefix);
        }
        return range;
    }

    /** Whether {@code address} lies in this range. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != net[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = 0xFF << (8 - restBits) & 0xFF;
        return (candidate[fullBytes] & mask) == (net[fullBytes] & mask);
    }

    /** The address with every bit after the prefix cleared. */
    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of " + bytes.length + " bytes came from an InetAddress", e);
        }
    }

    /** "192.168.1.0/24", or the bare address for a single host. */
    @Override
    public String toString() {
        String address = InetAddresses.toAddrString(network);
        return prefixLength == network.getAddress().length * 8 ? address : address + "/" + prefixLength;
    }
}
