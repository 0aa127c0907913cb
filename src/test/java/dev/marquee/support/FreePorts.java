package dev.marquee.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers tests start on a port of their own choosing (embedded Redis, a
 * Kafka broker restarted in place, a real {@code redis-server}). A port taken from
 * {@code bind(0)} lies in the kernel's ephemeral range (32768 and up), where any outgoing
 * connection, or another {@code bind(0)}, may take it between the choice and the server
 * binding it; a server restarted on the same port is exposed for its whole downtime.
 * These ports lie below that range, where only an explicit bind can take them.
 * <p>
 * A port is free when chosen, not when its server binds it, so two choices must not meet:
 * a JVM never hands out the same port twice (a Redis Cluster node's data and bus ports
 * were once the same number, and the node could not start), and each test JVM of a
 * Surefire run chooses from a share of the range of its own ({@code marquee.test.fork},
 * Surefire's fork number), so the other JVM cannot take a port between the choice and the
 * bind.
 */
public final class FreePorts {

	private static final int LOWEST = 20_000;

	private static final int HIGHEST = 32_000;

	/** How many shares the range is cut into: as many test JVMs as a run has at most. */
	private static final int SHARES = 3;

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	/**
	 * A port on the loopback address that was free a moment ago, is outside the ephemeral
	 * range, and was not handed out before in this JVM.
	 */
	public static int next() {
		int share = (HIGHEST - LOWEST) / SHARES;
		int fork = fork();
		int lowest = (fork == 0) ? LOWEST : LOWEST + ((fork - 1) % SHARES) * share;
		int highest = (fork == 0) ? HIGHEST : lowest + share;
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(lowest, highest);
			if (!HANDED_OUT.add(port)) {
				continue;
			}
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IllegalStateException("No free port between " + lowest + " and " + highest);
	}

	/** Surefire's fork number (1 and up), or 0 when the tests run otherwise. */
	private static int fork() {
		try {
			return Math.max(0, Integer.parseInt(System.getProperty("marquee.test.fork", "0")));
		}
		catch (NumberFormatException notSurefire) {
			return 0;
		}
	}

}
