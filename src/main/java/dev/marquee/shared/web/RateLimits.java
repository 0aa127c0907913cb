package dev.marquee.shared.web;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.marquee.shared.RateLimited;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets (Bucket4j) per user and per client address for joins and holds, kept in
 * memory for as long as they are used. A refused request changes nothing and gets a 429
 * problem with Retry-After. Buckets refill by the injected {@link Clock}, so tests drive
 * refills without waiting.
 */
@Component
public class RateLimits {

	/** What is being limited. */
	public enum Action {

		JOIN("queue join"), HOLD("hold");

		private final String label;

		Action(String label) {
			this.label = label;
		}

	}

	private final RateLimitProperties properties;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(1_000_000)
		.expireAfterAccess(Duration.ofMinutes(2))
		.build();

	private final Counter refused;

	private final TimeMeter time;

	private final TrustedProxies proxies;

	RateLimits(RateLimitProperties properties, TrustedProxies proxies, MeterRegistry meters, Clock clock) {
		this.properties = properties;
		this.proxies = proxies;
		this.time = new ForwardClock(clock);
		this.refused = Counter.builder("marquee.rate-limit.refused")
			.description("Requests refused by the per-user and per-address rate limits")
			.register(meters);
	}

	/**
	 * Passes, or fails with {@link RateLimited}; {@code address} is the client's (for
	 * HTTP, {@code ServerHttpRequest.getRemoteAddress()}), null if not known.
	 */
	public Mono<Void> check(Action action, String userId, InetSocketAddress address) {
		if (!properties.enabled()) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			long perUser = action == Action.JOIN ? properties.joinsPerUserPerMinute()
					: properties.holdsPerUserPerMinute();
			RateLimited limited = take(action, "user", "u:" + userId, perUser);
			// a trusted proxy's own address (RSocket over TCP through a load balancer) is
			// everyone's: limiting it would let one client lock all others out
			if (limited == null && address != null && address.getAddress() != null && !proxies.trusts(address)) {
				long perAddress = action == Action.JOIN ? properties.joinsPerAddressPerMinute()
						: properties.holdsPerAddressPerMinute();
				limited = take(action, "address", "a:" + address.getAddress().getHostAddress(), perAddress);
			}
			if (limited != null) {
				refused.increment();
				return Mono.error(limited);
			}
			return Mono.empty();
		});
	}

	/**
	 * {@link #check} for an RSocket request: the address is its connection's client's.
	 */
	public Mono<Void> checkRSocket(Action action, String userId) {
		return Mono.deferContextual(context -> check(action, userId, RSocketClientAddress.from(context)));
	}

	private RateLimited take(Action action, String by, String key, long perMinute) {
		Bucket bucket = buckets.get(action + key,
				k -> Bucket.builder()
					.withCustomTimePrecision(time)
					.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
					.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return null;
		}
		long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
		return new RateLimited(action.label, by, perMinute, seconds);
	}

	/**
	 * Bucket time from the clock, counting only its forward steps: a clock set back (an
	 * NTP step, a test resetting its clock) would otherwise stop every bucket refilling
	 * until it caught up.
	 */
	static final class ForwardClock implements TimeMeter {

		private final Clock clock;

		private long lastReading;

		private long nanos;

		ForwardClock(Clock clock) {
			this.clock = clock;
			this.lastReading = clock.millis();
			this.nanos = TimeUnit.MILLISECONDS.toNanos(lastReading);
		}

		@Override
		public synchronized long currentTimeNanos() {
			long reading = clock.millis();
			if (reading > lastReading) {
				nanos += TimeUnit.MILLISECONDS.toNanos(reading - lastReading);
			}
			lastReading = reading;
			return nanos;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
