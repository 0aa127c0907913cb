package dev.marquee.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Steady single-seat holds, the Gatling twin of bench/holds.sh (wrk + holds.lua): a closed model
 * of {@code concurrency} virtual users, each on its own keep-alive connection (like
 * {@code wrk -c N}), sending {@code POST /api/v1/events/{id}/holds} with one seat nobody has held
 * yet, back to back, without think time, as one of many buyers.
 *
 * <p>Phases, by wall clock from the start of the simulation: {@code warmupSeconds} not counted
 * (on the warm-up events, a fresh one every {@code warmupChunkSeconds} so that the seats never
 * run out), then {@code seconds} measured (on {@code eventId}). An answer counts when it arrives
 * inside the measured window, whichever event it was for: throughput is the 201s that arrived in
 * the window divided by its length, as wrk counts. Latency is taken around each request with
 * {@link System#nanoTime()} (Gatling's own response times are whole milliseconds) and kept in an
 * HdrHistogram; only 201s are in the percentiles, every other answer is counted by status.
 *
 * <p>With {@code buy=true} each user then buys the seat it held ({@code POST
 * /api/v1/holds/{holdId}/purchase}, test card {@code tok_visa}, the hold id as Idempotency-Key)
 * before the next hold: steady purchases, each a hold and a sale, reported as purchases per
 * second with the purchase's own latency.
 *
 * <p>No assertions: speed is measured, not asserted. At the end one line goes to stdout and to
 * the file named by {@code result}:
 * {@code RESULT holds_per_sec=.. p50_ms=.. p95_ms=.. p99_ms=.. max_ms=.. requests=.. ok=.. errors=..
 * no_response=.. status_NNN=.. window_s=.. concurrency=.. seats_wrapped=..}.
 *
 * <p>System properties: baseUrl, eventId, warmupEvents (comma-separated, may be empty), tokens
 * (a file with one bearer token per line; the seat number picks the token, so with T tokens and S
 * seats each buyer holds at most ceil(S/T) seats of an event), concurrency, seconds,
 * warmupSeconds, warmupChunkSeconds, section, rows, seatsPerRow, result, buy.
 */
public class SteadyHoldsSimulation extends Simulation {

	static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:18181");

	static final String EVENT = required("eventId");

	static final List<String> WARMUP_EVENTS = Arrays.stream(System.getProperty("warmupEvents", "").split(","))
		.map(String::trim)
		.filter(s -> !s.isEmpty())
		.toList();

	static final List<String> TOKENS = readTokens(required("tokens"));

	static final int CONCURRENCY = Integer.getInteger("concurrency", 64);

	static final int SECONDS = Integer.getInteger("seconds", 10);

	static final int WARMUP_SECONDS = WARMUP_EVENTS.isEmpty() ? 0 : Integer.getInteger("warmupSeconds", 0);

	static final int WARMUP_CHUNK_SECONDS = Integer.getInteger("warmupChunkSeconds", 10);

	static final String SECTION = System.getProperty("section", "BOWL");

	static final int ROWS = Integer.getInteger("rows", 200);

	static final int SEATS_PER_ROW = Integer.getInteger("seatsPerRow", 1000);

	static final long SEATS = (long) ROWS * SEATS_PER_ROW;

	static final boolean BUY = Boolean.getBoolean("buy");

	/** Successful purchases (201) answered inside the measured window, in microseconds. */
	static final ConcurrentHistogram PURCHASE_LATENCY = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);

	/** Every purchase answer inside the measured window by status. */
	static final Map<String, LongAdder> PURCHASE_ANSWERS = new ConcurrentHashMap<>();

	/** Next seat number, per event: the warm-up events first, the measured event last. */
	static final AtomicLong[] NEXT_SEAT = new AtomicLong[WARMUP_EVENTS.size() + 1];

	/** Successful holds (201) answered inside the measured window, in microseconds. */
	static final ConcurrentHistogram LATENCY = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);

	/** Every answer inside the measured window by status ("no-response" when there was none). */
	static final Map<String, LongAdder> ANSWERS = new ConcurrentHashMap<>();

	/** Requests that asked for a seat already asked for, because the event's seats ran out. */
	static final LongAdder WRAPPED = new LongAdder();

	/** Wall-clock ms: start, end of warm-up, end of the measured window; set in before(). */
	static volatile long startedAt, measureFrom, measureTo;

	static {
		for (int i = 0; i < NEXT_SEAT.length; i++) {
			NEXT_SEAT[i] = new AtomicLong();
		}
	}

	private static String required(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("system property " + name + " is required");
		}
		return value;
	}

	private static List<String> readTokens(String file) {
		try {
			List<String> tokens = Files.readAllLines(Path.of(file)).stream().map(String::trim)
				.filter(s -> !s.isEmpty() && !s.equals("token")).toList();
			if (tokens.isEmpty()) {
				throw new IllegalArgumentException("no tokens in " + file);
			}
			return tokens;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
		.acceptHeader("application/json")
		.contentTypeHeader("application/json")
		.userAgentHeader("marquee-gatling-holds")
		.disableWarmUp();

	/** The event by phase (a warm-up event per chunk, then the measured one), its next seat and the buyer. */
	private static Session next(Session session) {
		long now = System.currentTimeMillis();
		int index = now >= measureFrom ? WARMUP_EVENTS.size()
				: (int) Math.min(WARMUP_EVENTS.size() - 1, (now - startedAt) / (WARMUP_CHUNK_SECONDS * 1000L));
		String event = index == WARMUP_EVENTS.size() ? EVENT : WARMUP_EVENTS.get(index);
		long n = NEXT_SEAT[index].getAndIncrement();
		if (n >= SEATS && index == WARMUP_EVENTS.size()) {
			WRAPPED.increment();
		}
		long seat = n % SEATS;
		String seatId = SECTION + "-R" + (seat / SEATS_PER_ROW + 1) + "-" + (seat % SEATS_PER_ROW + 1);
		return session.remove("st")
			.remove("holdId")
			.remove("pst")
			.set("event", event)
			.set("seat", seatId)
			.set("token", TOKENS.get((int) (seat % TOKENS.size())))
			.set("sentNanos", System.nanoTime());
	}

	/**
	 * Counts an answer that arrived inside the measured window by its status (saved under
	 * {@code statusKey}; "no-response" when there is none) and, for a 201, its latency since
	 * {@code sentKey}.
	 */
	private static Session record(Session session, String sentKey, String statusKey, ConcurrentHistogram latency,
			Map<String, LongAdder> answers) {
		long nanos = System.nanoTime() - session.getLong(sentKey);
		long now = System.currentTimeMillis();
		if (now >= measureFrom && now <= measureTo) {
			String status = session.contains(statusKey) ? String.valueOf(session.getInt(statusKey)) : "no-response";
			answers.computeIfAbsent(status, k -> new LongAdder()).increment();
			if (status.equals("201")) {
				latency.recordValue(Math.min(latency.getHighestTrackableValue(), Math.max(0, nanos / 1_000)));
			}
		}
		return session;
	}

	ScenarioBuilder holders = scenario("steady holds")
		.asLongAs(session -> System.currentTimeMillis() < measureTo)
		.on(exec(SteadyHoldsSimulation::next)
			.exec(http("hold").post("/api/v1/events/#{event}/holds")
				.header("Authorization", "Bearer #{token}")
				.body(StringBody("{\"seatIds\":[\"#{seat}\"]}"))
				// the status is saved before it is checked, so a non-201 is still counted by status
				.check(status().saveAs("st"), status().is(201), jsonPath("$.holdId").optional().saveAs("holdId")))
			.exec(session -> record(session, "sentNanos", "st", LATENCY, ANSWERS))
			.doIf(session -> BUY && session.contains("holdId"))
			.then(exec(session -> session.set("purchaseSentNanos", System.nanoTime()))
				.exec(http("purchase").post("/api/v1/holds/#{holdId}/purchase")
					.header("Authorization", "Bearer #{token}")
					.header("Idempotency-Key", "#{holdId}")
					.body(StringBody("{\"paymentToken\":\"tok_visa\"}"))
					.check(status().saveAs("pst"), status().is(201)))
				.exec(session -> record(session, "purchaseSentNanos", "pst", PURCHASE_LATENCY, PURCHASE_ANSWERS))));

	{
		setUp(holders.injectOpen(atOnceUsers(CONCURRENCY))).protocols(protocol)
			.maxDuration(Duration.ofSeconds(WARMUP_SECONDS + SECONDS + 60L));
	}

	@Override
	public void before() {
		startedAt = System.currentTimeMillis();
		measureFrom = startedAt + WARMUP_SECONDS * 1000L;
		measureTo = measureFrom + SECONDS * 1000L;
	}

	@Override
	public void after() {
		double window = (Math.min(System.currentTimeMillis(), measureTo) - measureFrom) / 1000.0;
		long ok = ANSWERS.getOrDefault("201", new LongAdder()).sum();
		long requests = ANSWERS.values().stream().mapToLong(LongAdder::sum).sum();
		StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
				"RESULT holds_per_sec=%.0f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d ok=%d errors=%d",
				ok / window, LATENCY.getValueAtPercentile(50) / 1000.0, LATENCY.getValueAtPercentile(95) / 1000.0,
				LATENCY.getValueAtPercentile(99) / 1000.0, LATENCY.getMaxValue() / 1000.0, requests, ok, requests - ok));
		Map<String, Long> byStatus = new TreeMap<>();
		ANSWERS.forEach((status, count) -> byStatus.put(status, count.sum()));
		line.append(" no_response=").append(byStatus.getOrDefault("no-response", 0L));
		byStatus.forEach((status, count) -> {
			if (!status.equals("no-response")) {
				line.append(" status_").append(status).append('=').append(count);
			}
		});
		if (BUY) {
			long bought = PURCHASE_ANSWERS.getOrDefault("201", new LongAdder()).sum();
			long purchases = PURCHASE_ANSWERS.values().stream().mapToLong(LongAdder::sum).sum();
			line.append(String.format(java.util.Locale.ROOT,
					" purchases_per_sec=%.0f purchase_p50_ms=%.2f purchase_p95_ms=%.2f purchase_p99_ms=%.2f purchase_max_ms=%.2f purchase_errors=%d",
					bought / window, PURCHASE_LATENCY.getValueAtPercentile(50) / 1000.0,
					PURCHASE_LATENCY.getValueAtPercentile(95) / 1000.0, PURCHASE_LATENCY.getValueAtPercentile(99) / 1000.0,
					PURCHASE_LATENCY.getMaxValue() / 1000.0, purchases - bought));
			new TreeMap<>(PURCHASE_ANSWERS).forEach((status, count) -> line.append(" purchase_status_").append(status)
				.append('=').append(count.sum()));
		}
		line.append(String.format(java.util.Locale.ROOT, " window_s=%.1f concurrency=%d warmup_s=%d seats_wrapped=%d",
				window, CONCURRENCY, WARMUP_SECONDS, WRAPPED.sum()));
		System.out.println(line);
		String file = System.getProperty("result");
		if (file != null) {
			try {
				Files.writeString(Path.of(file), line + "\n");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
