package dev.marquee.warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.marquee.security.ServiceTokens;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
 * The crowd ({@link WarmUpCrowd}) is half buyers of a {@link Rehearsal}, an on-sale of
 * the node's own that no list of events shows, and half requests that are refused. The
 * rehearsal is removed before the node reports ready, and the node is left as it was
 * found. Liveness is up all along, so an orchestrator waits rather than restarts.
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

	/** The longest the rehearsal may take to be staged, or removed. */
	private static final Duration STAGING = Duration.ofSeconds(30);

	private final WarmUpProperties properties;

	private final WebServerApplicationContext context;

	private final Rehearsal rehearsal;

	private final WarmUpCrowd crowd;

	private final MeterRegistry meters;

	WarmUp(WarmUpProperties properties, ServiceTokens tokens, WebServerApplicationContext context, Rehearsal rehearsal,
			JsonMapper json, MeterRegistry meters) {
		this.properties = properties;
		this.context = context;
		this.rehearsal = rehearsal;
		this.crowd = new WarmUpCrowd(tokens, json);
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
			}).flatMap(i -> crowd.request(i % 4 == 0 ? fresh : pooled, i, stage).doOnNext(status -> {
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
				compilers.compiledMillis());
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

}
