package dev.marquee.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * This node's copies of the events with their venues ({@link CatalogManagement#setup}):
 * cached in memory (a venue in use never changes; an event changed on any node is read
 * again within {@code marquee.catalog.refresh-interval}, one changed on this node at
 * once); an id found to be unknown is remembered for
 * {@code marquee.catalog.unknown-event-ttl}.
 */
@Component
class EventSetups {

	private final CatalogRepository repository;

	private final Venues venues;

	private final Clock clock;

	private final Map<EventId, Mono<EventSetup>> setups = new ConcurrentHashMap<>();

	/** When each cached event had last changed, as read with it. */
	private final Map<EventId, Instant> versions = new ConcurrentHashMap<>();

	// bounded, so probing random ids cannot grow it without limit; timed by the injected
	// clock
	private final Cache<EventId, Boolean> unknown;

	private final Counter lookups;

	EventSetups(CatalogRepository repository, Venues venues, Clock clock, CatalogProperties properties,
			MeterRegistry meters) {
		this.repository = repository;
		this.venues = venues;
		this.clock = clock;
		this.lookups = Counter.builder("marquee.catalog.lookups")
			.description("Events looked up in PostgreSQL: not in this node's cache of known events nor of unknown ids")
			.register(meters);
		this.unknown = Caffeine.newBuilder()
			.expireAfterWrite(properties.unknownEventTtl())
			.maximumSize(100_000)
			.ticker(() -> clock.millis() * 1_000_000L)
			.build();
	}

	/** The event with its venue; fails with {@link EventNotFound} if there is none. */
	Mono<EventSetup> setup(EventId eventId) {
		Mono<EventSetup> cached = setups.get(eventId);
		if (cached != null) {
			return cached;
		}
		// Only found events are remembered for good; unknown ones briefly, in a bounded
		// cache.
		return Mono.defer(() -> {
			if (unknown.getIfPresent(eventId) != null) {
				return Mono.error(new EventNotFound(eventId));
			}
			lookups.increment();
			return repository.findVersionedEvent(eventId)
				.flatMap(found -> venues.venue(found.event().venueId()).map(venue -> {
					versions.put(eventId, found.updatedAt());
					return new EventSetup(found.event(), venue);
				}))
				.doOnNext(found -> setups.putIfAbsent(eventId, Mono.just(found)))
				.switchIfEmpty(Mono.error(() -> {
					unknown.put(eventId, Boolean.TRUE);
					return new EventNotFound(eventId);
				}));
		});
	}

	/**
	 * Forgets this node's copy of the event (changed or removed here); answers the copy
	 * forgotten, null if there was none.
	 */
	Mono<EventSetup> forget(EventId eventId) {
		versions.remove(eventId);
		return setups.remove(eventId);
	}

	/**
	 * Forgets this node's copies of the events changed on any node lately, so the next
	 * lookup reads them again: an edit, a new date or a cancellation reaches every node
	 * within this interval. Looks back a minute each time (clocks of nodes differ a
	 * little) and forgets a copy only if the row changed after the copy was read, so an
	 * event just created is not read twice.
	 */
	@Scheduled(fixedDelayString = CatalogProperties.REFRESH_INTERVAL,
			initialDelayString = CatalogProperties.REFRESH_INTERVAL)
	public Mono<Void> forgetChanged() {
		Instant since = clock.instant().minus(Duration.ofMinutes(1));
		return repository.changedSince(since).doOnNext(changed -> {
			Instant cached = versions.get(changed.id());
			if (cached != null && changed.at().isAfter(cached)) {
				setups.remove(changed.id());
				versions.remove(changed.id(), cached);
			}
		}).then().onErrorResume(ex -> Mono.empty());
	}

}
