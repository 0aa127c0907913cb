package dev.marquee.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers tests start on a port of their own choosing (embedded Redis, a
 * Kafka broker restarted in place, a real {@code redis-server}). A port taken from
 * {@code bind(0)} lies in the kernel's ephemeral range (32768 and up), where any outgoing
 * connection, or another {@code bind(0)}, may take it between the choice and the server
 * binding it; a server restarted on the same port is exposed for its whole downtime.
 * These ports lie below that range, where only an explicit bind can take them.
 */
public final class FreePorts {

	private static final int LOWEST = 20_000;

	private static final int HIGHEST = 32_000;

	private FreePorts() {
	}

	/**
	 * A port on the loopback address that was free a moment ago and is outside the
	 * ephemeral range.
	 */
	public static int next() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IllegalStateException("No free port between " + LOWEST + " and " + HIGHEST);
	}

}
