package dev.marquee.waitlist;

import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.SeatsReleased;
import dev.marquee.hold.SeatsResale;
import dev.marquee.sale.SeatsSold;
import dev.marquee.waitlist.WaitlistEntry.Status;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the holds and the sale tell the waitlist: an offered hold was sold (PURCHASED) or
 * went back (LAPSED), and freed seats are matched to the waiters of their sections.
 */
@Component
class WaitlistListeners {

	private static final Logger log = LoggerFactory.getLogger(WaitlistListeners.class);

	private final WaitlistEntries entries;

	private final WaitlistMatcher matcher;

	WaitlistListeners(WaitlistEntries entries, WaitlistMatcher matcher) {
		this.entries = entries;
		this.matcher = matcher;
	}

	@EventListener
	void on(SeatsReleased released) {
		EventId eventId = EventId.of(released.eventId());
		Mono<Void> lapse = released.holdId() == null ? Mono.empty()
				: this.entries.offerEnded(eventId, HoldId.of(released.holdId()), Status.LAPSED);
		Set<String> sections = new LinkedHashSet<>();
		released.seatIds().forEach(seat -> sections.add(seat.substring(0, Math.max(0, seat.indexOf('-')))));
		lapse.then(this.matcher.match(eventId, sections)).onErrorResume(ex -> {
			log.warn("Waitlist offers for event {} failed: {}", eventId, ex.toString());
			return Mono.empty();
		}).subscribe();
	}

	/** Seats listed for resale are offered to the waiters of their sections too. */
	@EventListener
	void on(SeatsResale resale) {
		if (!resale.listed()) {
			return;
		}
		EventId eventId = EventId.of(resale.eventId());
		Set<String> sections = new LinkedHashSet<>();
		resale.seatIds().forEach(seat -> sections.add(seat.substring(0, Math.max(0, seat.indexOf('-')))));
		this.matcher.match(eventId, sections).onErrorResume(ex -> {
			log.warn("Waitlist offers for event {} failed: {}", eventId, ex.toString());
			return Mono.empty();
		}).subscribe();
	}

	@EventListener
	void on(SeatsSold sold) {
		this.entries.offerEnded(EventId.of(sold.eventId()), HoldId.of(sold.holdId()), Status.PURCHASED)
			.onErrorResume(ex -> Mono.empty())
			.subscribe();
	}

}
