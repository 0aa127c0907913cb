package dev.marquee.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A private {@code redis-server} process a test may stop and start again, empty, on the
 * same port: a real Redis restart, without touching the Redis other tests share. It keeps
 * nothing on disk ({@code save ""}, no AOF) and starts with the server's default (empty)
 * keyspace notification flags, as any restarted Redis does: the application has to turn
 * them on again.
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final List<Path> WELL_KNOWN = List.of(Path.of("/usr/bin/redis-server"),
			Path.of("/usr/local/bin/redis-server"), Path.of("/opt/homebrew/bin/redis-server"));

	private final Path binary;

	private final int port;

	private final Path directory;

	private final Path log;

	private final List<String> settings;

	private Process process;

	private RedisServerProcess(Path binary, int port, List<String> settings) {
		this.binary = binary;
		this.port = port;
		this.settings = settings;
		try {
			this.directory = Files.createTempDirectory("marquee-redis-" + port);
			this.log = directory.resolve("redis.log");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not make a working directory for redis-server", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
	}

	/** Starts a Redis on a free loopback port. */
	public static RedisServerProcess startOnFreePort() {
		RedisServerProcess redis = new RedisServerProcess(findBinary(), FreePorts.next(), List.of());
		redis.start();
		return redis;
	}

	/**
	 * Starts a Redis on a free loopback port with more settings (command-line arguments).
	 */
	static RedisServerProcess startOnFreePort(List<String> settings) {
		RedisServerProcess redis = new RedisServerProcess(findBinary(), FreePorts.next(), settings);
		redis.start();
		return redis;
	}

	/** Whether a {@code redis-server} can be run here. */
	public static boolean available() {
		try {
			findBinary();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	public int port() {
		return port;
	}

	public String url() {
		return "redis://127.0.0.1:" + port;
	}

	public synchronized boolean isRunning() {
		return process != null && process.isAlive();
	}

	/**
	 * Starts the server (empty) and returns once it answers PING; does nothing if it
	 * runs.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no",
				"--protected-mode", "no", "--loglevel", "warning"));
		command.addAll(settings);
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + binary, ex);
		}
		Process started = process;
		await("redis-server on port " + port + " to answer PING").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				if (!started.isAlive()) {
					throw new IllegalStateException(
							"redis-server exited with " + started.exitValue() + ": " + logTail());
				}
				try {
					return "+PONG".equals(send("PING"));
				}
				catch (IOException ex) {
					return false;
				}
			});
	}

	/**
	 * Stops the server without saving (SHUTDOWN NOSAVE, or a kill if it does not go) and
	 * returns once the process has exited: every connection to it is gone, and so is its
	 * data.
	 */
	public synchronized void stop() {
		if (!isRunning()) {
			return;
		}
		try {
			send("SHUTDOWN NOSAVE");
		}
		catch (IOException ex) {
			// the connection drops as the server goes; the wait below tells
		}
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping redis-server", ex);
		}
	}

	/** Stops and starts the server: the same port, no data, default configuration. */
	public void restart() {
		stop();
		start();
	}

	/**
	 * One inline command over a fresh connection; answers the first line of the reply.
	 */
	public String send(String command) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			for (int c = in.read(); c >= 0 && c != '\r' && c != '\n'; c = in.read()) {
				line.append((char) c);
			}
			return line.toString();
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private synchronized void kill() {
		if (process != null) {
			process.destroyForcibly();
		}
	}

	/**
	 * Kills the server with SIGKILL, as a crashed host, and returns once it is gone.
	 */
	public synchronized void crash() {
		kill();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while killing redis-server", ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

	private static Path findBinary() {
		String path = System.getenv("PATH");
		List<Path> candidates = new ArrayList<>();
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				if (!dir.isBlank()) {
					candidates.add(Path.of(dir, "redis-server"));
				}
			}
		}
		candidates.addAll(WELL_KNOWN);
		return candidates.stream()
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("redis-server was not found on the PATH nor in " + WELL_KNOWN
					+ ": the Redis restart tests start and stop a real Redis 7 server of their own "
					+ "(install it, e.g. apt-get install redis-server)"));
	}

}
