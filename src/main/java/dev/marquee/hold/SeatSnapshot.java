package dev.marquee.hold;

import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.shared.SeatStatus;

/**
 * The status of every seat of an event at one {@code seq}, one glyph per seat in layout
 * order.
 */
public record SeatSnapshot(EventId eventId, long seq, String statuses, EventSetup setup) {

	public SeatStatus statusOf(String seatId) {
		int index = setup.layout().indexOf(seatId);
		return switch (statuses.charAt(index)) {
			case 'H' -> SeatStatus.HELD;
			case 'X' -> SeatStatus.SOLD;
			case '#' -> SeatStatus.BLOCKED;
			case 'R' -> SeatStatus.RESALE;
			default -> SeatStatus.AVAILABLE;
		};
	}

}
