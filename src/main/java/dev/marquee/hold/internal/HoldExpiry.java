package dev.marquee.hold.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldProperties;
import dev.marquee.hold.SeatsReleased;
import dev.marquee.shared.redis.EachEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends holds whose countdown ran out, told by {@link HoldExpiryListener} (a seat key
 * expired) or found by {@link HoldSweeper}, and publishes their seats as
 * {@link SeatsReleased} (EXPIRED). Public for tests, which sweep rather than wait for the
 * schedule; other modules do not use it.
 */
@Component
public class HoldExpiry {

	private static final Logger log = LoggerFactory.getLogger(HoldExpiry.class);

	private final ReleaseScript script;

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	private final CatalogManagement catalog;

	private final ApplicationEventPublisher events;

	private final HoldProperties properties;

	private final Clock clock;

	HoldExpiry(ReleaseScript script, ReactiveStringRedisTemplate redis, HoldKeys keys, CatalogManagement catalog,
			ApplicationEventPublisher events, HoldProperties properties, Clock clock) {
		this.script = script;
		this.redis = redis;
		this.keys = keys;
		this.catalog = catalog;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/** Ends a hold whose countdown ran out; true if this call released it. */
	Mono<Boolean> expire(EventId eventId, HoldId holdId) {
		var input = new ReleaseScript.Input(eventId, holdId, SeatsReleased.Reason.EXPIRED, null, this.clock.instant(),
				this.properties.paymentGrace());
		return this.script.run(input).map(outcome -> {
			if (outcome instanceof ReleaseScript.Ended ended) {
				if (!ended.seatIds().isEmpty()) {
					this.events.publishEvent(new SeatsReleased(eventId.value(), holdId.value(), ended.seatIds(),
							SeatsReleased.Reason.EXPIRED, ended.seq(), ended.resaleSeatIds(), ended.soldSeatIds()));
				}
				return true;
			}
			return false;
		});
	}

	/**
	 * A seat key expired in Redis: end the hold it belonged to, if it is still on the
	 * books.
	 */
	Mono<Boolean> seatKeyExpired(EventId eventId, String seatId) {
		return this.redis.<String, String>opsForHash()
			.get(this.keys.heldSeats(eventId), seatId)
			.flatMap(holdId -> expire(eventId, HoldId.of(UUID.fromString(holdId))))
			.defaultIfEmpty(false);
	}

	/**
	 * Releases every hold whose countdown has passed by the clock, whether or not its
	 * expiry notification arrived. Returns how many holds it released.
	 */
	public Mono<Integer> sweep() {
		return Mono.defer(() -> {
			long now = this.clock.millis();
			// events that started more than a day ago cannot have live holds (sales close
			// at the start)
			Instant horizon = this.clock.instant().minus(Duration.ofDays(1));
			// an event whose Redis shard is down (a Redis Cluster) is skipped, not the
			// pass: the events on the other shards are released all the same
			Flux<EventId> events = this.catalog.events()
				.collectList()
				.flatMapMany(Flux::fromIterable)
				.filter(event -> event.startsAt().isAfter(horizon))
				.map(Event::id);
			return EachEvent
				.run(events,
						eventId -> this.redis.opsForZSet()
							.rangeByScore(this.keys.holds(eventId), Range.closed(0.0, (double) now))
							.concatMap(holdId -> expire(eventId, HoldId.of(UUID.fromString(holdId)))),
						log, "The hold sweep")
				.filter(Boolean::booleanValue)
				.count()
				.map(Long::intValue);
		});
	}

}
