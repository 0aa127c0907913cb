package dev.marquee.live.internal;

import java.time.Clock;
import java.util.List;

import dev.marquee.hold.HoldSold;
import dev.marquee.hold.SeatsHeld;
import dev.marquee.hold.SeatsReleased;
import dev.marquee.hold.SeatsResale;
import dev.marquee.queue.QueueAdvanced;
import dev.marquee.shared.SeatStatus;
import dev.marquee.waitlist.WaitlistOffered;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the domain events of this node into deltas (and waiting-room steps) on the bus.
 */
@Component
class SeatEventsToBus {

	private final SeatChangeBus bus;

	private final Clock clock;

	SeatEventsToBus(SeatChangeBus bus, Clock clock) {
		this.bus = bus;
		this.clock = clock;
	}

	@EventListener
	void on(SeatsHeld held) {
		bus.publish(
				new SeatDelta(held.eventId(), held.seq(), changes(held.seatIds(), SeatStatus.HELD), clock.millis()));
	}

	@EventListener
	void on(SeatsReleased released) {
		List<SeatDelta.Change> changes = released.seatIds()
			.stream()
			.map(seat -> new SeatDelta.Change(seat,
					released.resaleSeatIds().contains(seat) ? SeatStatus.RESALE
							: released.soldSeatIds().contains(seat) ? SeatStatus.SOLD : SeatStatus.AVAILABLE))
			.toList();
		bus.publish(new SeatDelta(released.eventId(), released.seq(), changes, clock.millis()));
	}

	@EventListener
	void on(SeatsResale resale) {
		bus.publish(new SeatDelta(resale.eventId(), resale.seq(),
				changes(resale.seatIds(), resale.listed() ? SeatStatus.RESALE : SeatStatus.SOLD), clock.millis()));
	}

	@EventListener
	void on(HoldSold sold) {
		bus.publish(
				new SeatDelta(sold.eventId(), sold.seq(), changes(sold.seatIds(), SeatStatus.SOLD), clock.millis()));
	}

	@EventListener
	void on(QueueAdvanced advance) {
		bus.publish(advance);
	}

	@EventListener
	void on(WaitlistOffered offer) {
		bus.publish(offer);
	}

	private static List<SeatDelta.Change> changes(List<String> seatIds, SeatStatus status) {
		return seatIds.stream().map(seat -> new SeatDelta.Change(seat, status)).toList();
	}

}
