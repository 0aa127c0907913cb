package dev.marquee.hold.internal;

import java.time.Duration;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.hold.HoldProperties;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Releases abandoned holds the moment Redis expires their seat keys: enables
 * {@code notify-keyspace-events Ex} and listens to {@code __keyevent@*__:expired}.
 * Notifications are at-most-once, so {@link HoldSweeper} catches any this misses.
 * Reconnects (and re-enables the notifications, which a restarted Redis forgets) by
 * itself.
 */
@Component
public class HoldExpiryListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(HoldExpiryListener.class);

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final HoldExpiry expiry;

	private final HoldKeys keys;

	private final HoldProperties properties;

	private volatile ReactiveRedisMessageListenerContainer container;

	private volatile Disposable subscription;

	HoldExpiryListener(ReactiveRedisConnectionFactory connectionFactory, HoldExpiry expiry, HoldKeys keys,
			HoldProperties properties) {
		this.connectionFactory = connectionFactory;
		this.expiry = expiry;
		this.keys = keys;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		if (!properties.keyspaceNotifications() || isRunning()) {
			return;
		}
		subscription = Flux.defer(() -> enableNotifications().thenMany(listen()))
			.doOnNext(key -> log.debug("Redis expired {}", key))
			.mapNotNull(this.keys::parseSeatKey)
			.flatMap(seat -> this.expiry.seatKeyExpired(seat.eventId(), seat.seatId()).onErrorResume(ex -> {
				log.warn("Could not release expired seat {} of event {}: {}", seat.seatId(), seat.eventId(),
						ex.toString());
				return Mono.empty();
			}), 64)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
				.maxBackoff(Duration.ofSeconds(10))
				.doBeforeRetry(signal -> log.warn("Expiry listener lost Redis ({}); reconnecting",
						signal.failure().toString())))
			.repeat()
			.subscribe();
	}

	private Flux<String> listen() {
		ReactiveRedisMessageListenerContainer current = new ReactiveRedisMessageListenerContainer(connectionFactory);
		container = current;
		return current.receive(PatternTopic.of("__keyevent@*__:expired"))
			.map(message -> message.getMessage())
			.doFinally(signal -> current.destroyLater().subscribe());
	}

	/**
	 * Re-asserts the notification flags: a Redis that restarted has forgotten them while
	 * the pub/sub connection reconnected by itself. Cheap (one CONFIG GET); called by the
	 * sweep.
	 */
	public Mono<Void> ensureNotifications() {
		return properties.keyspaceNotifications() ? enableNotifications() : Mono.empty();
	}

	/**
	 * Adds {@code E} and {@code x} to the server's keyspace notification flags, keeping
	 * the rest.
	 */
	private Mono<Void> enableNotifications() {
		return Mono.usingWhen(Mono.fromSupplier(connectionFactory::getReactiveConnection),
				connection -> connection.serverCommands().getConfig("notify-keyspace-events").flatMap(config -> {
					String flags = current(config);
					String wanted = flags;
					if (!wanted.contains("E")) {
						wanted += "E";
					}
					if (!wanted.contains("x") && !wanted.contains("A")) {
						wanted += "x";
					}
					return wanted.equals(flags) ? Mono.<String>empty()
							: connection.serverCommands().setConfig("notify-keyspace-events", wanted);
				}).onErrorResume(ex -> {
					// managed Redis may forbid CONFIG; then it must be configured there,
					// and the sweep still works
					log.warn("Could not enable keyspace notifications ({}); relying on the sweep", ex.toString());
					return Mono.empty();
				}).then(), connection -> connection.closeLater());
	}

	private static String current(Properties config) {
		return config.values().stream().map(String::valueOf).findFirst().orElse("");
	}

	@Override
	public synchronized void stop() {
		Disposable current = subscription;
		subscription = null;
		if (current != null) {
			current.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable current = subscription;
		return current != null && !current.isDisposed();
	}

}
