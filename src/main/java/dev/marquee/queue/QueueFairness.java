package dev.marquee.queue;

import java.time.Clock;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueProblems.QueueNotEnabled;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The public record of a waiting room's shuffle ({@link Fairness}). Asking for it fixes
 * the seed if nobody has yet (as the first join does), so the commitment can be published
 * before anyone joins; the seed is shown once the queue has opened, never before.
 */
@Service
public class QueueFairness {

	private final CatalogManagement catalog;

	private final QueueScripts scripts;

	private final QueueProperties properties;

	private final Clock clock;

	QueueFairness(CatalogManagement catalog, QueueScripts scripts, QueueProperties properties, Clock clock) {
		this.catalog = catalog;
		this.scripts = scripts;
		this.properties = properties;
		this.clock = clock;
	}

	/** The event's fairness record; fails if the event has no waiting room. */
	public Mono<Fairness> fairness(EventId eventId) {
		return this.catalog.setup(eventId).flatMap(setup -> {
			Event event = setup.event();
			if (!event.queueEnabled()) {
				return Mono.error(new QueueNotEnabled(eventId));
			}
			// once the event started its waiting room is over: read what is left, fix
			// nothing
			boolean live = this.clock.instant().isBefore(event.startsAt());
			long expireAt = event.startsAt().plus(this.properties.retention()).getEpochSecond();
			return this.scripts.fairness(eventId, live ? ShuffleSeed.random() : null, expireAt);
		});
	}

}
