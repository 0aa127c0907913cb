package dev.marquee.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;

import com.sun.management.OperatingSystemMXBean;
import org.HdrHistogram.Histogram;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fan-out benchmark (not a test): opens N WebSocket watchers of one event on a running
 * server, makes a steady stream of holds, and measures, for every watcher and every hold,
 * the time from sending the hold request to the watcher receiving the change. Run through
 * bench/fanout.sh. The watchers run on raw Netty ({@link RawWatchers}), each distinct
 * message decoded once ({@link SeatFrames}), and so do the holds ({@link RawHolds}), so
 * that the client takes millions of deliveries a second on one core and the figures are
 * the server's.
 *
 * Arguments: baseUrl subscribers holdsPerSecond seconds [warmupChanges, default 10: made
 * at the same rate before measuring, and not counted] [serverPid]. Settings (system
 * property, else environment variable): {@code fanout.deflate} / FANOUT_DEFLATE=1 offers
 * permessage-deflate; {@code fanout.stalled} / FANOUT_STALLED=k adds k watchers that stop
 * reading after their first snapshot, are not measured, and are resumed at the end (its
 * STALLED line says how the server dealt with them); {@code fanout.watch} / FANOUT_WATCH
 * lists the nodes the watchers go to (base URLs, comma-separated, taken in turn; default
 * baseUrl, where the holds go): bench/fanout-cluster.sh; {@code fanout.settle} /
 * FANOUT_SETTLE=1 has the server collect its garbage (jcmd GC.run) once the watchers are
 * connected, so that the first young collection after the crowd of new connections (which
 * copies them all: hundreds of milliseconds with one core) is not among the measured
 * seconds; the SETTLED line says how long it took.
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
			// the venue's answer lists every seat: over 256 KB for long runs
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 << 20))
			.build();
		String admin = DemoTokens.token("bench-admin", "ADMIN");
		int perRow = 1000;
		int rows = Math.max(1, (changes + perRow - 1) / perRow);
		List<Map<String, Object>> rowSpecs = new ArrayList<>();
		for (int r = 1; r <= rows; r++) {
			rowSpecs.add(Map.of("label", "R" + r, "seats", perRow));
		}
		// the warm-up's rows: W1, W2, ... (a row has at most 1,000 seats)
		for (int w = 1; w <= Math.max(1, (warmup + perRow - 1) / perRow); w++) {
			rowSpecs.add(Map.of("label", "W" + w, "seats", Math.max(1, Math.min(perRow, warmup - (w - 1) * perRow))));
		}
		String eventId = BenchEvents.create(http, admin, "Fan-out", rowSpecs);

		Map<String, Long> sentAt = new ConcurrentHashMap<>();
		// a measured change's number, from its seat id F-R<row>-<seat>
		ToIntFunction<String> changeNumber = seat -> {
			int dash = seat.lastIndexOf('-');
			return (Integer.parseInt(seat, 3, dash, 10) - 1) * perRow
					+ Integer.parseInt(seat, dash + 1, seat.length(), 10) - 1;
		};
		boolean deflate = "1".equals(setting("fanout.deflate", "FANOUT_DEFLATE", "0"));
		int stalled = Integer.parseInt(setting("fanout.stalled", "FANOUT_STALLED", "0"));
		// the watchers' nodes (fanout.watch: base URLs, comma-separated; default the one
		// the holds go to), taken in turn
		List<URI> streams = new ArrayList<>();
		for (String node : setting("fanout.watch", "FANOUT_WATCH", base).split(",")) {
			streams.add(URI.create(node.trim().replace("http", "ws") + "/ws/events/" + eventId));
		}
		RawWatchers watchers = new RawWatchers(streams, deflate, new SeatFrames(sentAt, changeNumber, "F-W"), changes);
		long heapBefore = usedHeap(http, admin);
		long connectStart = System.nanoTime();
		watchers.connect(subscribers, false, 300);
		if (stalled > 0) {
			watchers.connect(stalled, true, 60);
		}
		int connected = watchers.connected();
		if (connected < subscribers + stalled) {
			System.out.println("only " + connected + " of " + (subscribers + stalled) + " connected ("
					+ watchers.failed() + " gave up)");
		}
		else {
			System.out.printf("connected %d watchers (%d of them stalled) in %.1f s%n", connected, stalled,
					(System.nanoTime() - connectStart) / 1e9);
		}
		long heapConnected = usedHeap(http, admin);
		if ("1".equals(setting("fanout.settle", "FANOUT_SETTLE", "0")) && serverPid > 0) {
			long settling = System.nanoTime();
			ServerGc.run(serverPid);
			System.out.printf("SETTLED the server's collection after connecting took %.0f ms%n",
					(System.nanoTime() - settling) / 1e6);
		}

		// buyers in turn, each well under maxTicketsPerUser (100) however long the run
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < Math.max(200, (changes + warmup) / 50); i++) {
			tokens.add(DemoTokens.token("fan-" + i));
		}
		// the holds go over raw keep-alive connections from their own thread: through
		// WebClient each cost the client over a millisecond of its only core
		RawHolds holds = new RawHolds(URI.create(base), eventId, tokens, 64);
		// warm-up: changes on rows W1, W2, ... at the same rate, not measured (their
		// seats are not in sentAt), so that the measured changes do not pay for cold
		// code on either side
		holds.run(warmup, rate, i -> "F-W" + (i / perRow + 1) + "-" + (i % perRow + 1), seat -> {
		}, 60);
		long warmedUp = (long) warmup * subscribers;
		await(() -> watchers.warmUps() >= warmedUp, 60);
		RawWatchers.Totals totalsBefore = watchers.totals();
		double serverCpuBefore = cpuSeconds(serverPid);
		double clientCpuBefore = ownCpuSeconds();
		Map<String, Double> threadsBefore = ThreadCpu.byKind();
		long start = System.nanoTime();
		long startMillis = System.currentTimeMillis();
		holds.run(changes, rate, i -> "F-R" + (i / perRow + 1) + "-" + (i % perRow + 1),
				seat -> sentAt.put(seat, System.nanoTime()), 60);
		long expected = (long) changes * subscribers;
		await(() -> watchers.delivered() >= expected, 30);
		double measuredSeconds = (System.nanoTime() - start) / 1e9;
		double serverCpu = cpuSeconds(serverPid) - serverCpuBefore;
		double clientCpu = ownCpuSeconds() - clientCpuBefore;
		Map<String, Double> threads = ThreadCpu.since(threadsBefore, ThreadCpu.byKind());
		long delivered = watchers.delivered();
		RawWatchers.Totals totals = watchers.totals();
		Histogram latency = watchers.latency();
		// the wall clock too, to place the server's own events in or out of the
		// measured seconds (a GC log with -Xlog:gc:file=...:timemillis)
		System.out.printf(
				"MEASURED server_cpu_s=%.2f client_cpu_s=%.2f delivered=%d seconds=%.1f from_ms=%d to_ms=%d%n",
				serverCpu, clientCpu, delivered, measuredSeconds, startMillis, System.currentTimeMillis());
		long frames = totals.frames() - totalsBefore.frames();
		System.out.printf(
				"RESULT subscribers=%d holds=%d rate=%d/s delivered=%d/%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f resyncs=%d warmup=%d heap_before_mb=%d heap_connected_mb=%d gaps=%d wire_bytes_per_delivery=%.1f deflate=%d client_deliveries_per_cpu_s=%.0f%n",
				subscribers, changes, rate, delivered, expected, latency.getValueAtPercentile(50) / 1000.0,
				latency.getValueAtPercentile(90) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
				latency.getMaxValue() / 1000.0, totals.resyncs(), warmup, heapBefore, heapConnected, totals.gaps(),
				(double) (totals.wireBytes() - totalsBefore.wireBytes()) / Math.max(1, delivered), deflate ? 1 : 0,
				delivered / Math.max(0.01, clientCpu));
		System.out.printf(
				"WIRE frames=%d compressed=%d wire_bytes=%d plain_bytes=%d plain_bytes_per_delivery=%.1f distinct_decoded=%d undecodable=%d extensions=%s%n",
				frames, totals.compressed() - totalsBefore.compressed(), totals.wireBytes() - totalsBefore.wireBytes(),
				totals.plainBytes() - totalsBefore.plainBytes(),
				(double) (totals.plainBytes() - totalsBefore.plainBytes()) / Math.max(1, delivered), totals.decoded(),
				totals.undecodable(),
				(watchers.extensions() != null) ? watchers.extensions().replace(" ", "") : "none");
		StringBuilder kinds = new StringBuilder();
		threads.forEach((kind, cpu) -> kinds.append(String.format(" %s=%.2f", kind, cpu)));
		System.out.printf("CLIENT cpu_s%s watcher_deliveries_per_cpu_s=%.0f%n", kinds,
				delivered / Math.max(0.01, threads.getOrDefault("watchers", 0.0)));
		// a change made late is not a change delivered late: how long the holds took
		Histogram answers = holds.answers();
		System.out.printf("HOLDS answered p50_ms=%.1f p99_ms=%.1f max_ms=%.1f (from due to answered)%n",
				answers.getValueAtPercentile(50) / 1000.0, answers.getValueAtPercentile(99) / 1000.0,
				answers.getMaxValue() / 1000.0);
		Map<String, Integer> failedHolds = holds.failures();
		if (!failedHolds.isEmpty()) {
			System.out.println("LOST holds that failed (warm-up included): " + failedHolds);
		}
		if (!totals.lost().isEmpty()) {
			System.out.println("LOST watchers closed by the server: " + totals.lost());
		}
		long[] slowest = watchers.slowest();
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < changes; i++) {
			order.add(i);
		}
		order.sort(Comparator.comparingLong(i -> -slowest[i]));
		StringBuilder top = new StringBuilder();
		for (int i : order.subList(0, Math.min(5, order.size()))) {
			top.append(String.format(" #%d:%.0fms", i + 1, slowest[i] / 1000.0));
		}
		System.out.println("SLOWEST changes (of " + changes + ", by their last receipt):" + top);
		if (stalled > 0) {
			System.out.println(watchers.resumeStalled(10));
		}
		watchers.close();
		holds.close();
		System.exit(0);
	}

	/** A system property, else an environment variable, else the default. */
	private static String setting(String property, String variable, String otherwise) {
		String value = System.getProperty(property, System.getenv(variable));
		return (value == null || value.isBlank()) ? otherwise : value.trim();
	}

	/** Waits until the condition holds or the seconds have passed. */
	private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
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
