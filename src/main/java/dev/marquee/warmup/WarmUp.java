package dev.marquee.warmup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.marquee.catalog.EventId;
import dev.marquee.security.ServiceTokens;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Warms the node before it reports ready. Spring Boot reports readiness only once every
 * {@link ApplicationRunner} has returned, and this one sends the node's own HTTP port the
 * requests of a flash crowd, over the loopback, for at least
 * {@code marquee.warm-up.min-duration} and then until the JIT compilers go quiet
 * ({@link CompilerWatch}), at most {@code marquee.warm-up.max-duration}.
 * <p>
 * Half of the crowd are buyers of a {@link Rehearsal}, an on-sale of the warm-up's own
 * that no list of events shows: each opens the event's page, joins its waiting room,
 * waits for its turn, looks at the seat map, holds a seat (picked, or the best
 * available), looks at the hold, lets it go, and then tries to buy it, which is refused
 * when the purchase claims the hold, before any payment (its attempt row is taken back).
 * So the paths a real on-sale takes, successful joins, admissions, holds and their JSON
 * answers, are compiled for what they really carry before the first buyer comes; a
 * warm-up that only met refusals left the sale's first minute to the JIT. The other half
 * are the requests that are refused: health, the event list, and the hot routes (queue
 * join, hold, best available, availability, hold lookup, purchase) for events and holds
 * that do not exist, or with bodies that are refused before anything is read or written.
 * Nobody buys: a purchase would take a payment. Each request carries a token freshly
 * signed with the server's key, as every buyer of an on-sale brings a token the node has
 * not seen. The rehearsal is removed before the node reports ready, and the node is left
 * as it was found. Liveness is up all along, so an orchestrator waits rather than
 * restarts.
 * <p>
 * The requests carry {@value #HEADER}. They are observed like any request, so that the
 * code that times requests is compiled for the observations the buyers' requests make (a
 * warm-up whose requests were left out met only no-op observations, and the sale's first
 * requests then sent the hot routes' compiled code back to the compiler); when the
 * warm-up is over, the {@code http.server.requests} meters are removed, so that a
 * deployment does not show as a burst of 404s and the node's request metrics start from
 * its first real request. A failed or slow warm-up is logged and never stops the node
 * from becoming ready.
 */
@Component
@EnableConfigurationProperties(WarmUpProperties.class)
class WarmUp implements ApplicationRunner, Ordered {

	/** The request meters' name, and their names' start. */
	static final String REQUEST_METRICS = "http.server.requests";

	/** Marks the warm-up's own requests. */
	static final String HEADER = "X-Marquee-Warm-Up";

	private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

	/** Unanswered requests, with no answer at all, after which the warm-up gives up. */
	static final int GIVE_UP = 100;

	/**
	 * As many unknown events as a cache keeps apart; the catalog asks PostgreSQL once
	 * each.
	 */
	static final List<UUID> EVENTS = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
			UUID.randomUUID());

	/** How often a rehearsal buyer asks whether its turn came, and how many times. */
	static final Duration TURN_POLL = Duration.ofMillis(250);

	static final int TURN_POLLS = 40;

	/** The longest the rehearsal may take to be staged, or removed. */
	private static final Duration STAGING = Duration.ofSeconds(30);

	private final WarmUpProperties properties;

	private final ServiceTokens tokens;

	private final WebServerApplicationContext context;

	private final Rehearsal rehearsal;

	private final JsonMapper json;

	private final MeterRegistry meters;

	WarmUp(WarmUpProperties properties, ServiceTokens tokens, WebServerApplicationContext context, Rehearsal rehearsal,
			JsonMapper json, MeterRegistry meters) {
		this.properties = properties;
		this.tokens = tokens;
		this.context = context;
		this.rehearsal = rehearsal;
		this.json = json;
		this.meters = meters;
	}

	/** Last of the runners: anything they prepare is warmed too. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.properties.enabled() || this.properties.maxDuration().isZero()
				|| this.context.getWebServer() == null) {
			return;
		}
		Result result;
		try {
			result = run(this.context.getWebServer().getPort());
		}
		finally {
			forgetRequestMetrics();
		}
		if (result.gaveUp()) {
			log.warn("Warm-up gave up: its first {} requests to its own port got no answer; ready without it",
					result.unanswered());
			return;
		}
		log.info(
				"Warm-up: {} requests in {} s ({} without an answer), {} in its last second; the compilers {} after {} s"
						+ " of compiling; now ready",
				result.answered() + result.unanswered(), result.elapsed().toSeconds(), result.unanswered(),
				result.lastSecond(), result.quiet() ? "went quiet" : "were still busy", result.compiledMillis() / 1000);
	}

	/**
	 * Removes the request meters ({@code http.server.requests} and its active requests):
	 * what they counted so far was the warm-up (and any probe that came meanwhile, before
	 * the node took traffic).
	 */
	private void forgetRequestMetrics() {
		List<Meter> warmUp = this.meters.getMeters()
			.stream()
			.filter(meter -> meter.getId().getName().startsWith(REQUEST_METRICS))
			.toList();
		warmUp.forEach(this.meters::remove);
	}

	/**
	 * What the warm-up got: answers, requests without one, answers in its last second,
	 * how long it took, whether the compilers went quiet, whether it gave up (its first
	 * {@value #GIVE_UP} requests all went unanswered), how long the compilers had worked,
	 * and the rehearsal's event (null if none could be staged).
	 */
	record Result(long answered, long unanswered, long lastSecond, Duration elapsed, boolean quiet, boolean gaveUp,
			long compiledMillis, EventId rehearsal) {
	}

	Result run(int port) {
		int concurrency = this.properties.concurrency();
		ConnectionProvider pool = ConnectionProvider.builder("marquee-warm-up").maxConnections(concurrency).build();
		HttpClient pooled = HttpClient.create(pool)
			.baseUrl("http://127.0.0.1:" + port)
			.headers(h -> h.add(HEADER, "1"));
		// a flash crowd opens a connection per buyer: one request in four does too
		HttpClient fresh = HttpClient.newConnection()
			.baseUrl("http://127.0.0.1:" + port)
			.headers(h -> h.add(HEADER, "1"));
		CompilerWatch compilers = new CompilerWatch();
		AtomicLong answered = new AtomicLong();
		AtomicLong unanswered = new AtomicLong();
		AtomicBoolean quiet = new AtomicBoolean();
		AtomicBoolean gaveUp = new AtomicBoolean();
		long start = System.nanoTime();
		long min = start + this.properties.minDuration().toNanos();
		long max = start + this.properties.maxDuration().toNanos();
		long[] perSecond = new long[(int) this.properties.maxDuration().toSeconds() + 2];
		Rehearsal.Stage stage = stage();
		try {
			Flux.range(0, Integer.MAX_VALUE).takeWhile(i -> {
				long now = System.nanoTime();
				// its own port does not answer (HTTPS, say): failing fast in a loop until
				// max-duration would only burn the CPU it means to warm
				if (answered.get() == 0 && unanswered.get() >= GIVE_UP) {
					gaveUp.set(true);
					return false;
				}
				if (now - min >= 0 && compilers.quiet(now)) {
					quiet.set(true);
					return false;
				}
				return now - max < 0;
			}).flatMap(i -> request(i % 4 == 0 ? fresh : pooled, i, stage).doOnNext(status -> {
				answered.incrementAndGet();
				perSecond[(int) Math.min(perSecond.length - 1, (System.nanoTime() - start) / 1_000_000_000L)]++;
			}).onErrorResume(ex -> {
				unanswered.incrementAndGet();
				return Mono.empty();
			}), concurrency, 1)
				// blocking on purpose: an ApplicationRunner on the main thread, which
				// readiness waits for
				.then()
				.block(this.properties.maxDuration().plusSeconds(30));
		}
		catch (RuntimeException ex) {
			log.warn("Warm-up stopped early: {}", ex.toString());
		}
		finally {
			pool.dispose();
			remove(stage);
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		int last = (int) Math.min(perSecond.length - 1, Math.max(0, elapsed.toSeconds() - 1));
		return new Result(answered.get(), unanswered.get(), perSecond[last], elapsed, quiet.get(), gaveUp.get(),
				compilers.compiledMillis(), stage == null ? null : stage.eventId());
	}

	/** The rehearsal, or null (logged) if the catalog or Redis could not stage one. */
	private Rehearsal.Stage stage() {
		try {
			return this.rehearsal.stage().block(STAGING);
		}
		catch (RuntimeException ex) {
			log.warn("Warm-up without its rehearsal, which could not be staged: {}", ex.toString());
			return null;
		}
	}

	private void remove(Rehearsal.Stage stage) {
		if (stage == null) {
			return;
		}
		try {
			this.rehearsal.remove(stage).block(STAGING);
		}
		catch (RuntimeException ex) {
			log.warn("Could not remove the warm-up rehearsal {} (the next node to warm up removes it once it is {}"
					+ " old): {}", stage.eventId(), Rehearsal.ABANDONED, ex.toString());
		}
	}

	/**
	 * The {@code i}-th request of the round, or with a rehearsal staged, one buyer of it
	 * in two; the statuses of the answers.
	 */
	private Flux<Integer> request(HttpClient client, int i, Rehearsal.Stage stage) {
		if (stage != null && i % 2 == 0) {
			return buyer(client, stage.eventId(), i);
		}
		int n = (stage != null) ? i / 2 : i;
		String event = "/api/v1/events/" + EVENTS.get(n % EVENTS.size());
		int kind = n % 10;
		// the public reads carry none; signing is work too
		String token = (kind == 0 || kind == 1 || kind == 6) ? null : bearer(i);
		Mono<Answer> answer = switch (kind) {
			case 0 -> send(client, HttpMethod.GET, "/actuator/health/liveness", null, null, Map.of());
			case 1 -> send(client, HttpMethod.GET, "/api/v1/events", null, null, Map.of());
			case 2, 3 -> send(client, HttpMethod.POST, event + "/queue", token, null, Map.of());
			case 4 -> send(client, HttpMethod.POST, event + "/holds", token, "{\"seatIds\":[\"S-R1-" + i % 50 + "\"]}",
					Map.of());
			case 5 -> send(client, HttpMethod.POST, event + "/holds/best-available", token,
					"{\"sectionCode\":\"S\",\"quantity\":2}", Map.of());
			case 6 -> send(client, HttpMethod.GET, event + "/availability", null, null, Map.of());
			case 7 -> send(client, HttpMethod.GET, "/api/v1/holds/" + UUID.randomUUID(), token, null, Map.of());
			// no Idempotency-Key: refused before anything is read or written
			case 8 -> send(client, HttpMethod.POST, "/api/v1/holds/" + UUID.randomUUID() + "/purchase", token,
					"{\"paymentToken\":\"tok_visa\"}", Map.of());
			default -> send(client, HttpMethod.POST, event + "/holds", token,
					"{\"seatIds\":" + ThreadLocalRandom.current().nextInt() + "}", Map.of());
		};
		return answer.map(Answer::status).flux();
	}

	/**
	 * A buyer of the rehearsal: opens the event's page, joins its waiting room, waits for
	 * the turn, looks at the map, holds a seat (the best available, or one picked by
	 * number), looks at the hold, lets it go, and then tries to buy it (refused, with no
	 * payment: the hold is gone). Ends early, as a buyer would, where an answer is not
	 * the one hoped for (a seat taken meanwhile, a turn that did not come in time).
	 */
	private Flux<Integer> buyer(HttpClient client, EventId eventId, int i) {
		String token = bearer(i);
		String event = "/api/v1/events/" + eventId;
		return Flux.concat(send(client, HttpMethod.GET, event, token, null, Map.of()).map(Answer::status), send(client,
				HttpMethod.POST, event + "/queue", token, null, Map.of())
			.flatMapMany(
					joined -> Flux.concat(Mono.just(joined.status()), waitTurn(client, event, token, joined, i, 0))));
	}

	private Flux<Integer> waitTurn(HttpClient client, String event, String token, Answer view, int i, int polls) {
		String admission = view.field("admissionToken");
		if (admission != null) {
			return shop(client, event, token, admission, i);
		}
		String ticket = view.field("queueTicket");
		if (ticket == null || polls >= TURN_POLLS) {
			return Flux.empty();
		}
		return Mono.delay(TURN_POLL)
			.then(send(client, HttpMethod.GET, event + "/queue/" + ticket, token, null, Map.of()))
			.flatMapMany(
					next -> Flux.concat(Mono.just(next.status()), waitTurn(client, event, token, next, i, polls + 1)));
	}

	private Flux<Integer> shop(HttpClient client, String event, String token, String admission, int i) {
		Map<String, String> admitted = Map.of("X-Admission-Token", admission);
		Mono<Answer> hold = (i % 4 == 0)
				? send(client, HttpMethod.POST, event + "/holds/best-available", token,
						"{\"sectionCode\":\"" + Rehearsal.SECTION + "\",\"quantity\":1}", admitted)
				: send(client, HttpMethod.POST, event + "/holds", token, "{\"seatIds\":[\"" + Rehearsal.SECTION + "-R"
						+ (1 + i % Rehearsal.ROWS) + "-" + (1 + (i / Rehearsal.ROWS) % Rehearsal.SEATS) + "\"]}",
						admitted);
		// a signed-in buyer's browser sends its token on the public reads too
		return Flux.concat(
				send(client, HttpMethod.GET, event + "/availability", token, null, Map.of()).map(Answer::status),
				hold.flatMapMany(held -> {
					String holdId = held.field("holdId");
					if (held.status() != 201 || holdId == null) {
						return Mono.just(held.status());
					}
					String path = "/api/v1/holds/" + holdId;
					// and, once it let the hold go, tries to buy it: the purchase is
					// refused when it claims the hold, after its attempt was written
					// (and before any payment), and the attempt is taken back
					return Flux.concat(Mono.just(held.status()),
							send(client, HttpMethod.GET, path, token, null, Map.of()).map(Answer::status),
							send(client, HttpMethod.DELETE, path, token, null, Map.of()).map(Answer::status),
							send(client, HttpMethod.POST, path + "/purchase", token, "{\"paymentToken\":\"tok_visa\"}",
									Map.of("Idempotency-Key", "warm-up-" + UUID.randomUUID()))
								.map(Answer::status));
				}));
	}

	private String bearer(int i) {
		return "Bearer " + this.tokens.mint("warm-up-" + i, List.of(), Duration.ofMinutes(5));
	}

	/** An answer: its status and, for a JSON object, its top-level fields. */
	private record Answer(int status, Map<?, ?> body) {

		/** A text field of the body; null if there is none. */
		String field(String name) {
			return (this.body != null && this.body.get(name) instanceof String text) ? text : null;
		}

	}

	private Mono<Answer> send(HttpClient client, HttpMethod method, String uri, String token, String body,
			Map<String, String> extra) {
		HttpClient.RequestSender sender = client.headers(h -> {
			if (token != null) {
				h.add("Authorization", token);
			}
			if (body != null) {
				h.add("Content-Type", "application/json");
			}
			extra.forEach(h::add);
		}).request(method).uri(uri);
		HttpClient.ResponseReceiver<?> receiver = (body != null) ? sender.send(ByteBufFlux.fromString(Mono.just(body)))
				: sender;
		return receiver
			.responseSingle((response, content) -> content.asString()
				.map(text -> new Answer(response.status().code(), object(response.status().code(), text)))
				.defaultIfEmpty(new Answer(response.status().code(), null)))
			.timeout(Duration.ofSeconds(10));
	}

	/** The body's fields, for a 2xx JSON object; null for anything else. */
	private Map<?, ?> object(int status, String text) {
		if (status / 100 != 2 || !text.startsWith("{")) {
			return null;
		}
		try {
			return this.json.readValue(text, Map.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
