package dev.marquee.support;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.marquee.hold.HoldSold;
import dev.marquee.hold.SeatsHeld;
import dev.marquee.hold.SeatsReleased;
import dev.marquee.sale.SeatsSold;

import org.springframework.context.event.EventListener;

/**
 * Records every seat change the application publishes, so tests can assert on the domain
 * events.
 */
public class SeatEventRecorder {

	private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();

	@EventListener
	void held(SeatsHeld event) {
		events.add(event);
	}

	@EventListener
	void released(SeatsReleased event) {
		events.add(event);
	}

	@EventListener
	void sold(HoldSold event) {
		events.add(event);
	}

	@EventListener
	void sold(SeatsSold event) {
		events.add(event);
	}

	/** Every recorded change of one event, in publication order. */
	public List<Object> of(UUID eventId) {
		return events.stream().filter(e -> switch (e) {
			case SeatsHeld h -> h.eventId().equals(eventId);
			case SeatsReleased r -> r.eventId().equals(eventId);
			case HoldSold s -> s.eventId().equals(eventId);
			case SeatsSold s -> s.eventId().equals(eventId);
			default -> false;
		}).toList();
	}

	public <T> List<T> of(UUID eventId, Class<T> type) {
		return of(eventId).stream().filter(type::isInstance).map(type::cast).toList();
	}

}
