package dev.marquee.warmup;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.marquee.security.ServiceTokens;
import io.netty.handler.codec.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

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
 * ({@link CompilerWatch}), at most {@code marquee.warm-up.max-duration}: health, the
 * event list, and the hot routes (queue join, hold, best available, availability, hold
 * lookup, purchase) for events and holds that do not exist, or with bodies that are
 * refused before anything is read or written. Each request carries a token freshly signed
 * with the server's key, as every buyer of an on-sale brings a token the node has not
 * seen. So Netty, WebFlux, Spring Security, token verification, the catalog lookups,
 * Jackson, problem rendering and the PostgreSQL and Redis clients are compiled and their
 * classes loaded before the load balancer sends the first buyer, and nothing is changed:
 * the routes fail before their first write. Liveness is up all along, so an orchestrator
 * waits rather than restarts.
 * <p>
 * The requests carry {@value #HEADER} and are left out of {@code http.server.requests}
 * ({@link WarmUpObservations}); a failed or slow warm-up is logged and never stops the
 * node from becoming ready.
 */
@Component
@EnableConfigurationProperties(WarmUpProperties.class)
class WarmUp implements ApplicationRunner, Ordered {

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

	private final WarmUpProperties properties;

	private final ServiceTokens tokens;

	private final WebServerApplicationContext context;

	private volatile boolean warming;

	WarmUp(WarmUpProperties properties, ServiceTokens tokens, WebServerApplicationContext context) {
		this.properties = properties;
		this.tokens = tokens;
		this.context = context;
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
		this.warming = true;
		try {
			result = run(this.context.getWebServer().getPort());
		}
		finally {
			this.warming = false;
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
	 * Whether the warm-up is sending requests now: outside it, nothing needs telling its
	 * requests apart.
	 */
	boolean warming() {
		return this.warming;
	}

	/**
	 * What the warm-up got: answers, requests without one, answers in its last second,
	 * how long it took, whether the compilers went quiet, whether it gave up (its first
	 * {@value #GIVE_UP} requests all went unanswered) and how long the compilers had
	 * worked.
	 */
	record Result(long answered, long unanswered, long lastSecond, Duration elapsed, boolean quiet, boolean gaveUp,
			long compiledMillis) {
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
			}).flatMap(i -> request(i % 4 == 0 ? fresh : pooled, i).doOnNext(status -> {
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
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		int last = (int) Math.min(perSecond.length - 1, Math.max(0, elapsed.toSeconds() - 1));
		return new Result(answered.get(), unanswered.get(), perSecond[last], elapsed, quiet.get(), gaveUp.get(),
				compilers.compiledMillis());
	}

	/** The {@code i}-th request of the round; its answer's status. */
	private Mono<Integer> request(HttpClient client, int i) {
		String event = "/api/v1/events/" + EVENTS.get(i % EVENTS.size());
		int kind = i % 10;
		// the public reads carry none; signing is work too
		String token = (kind == 0 || kind == 1 || kind == 6) ? null
				: "Bearer " + this.tokens.mint("warm-up-" + i, List.of(), Duration.ofMinutes(5));
		return switch (kind) {
			case 0 -> send(client, HttpMethod.GET, "/actuator/health/liveness", null, null);
			case 1 -> send(client, HttpMethod.GET, "/api/v1/events", null, null);
			case 2, 3 -> send(client, HttpMethod.POST, event + "/queue", token, null);
			case 4 -> send(client, HttpMethod.POST, event + "/holds", token, "{\"seatIds\":[\"S-R1-" + i % 50 + "\"]}");
			case 5 -> send(client, HttpMethod.POST, event + "/holds/best-available", token,
					"{\"sectionCode\":\"S\",\"quantity\":2}");
			case 6 -> send(client, HttpMethod.GET, event + "/availability", null, null);
			case 7 -> send(client, HttpMethod.GET, "/api/v1/holds/" + UUID.randomUUID(), token, null);
			// no Idempotency-Key: refused before anything is read or written
			case 8 -> send(client, HttpMethod.POST, "/api/v1/holds/" + UUID.randomUUID() + "/purchase", token,
					"{\"paymentToken\":\"tok_visa\"}");
			default -> send(client, HttpMethod.POST, event + "/holds", token,
					"{\"seatIds\":" + ThreadLocalRandom.current().nextInt() + "}");
		};
	}

	private static Mono<Integer> send(HttpClient client, HttpMethod method, String uri, String token, String body) {
		HttpClient.RequestSender sender = client.headers(h -> {
			if (token != null) {
				h.add("Authorization", token);
			}
			if (body != null) {
				h.add("Content-Type", "application/json");
			}
		}).request(method).uri(uri);
		HttpClient.ResponseReceiver<?> receiver = (body != null) ? sender.send(ByteBufFlux.fromString(Mono.just(body)))
				: sender;
		return receiver.responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
			.timeout(Duration.ofSeconds(10));
	}

}
