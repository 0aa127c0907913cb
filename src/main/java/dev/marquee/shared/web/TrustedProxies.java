package dev.marquee.shared.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.NetUtil;

import org.springframework.stereotype.Component;

/**
 * The client's address as the trusted proxies ({@link TrustedProxyProperties}) report it.
 * A request from anyone else is its peer's; from a trusted proxy, it is the right-most
 * address of {@code X-Forwarded-For} (with the peer appended) that is not itself a
 * trusted proxy: what a client writes into the header lands to the left of what its
 * proxies append, so it is never taken while a proxy's entry stands to its right.
 */
@Component
class TrustedProxies {

	private final List<Range> ranges = new ArrayList<>();

	TrustedProxies(TrustedProxyProperties properties) {
		for (String entry : properties.trustedProxies()) {
			ranges.add(Range.parse(entry.trim()));
		}
	}

	/** Whether this address is one of the trusted proxies. */
	boolean trusts(InetSocketAddress address) {
		if (address == null || address.getAddress() == null) {
			return false;
		}
		byte[] bytes = address.getAddress().getAddress();
		return ranges.stream().anyMatch(range -> range.contains(bytes));
	}

	/**
	 * The client behind {@code peer}, given the request's {@code X-Forwarded-For} (may be
	 * null).
	 */
	InetSocketAddress clientAddress(InetSocketAddress peer, String forwardedFor) {
		if (!trusts(peer) || forwardedFor == null || forwardedFor.isBlank()) {
			return peer;
		}
		InetSocketAddress client = peer;
		String[] hops = forwardedFor.split(",");
		for (int i = hops.length - 1; i >= 0 && trusts(client); i--) {
			InetAddress hop = literal(hops[i].trim());
			if (hop == null) {
				// garbage where a proxy would have written an address: the chain ends
				// here
				break;
			}
			client = new InetSocketAddress(hop, 0);
		}
		return client;
	}

	/**
	 * An IP literal, optionally with a port ({@code 1.2.3.4:80}, {@code [::1]:80}); null
	 * if not one.
	 */
	private static InetAddress literal(String hop) {
		String host = hop;
		if (host.startsWith("[") && host.contains("]")) {
			host = host.substring(1, host.indexOf(']'));
		}
		else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
			host = host.substring(0, host.indexOf(':'));
		}
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
		try {
			return bytes == null ? null : InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** An address or a CIDR range. */
	private record Range(byte[] network, int prefixBits) {

		static Range parse(String entry) {
			int slash = entry.indexOf('/');
			String address = slash < 0 ? entry : entry.substring(0, slash);
			byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
			if (bytes == null) {
				throw new IllegalArgumentException(
						"marquee.server.trusted-proxies: '" + entry + "' is not an IP address or CIDR range");
			}
			int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
			if (bits < 0 || bits > bytes.length * 8) {
				throw new IllegalArgumentException(
						"marquee.server.trusted-proxies: bad prefix length in '" + entry + "'");
			}
			return new Range(bytes, bits);
		}

		boolean contains(byte[] address) {
			if (address.length != network.length) {
				return false;
			}
			int full = prefixBits / 8;
			for (int i = 0; i < full; i++) {
				if (address[i] != network[i]) {
					return false;
				}
			}
			int rest = prefixBits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (address[full] & mask) == (network[full] & mask);
		}

	}

}
