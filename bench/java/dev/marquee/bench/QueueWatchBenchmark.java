package dev.marquee.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.HdrHistogram.Histogram;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Waiting-room watcher benchmark (not a test): N buyers join one queue-protected event
 * whose sale is open, each opens a WebSocket watcher of their ticket, and once every
 * watcher has had its first message the harness follows a number of admitter steps. Every
 * step is recorded by the server in the Redis sorted set
 * {@code <prefix>:{<eventId>}:q:advances} (score: now serving after the step, member
 * {@code serving:stepEpochMillis:node}); a message's delivery latency is its receipt time
 * (System.currentTimeMillis, same box, same clock) minus the time of the step its
 * {@code nowServing} names. Also reports the server's live heap (after a full GC through
 * jcmd) before and after the watchers connected, its resident memory and open file
 * descriptors. Run through bench/queue.sh watchers.
 *
 * Arguments: baseUrl keyPrefix serverPid watchers admitPerMinute steps [sourceAddresses]
 * (sourceAddresses &gt; 1 binds the watchers' sockets round-robin to 127.0.0.2,
 * 127.0.0.3, ..., for more connections than one source address has ports).
 */
public final class QueueWatchBenchmark {

	static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String prefix = args[1];
		long serverPid = Long.parseLong(args[2]);
		int watchers = Integer.parseInt(args[3]);
		int admitPerMinute = Integer.parseInt(args[4]);
		int steps = Integer.parseInt(args[5]);
		int sources = args.length > 6 ? Integer.parseInt(args[6]) : 1;

		WebClient http = WebClient.builder()
			.baseUrl(base)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.create("bench", 128))))
			.codecs(c -> c.defaultCodecs().maxInMemorySize(1 << 20))
			.build();
		String admin = DemoTokens.token("bench-admin", "ADMIN");
		var venue = http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Queue watch", "city", "Bench", "sections",
					List.of(Map.of("code", "F", "name", "Floor", "priceTier", "std", "rows",
							List.of(Map.of("label", "R1", "seats", 10))))))
			.retrieve()
			.bodyToMono(MAP)
			.block();
		var event = http.post()
			.uri("/api/v1/events")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venue.get("venueId"), "name", "Queue watch", "startsAt",
					Instant.now().plusSeconds(86_400).toString(), "onSaleAt", Instant.now().minusSeconds(60).toString(),
					"prices", Map.of("std", Map.of("amountMinor", 100, "currency", "EUR")), "queue",
					Map.of("enabled", true, "admitPerMinute", admitPerMinute)))
			.retrieve()
			.bodyToMono(MAP)
			.block();
		String eventId = (String) event.get("eventId");
		String keys = prefix + ":{" + eventId + "}:q";

		RedisClient redisClient = RedisClient.create("redis://127.0.0.1:6379");
		RedisCommands<String, String> redis = redisClient.connect().sync();
		// wait for the admitter to open the queue, so every joiner gets a number (and a
		// position) at once
		long openBy = System.currentTimeMillis() + 15_000;
		while (!"1".equals(redis.hget(keys, "opened"))) {
			if (System.currentTimeMillis() > openBy) {
				throw new IllegalStateException("the admitter did not open the queue of " + eventId);
			}
			Thread.sleep(100);
		}

		// join: one distinct buyer per watcher, tokens minted up front
		String[] tokens = new String[watchers];
		for (int i = 0; i < watchers; i++) {
			tokens[i] = DemoTokens.token("qw-" + eventId.substring(0, 8) + "-" + i);
		}
		String[] tickets = new String[watchers];
		long[] number = new long[watchers];
		AtomicInteger joinErrors = new AtomicInteger();
		long joinStart = System.nanoTime();
		Flux.range(0, watchers)
			.flatMap(i -> http.post()
				.uri("/api/v1/events/{id}/queue", eventId)
				.headers(h -> h.setBearerAuth(tokens[i]))
				.retrieve()
				.bodyToMono(MAP)
				.doOnNext(view -> {
					tickets[i] = (String) view.get("queueTicket");
					number[i] = ((Number) view.get("position")).longValue()
							+ ((Number) view.get("nowServing")).longValue();
				})
				.onErrorResume(ex -> {
					joinErrors.incrementAndGet();
					return Mono.empty();
				}), 128)
			.blockLast();
		double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
		long heapBefore = liveHeap(http, admin, serverPid);

		// watch: bounded handshakes in flight; a watcher counts as connected at its first
		// message
		List<ReactorNettyWebSocketClient> clients = new ArrayList<>();
		for (int s = 0; s < sources; s++) {
			HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
			if (sources > 1) {
				InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + s), 0);
				client = client.bindAddress(() -> local);
			}
			clients.add(new ReactorNettyWebSocketClient(client));
		}
		String wsBase = base.replace("http", "ws") + "/ws/events/" + eventId + "/queue/";
		Semaphore handshakes = new Semaphore(256);
		CountDownLatch settled = new CountDownLatch(watchers);
		boolean[] firstSeen = new boolean[watchers];
		boolean[] admitted = new boolean[watchers];
		AtomicInteger connected = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		AtomicInteger endedWaiting = new AtomicInteger();
		AtomicLong messages = new AtomicLong();
		AtomicBoolean measuring = new AtomicBoolean();
		ConcurrentLinkedQueue<long[]> recorded = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		Disposable.Composite sockets = Disposables.composite();
		long connectStart = System.nanoTime();
		for (int n = 0; n < watchers; n++) {
			int i = n;
			if (tickets[i] == null) {
				settled.countDown();
				continue;
			}
			handshakes.acquire();
			AtomicBoolean released = new AtomicBoolean();
			Runnable release = () -> {
				if (released.compareAndSet(false, true)) {
					handshakes.release();
					settled.countDown();
				}
			};
			sockets.add(clients.get(i % sources)
				.execute(URI.create(wsBase + tickets[i]), session -> session.receive().doOnNext(message -> {
					long at = System.currentTimeMillis();
					String text = message.getPayloadAsText();
					messages.incrementAndGet();
					long serving = field(text, "\"nowServing\":");
					if (text.startsWith("{\"type\":\"admitted\"")) {
						admitted[i] = true;
					}
					if (measuring.get()) {
						recorded.add(new long[] { serving, at });
					}
					if (!firstSeen[i]) {
						firstSeen[i] = true;
						connected.incrementAndGet();
						release.run();
					}
				}).then())
				.doOnError(ex -> {
					if (failures.size() < 5) {
						failures.add(ex.toString());
					}
				})
				.doFinally(signal -> {
					if (!firstSeen[i]) {
						failed.incrementAndGet();
					}
					else if (!admitted[i]) {
						endedWaiting.incrementAndGet();
					}
					release.run();
				})
				.subscribe(null, ex -> {
				}));
		}
		settled.await(600, TimeUnit.SECONDS);
		double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
		long heapConnected = liveHeap(http, admin, serverPid);
		long serverWatchers = (long) metric(http, admin, "marquee.live.queue.watchers");
		long rss = procStatus(serverPid, "VmRSS:") / 1024;
		long fds = openFiles(serverPid);

		// follow the admitter: every step that starts from now on is measured
		measuring.set(true);
		long t0 = System.currentTimeMillis();
		String advancesKey = keys + ":advances";
		TreeMap<Long, Long> stepAt = new TreeMap<>();
		long stepsBy = t0 + (steps * 3L + 30) * 1000;
		while (true) {
			stepAt = steps(redis, advancesKey);
			if (stepAt.values().stream().filter(t -> t >= t0).count() >= steps
					|| System.currentTimeMillis() > stepsBy) {
				break;
			}
			Thread.sleep(100);
		}
		// the measured steps: (serving before, serving after, time), the first {steps} at
		// or after t0
		List<long[]> measured = new ArrayList<>();
		Map<Long, Long> timeOf = new HashMap<>();
		long previous = stepAt.entrySet()
			.stream()
			.filter(e -> e.getValue() < t0)
			.mapToLong(Map.Entry::getKey)
			.max()
			.orElse(0);
		for (var step : stepAt.entrySet()) {
			if (step.getValue() >= t0 && measured.size() < steps) {
				measured.add(new long[] { previous, step.getKey(), step.getValue() });
				timeOf.put(step.getKey(), step.getValue());
			}
			if (step.getValue() >= t0) {
				previous = step.getKey();
			}
		}
		// every watcher still waiting before a step hears of it once: a new position, or
		// its admission
		long expected = 0;
		for (long[] step : measured) {
			for (int i = 0; i < watchers; i++) {
				if (firstSeen[i] && number[i] > step[0]) {
					expected++;
				}
			}
		}
		long deliverBy = (measured.isEmpty() ? t0 : measured.get(measured.size() - 1)[2]) + 30_000;
		Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
		long delivered = 0;
		List<long[]> all = new ArrayList<>();
		while (true) {
			for (long[] r; (r = recorded.poll()) != null;) {
				all.add(r);
				if (timeOf.containsKey(r[0])) {
					delivered++;
				}
			}
			if (delivered >= expected || System.currentTimeMillis() > deliverBy) {
				break;
			}
			Thread.sleep(50);
		}
		long early = 0;
		Map<Long, Long> lastOfStep = new TreeMap<>();
		for (long[] r : all) {
			Long at = timeOf.get(r[0]);
			if (at != null) {
				long ms = r[1] - at;
				if (ms < 0) {
					early++;
				}
				latency.recordValue(Math.max(0, ms));
				lastOfStep.merge(r[0], ms, Math::max);
			}
		}
		long spanMs = measured.size() < 2 ? 0 : measured.get(measured.size() - 1)[2] - measured.get(0)[2];
		System.out.printf("steps (serving: ms from step to its last delivery) %s%n", lastOfStep);
		if (!failures.isEmpty()) {
			System.out.println("first watcher failures: " + failures);
		}
		System.out
			.printf("RESULT watchers=%d joined=%d join_errors=%d join_s=%.1f connected=%d failed=%d connect_s=%.1f "
					+ "steps=%d/%d steps_span_s=%.1f admit_per_min=%d delivered=%d/%d p50_ms=%d p90_ms=%d p99_ms=%d max_ms=%d "
					+ "negative=%d closed_while_waiting=%d server_watchers=%d heap_before_mb=%d heap_connected_mb=%d "
					+ "rss_connected_mb=%d server_fds=%d%n", watchers, watchers - joinErrors.get(), joinErrors.get(),
					joinSeconds, connected.get(), failed.get(), connectSeconds, measured.size(), steps, spanMs / 1000.0,
					admitPerMinute, delivered, expected, latency.getValueAtPercentile(50),
					latency.getValueAtPercentile(90), latency.getValueAtPercentile(99), latency.getMaxValue(), early,
					endedWaiting.get(), serverWatchers, heapBefore, heapConnected, rss, fds);
		sockets.dispose();
		redisClient.shutdown();
		System.exit(0);
	}

	/** The advances zset as serving -> step time. */
	private static TreeMap<Long, Long> steps(RedisCommands<String, String> redis, String key) {
		TreeMap<Long, Long> steps = new TreeMap<>();
		for (String member : redis.zrange(key, 0, -1)) {
			String[] parts = member.split(":");
			steps.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
		}
		return steps;
	}

	private static long field(String json, String name) {
		int at = json.indexOf(name);
		if (at < 0) {
			return -1;
		}
		long value = 0;
		for (int i = at + name.length(); i < json.length() && Character.isDigit(json.charAt(i)); i++) {
			value = value * 10 + (json.charAt(i) - '0');
		}
		return value;
	}

	/**
	 * The server's heap in use right after a full collection (jcmd GC.run on the same
	 * box).
	 */
	private static long liveHeap(WebClient http, String admin, long pid) throws Exception {
		ServerGc.run(pid);
		return (long) (metric(http, admin, "jvm.memory.used?tag=area:heap") / 1024 / 1024);
	}

	@SuppressWarnings("unchecked")
	private static double metric(WebClient http, String admin, String name) {
		var body = http.get()
			.uri("/actuator/metrics/" + name)
			.headers(h -> h.setBearerAuth(admin))
			.retrieve()
			.bodyToMono(MAP)
			.block(Duration.ofSeconds(30));
		var measurements = (List<Map<String, Object>>) body.get("measurements");
		return ((Number) measurements.get(0).get("value")).doubleValue();
	}

	private static long procStatus(long pid, String field) throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
			if (line.startsWith(field)) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		return -1;
	}

	private static long openFiles(long pid) throws Exception {
		try (var files = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
			return files.count();
		}
	}

}
