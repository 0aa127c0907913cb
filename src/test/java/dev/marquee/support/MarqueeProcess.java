package dev.marquee.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole Marquee node in a JVM of its own (not a second application context in the test
 * JVM): {@code MarqueeApplication} from this build's classes, on {@link TestServices}'
 * PostgreSQL, with the test token key (unless it trusts an OpenID Connect provider), the
 * simulated gateway, no warm-up, its own HTTP and RSocket ports, plus the test's
 * settings. It can be stopped (SIGTERM), killed (SIGKILL) and started again on the same
 * ports.
 */
public final class MarqueeProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port = FreePorts.next();

	private final int rsocketPort = FreePorts.next();

	private final JavaProcess process;

	private MarqueeProcess(String name, Map<String, String> settings) {
		this.name = name;
		TestServices services = TestServices.get();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.r2dbc.url", services.r2dbcUrl());
		properties.put("spring.r2dbc.username", services.postgresUser);
		properties.put("spring.r2dbc.password", services.postgresPassword);
		if (!settings.containsKey("marquee.security.oidc.issuer-uri")) {
			// with a provider, as in production, no shared secret
			properties.put("marquee.security.jwt-secret", Tokens.SECRET);
		}
		properties.put("marquee.payment.gateway", "simulated");
		properties.put("marquee.warm-up.enabled", "false");
		properties.put("server.port", String.valueOf(port));
		properties.put("spring.rsocket.server.port", String.valueOf(rsocketPort));
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(settings);
		List<String> arguments = properties.entrySet()
			.stream()
			.map(e -> "--" + e.getKey() + "=" + e.getValue())
			.toList();
		// C1 only and a small heap: two nodes, a broker and the tests share two cores
		this.process = JavaProcess.of(name, false,
				List.of("-Xms128m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
				"dev.marquee.MarqueeApplication", arguments);
	}

	/** Starts a node and returns at once; {@link #awaitReady()} waits for it. */
	public static MarqueeProcess start(String name, Map<String, String> settings) {
		MarqueeProcess node = new MarqueeProcess(name, settings);
		node.process.start();
		return node;
	}

	/** Waits until the node reports itself ready (its readiness group is UP). */
	public MarqueeProcess awaitReady() {
		process.awaitReady(Duration.ofSeconds(120), this::ready);
		return this;
	}

	private boolean ready() {
		try {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Starts the node again, on the same ports, and waits until it is ready. */
	public void restart() {
		process.start();
		awaitReady();
	}

	public int port() {
		return port;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	/** SIGKILL: the node dies at once, mid-request if it was in one. */
	public void kill() {
		process.kill();
	}

	/** SIGTERM: a graceful shutdown. */
	public void stop() {
		process.stop();
	}

	/** Everything the node has logged so far. */
	public List<String> logLines() {
		return process.logLines();
	}

	/** The node's log lines at ERROR level so far. */
	public List<String> errors() {
		return process.logLines().stream().filter(line -> line.contains(" ERROR ")).toList();
	}

	public String logTail(int lines) {
		return process.logTail(lines);
	}

	@Override
	public void close() {
		process.stop();
	}

	@Override
	public String toString() {
		return name + " (" + baseUrl() + ")";
	}

}
