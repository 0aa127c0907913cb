package dev.marquee.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy a test can cut and restore, to make a real PostgreSQL or Redis unreachable
 * for the application without stopping the shared server. While cut, open connections are
 * dropped and new ones are closed as soon as they are accepted.
 */
public final class ChaosProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	public ChaosProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Thread.ofVirtual().name("chaos-proxy-" + targetPort).start(this::acceptLoop);
	}

	public int port() {
		return server.getLocalPort();
	}

	/** Drops every connection and refuses new ones until {@link #restore()}. */
	public void cut() {
		cut = true;
		open.forEach(ChaosProxy::closeQuietly);
		open.clear();
	}

	public void restore() {
		cut = false;
	}

	private void acceptLoop() {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				if (cut) {
					closeQuietly(client);
					continue;
				}
				Socket upstream = new Socket(targetHost, targetPort);
				open.add(client);
				open.add(upstream);
				Thread.ofVirtual().start(() -> pump(client, upstream));
				Thread.ofVirtual().start(() -> pump(upstream, client));
			}
			catch (IOException ex) {
				// accept failed because we are closing, or the upstream refused: try the
				// next one
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			open.remove(from);
			open.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		cut();
		try {
			server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
