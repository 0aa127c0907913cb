package dev.marquee.live;

import dev.marquee.catalog.EventId;
import dev.marquee.live.internal.SeatChangeBus;
import dev.marquee.waitlist.WaitlistEntry;
import dev.marquee.waitlist.WaitlistEntryId;
import dev.marquee.waitlist.WaitlistManagement;
import dev.marquee.waitlist.WaitlistOffered;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Waitlist watchers on this node: a waiter hears where they stand, then of the offer made
 * for them on whichever node it was made.
 */
@Service
public class WaitlistFeeds implements DisposableBean {

	private final WaitlistManagement waitlist;

	private final Sinks.Many<WaitlistOffered> offers = Sinks.many().multicast().directBestEffort();

	private final Disposable fromBus;

	WaitlistFeeds(SeatChangeBus bus, WaitlistManagement waitlist) {
		this.waitlist = waitlist;
		this.fromBus = bus.offers().subscribe(offers::tryEmitNext);
	}

	/**
	 * The messages for one entry, watched by whoever holds its unguessable id: where it
	 * stands, then the offer (and the stream ends). Fails if there is no such entry.
	 */
	public Mono<Flux<WaitlistMessage>> watch(EventId eventId, WaitlistEntryId entryId) {
		return waitlist.standingForWatcher(eventId, entryId).map(standing -> {
			var entry = standing.entry();
			if (entry.holdId() != null) {
				return Flux
					.just(WaitlistMessage.offer(entry.status(), entry.holdId().value(), null, entry.offerExpiresAt()));
			}
			// listen first, then look again: an offer made while this watcher was
			// starting is not missed
			Flux<WaitlistMessage> offer = Flux
				.merge(offers.asFlux()
					.filter(o -> o.entryId().equals(entryId))
					.map(o -> WaitlistMessage.offer(WaitlistEntry.Status.OFFERED, o.holdId(), o.seatIds(),
							o.expiresAt())),
						Mono.defer(() -> waitlist.standingForWatcher(eventId, entryId))
							.filter(again -> again.entry().holdId() != null)
							.map(again -> WaitlistMessage.offer(again.entry().status(), again.entry().holdId().value(),
									null, again.entry().offerExpiresAt())))
				.take(1);
			return Flux.concat(Flux
				.just(WaitlistMessage.waiting(entry.status(), standing.position() > 0 ? standing.position() : null)),
					offer);
		});
	}

	@Override
	public void destroy() {
		fromBus.dispose();
	}

}
