package dev.marquee.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

import com.sun.management.OperatingSystemMXBean;
import org.HdrHistogram.ConcurrentHistogram;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fan-out benchmark (not a test): opens N WebSocket watchers of one event on a running
 * server, makes a steady stream of holds, and measures, for every watcher and every hold,
 * the time from sending the hold request to the watcher receiving the change. Run through
 * bench/fanout.sh.
 *
 * Arguments: baseUrl subscribers holdsPerSecond seconds [warmupChanges, default 10: made
 * at the same rate before measuring, and not counted]
 */
public final class FanOutBenchmark {

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int subscribers = Integer.parseInt(args[1]);
		int rate = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		int changes = rate * seconds;
		int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
		// the server's pid, to read its CPU time over the measured changes (0: not known)
		long serverPid = args.length > 5 ? Long.parseLong(args[5]) : 0;

		WebClient http = WebClient.builder()
			.baseUrl(base)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.create("bench", 64))))
			.build();
		String admin = DemoTokens.token("bench-admin", "ADMIN");
		int perRow = 1000;
		int rows = Math.max(1, (changes + perRow - 1) / perRow);
		List<Map<String, Object>> rowSpecs = new ArrayList<>();
		for (int r = 1; r <= rows; r++) {
			rowSpecs.add(Map.of("label", "R" + r, "seats", perRow));
		}
		rowSpecs.add(Map.of("label", "W", "seats", Math.max(1, warmup)));
		var type = new ParameterizedTypeReference<Map<String, Object>>() {
		};
		var venue = http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Fan-out", "city", "Bench", "sections",
					List.of(Map.of("code", "F", "name", "Floor", "priceTier", "std", "rows", rowSpecs))))
			.retrieve()
			.bodyToMono(type)
			.block();
		var event = http.post()
			.uri("/api/v1/events")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venue.get("venueId"), "name", "Fan-out", "startsAt",
					Instant.now().plusSeconds(86_400).toString(), "onSaleAt", Instant.now().minusSeconds(60).toString(),
					"maxTicketsPerUser", 100, "prices", Map.of("std", Map.of("amountMinor", 100, "currency", "EUR"))))
			.retrieve()
			.bodyToMono(type)
			.block();
		String eventId = (String) event.get("eventId");

		Map<String, Long> sentAt = new ConcurrentHashMap<>();
		ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
		AtomicLong received = new AtomicLong();
		AtomicLong resyncs = new AtomicLong();
		// per change (seat), its slowest receipt: shows whether the tail is a few slow
		// changes
		Map<String, LongAccumulator> slowest = new ConcurrentHashMap<>();
		Set<String> snapshots = ConcurrentHashMap.newKeySet();
		CountDownLatch allReceived = new CountDownLatch(
				(int) Math.min(Integer.MAX_VALUE, (long) changes * subscribers));
		CountDownLatch connected = new CountDownLatch(subscribers);
		CountDownLatch warmedUp = new CountDownLatch(warmup * subscribers);
		ReactorNettyWebSocketClient ws = new ReactorNettyWebSocketClient(
				HttpClient.create(ConnectionProvider.newConnection()));
		URI uri = URI.create(base.replace("http", "ws") + "/ws/events/" + eventId);
		long heapBefore = usedHeap(http, admin);
		Disposable watchers = Flux.range(0, subscribers)
			.flatMap(i -> ws.execute(uri, session -> session.receive().doOnNext(message -> {
				String text = message.getPayloadAsText();
				if (text.startsWith("{\"type\":\"snapshot\"")) {
					// a watcher's first snapshot; any later one is the server resyncing
					// it (it fell
					// more than marquee.live.subscriber-buffer frames behind), and the
					// changes it
					// then holds are not counted as delivered frames
					if (snapshots.add(session.getId())) {
						connected.countDown();
					}
					else {
						resyncs.incrementAndGet();
					}
					return;
				}
				long now = System.nanoTime();
				int at = 0;
				while ((at = text.indexOf("\"seatId\":\"", at)) >= 0) {
					int end = text.indexOf('"', at + 10);
					if (text.startsWith("F-W-", at + 10)) {
						warmedUp.countDown();
					}
					Long sent = sentAt.get(text.substring(at + 10, end));
					if (sent != null && text.startsWith("HELD", text.indexOf("\"status\":\"", end) + 10)) {
						long micros = Math.max(0, (now - sent) / 1_000);
						latency.recordValue(micros);
						slowest.computeIfAbsent(text.substring(at + 10, end), seat -> new LongAccumulator(Math::max, 0))
							.accumulate(micros);
						received.incrementAndGet();
						allReceived.countDown();
					}
					at = end;
				}
			}).then()).onErrorResume(ex -> Mono.empty()), subscribers)
			.subscribe();
		if (!connected.await(300, TimeUnit.SECONDS)) {
			System.out.println("only " + (subscribers - connected.getCount()) + " of " + subscribers + " connected");
		}
		long heapConnected = usedHeap(http, admin);

		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			tokens.add(DemoTokens.token("fan-" + i));
		}
		// warm-up: changes on row W at the same rate, not measured (their seats are not
		// in sentAt),
		// so that the first measured change does not pay for cold code on either side
		long warmupStart = System.nanoTime();
		Flux.range(0, warmup)
			.delayUntil(i -> Mono.delay(
					Duration.ofNanos(Math.max(0, warmupStart + (long) i * 1_000_000_000L / rate - System.nanoTime()))))
			.concatMap(i -> http.post()
				.uri("/api/v1/events/{id}/holds", eventId)
				.headers(h -> h.setBearerAuth(tokens.get(i % tokens.size())))
				.bodyValue(Map.of("seatIds", List.of("F-W-" + (i + 1))))
				.retrieve()
				.toBodilessEntity()
				.onErrorResume(ex -> Mono.empty()))
			.blockLast();
		warmedUp.await(60, TimeUnit.SECONDS);
		double serverCpuBefore = cpuSeconds(serverPid);
		double clientCpuBefore = ownCpuSeconds();
		long start = System.nanoTime();
		Flux.range(0, changes)
			.delayUntil(i -> Mono
				.delay(Duration.ofNanos(Math.max(0, start + (long) i * 1_000_000_000L / rate - System.nanoTime()))))
			.flatMap(i -> {
				String seat = "F-R" + (i / perRow + 1) + "-" + (i % perRow + 1);
				sentAt.put(seat, System.nanoTime());
				return http.post()
					.uri("/api/v1/events/{id}/holds", eventId)
					.headers(h -> h.setBearerAuth(tokens.get(i % tokens.size())))
					.bodyValue(Map.of("seatIds", List.of(seat)))
					.retrieve()
					.toBodilessEntity()
					.onErrorResume(ex -> Mono.empty());
			}, 256)
			.blockLast();
		long expected = (long) changes * subscribers;
		allReceived.await(30, TimeUnit.SECONDS);
		double measuredSeconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("MEASURED server_cpu_s=%.2f client_cpu_s=%.2f delivered=%d seconds=%.1f%n",
				cpuSeconds(serverPid) - serverCpuBefore, ownCpuSeconds() - clientCpuBefore, received.get(),
				measuredSeconds);
		System.out.printf(
				"RESULT subscribers=%d holds=%d rate=%d/s delivered=%d/%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f resyncs=%d warmup=%d heap_before_mb=%d heap_connected_mb=%d%n",
				subscribers, changes, rate, received.get(), expected, latency.getValueAtPercentile(50) / 1000.0,
				latency.getValueAtPercentile(90) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
				latency.getMaxValue() / 1000.0, resyncs.get(), warmup, heapBefore, heapConnected);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < changes; i++) {
			order.add(i);
		}
		IntFunction<String> seatOf = i -> "F-R" + (i / perRow + 1) + "-" + (i % perRow + 1);
		IntToLongFunction worst = i -> slowest.containsKey(seatOf.apply(i)) ? slowest.get(seatOf.apply(i)).get() : 0;
		order.sort(Comparator.comparingLong(i -> -worst.applyAsLong(i)));
		StringBuilder top = new StringBuilder();
		for (int i : order.subList(0, Math.min(5, order.size()))) {
			top.append(String.format(" #%d:%.0fms", i + 1, worst.applyAsLong(i) / 1000.0));
		}
		System.out.println("SLOWEST changes (of " + changes + ", by their last receipt):" + top);
		watchers.dispose();
		System.exit(0);
	}

	/** A process's user and system CPU seconds so far, from /proc (0 if unknown). */
	static double cpuSeconds(long pid) {
		if (pid <= 0) {
			return 0;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	static double ownCpuSeconds() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
	}

	private static long usedHeap(WebClient http, String admin) {
		var body = http.get()
			.uri("/actuator/metrics/jvm.memory.used?tag=area:heap")
			.headers(h -> h.setBearerAuth(admin))
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block();
		var measurements = (List<Map<String, Object>>) body.get("measurements");
		return (long) (((Number) measurements.get(0).get("value")).doubleValue() / 1024 / 1024);
	}

}
