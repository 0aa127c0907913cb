package dev.marquee.hold;

import java.util.List;
import java.util.UUID;

/**
 * Seats of an event left a hold or an order and became AVAILABLE again, and why; of them,
 * {@code resaleSeatIds} went back to RESALE (listed by their ticket holder) and
 * {@code soldSeatIds} stay SOLD (their resale listing ended while they were held).
 */
public record SeatsReleased(UUID eventId, UUID holdId, List<String> seatIds, Reason reason, long seq,
		List<String> resaleSeatIds, List<String> soldSeatIds) {

	public SeatsReleased(UUID eventId, UUID holdId, List<String> seatIds, Reason reason, long seq) {
		this(eventId, holdId, seatIds, reason, seq, List.of(), List.of());
	}

	public SeatsReleased {
		resaleSeatIds = resaleSeatIds == null ? List.of() : List.copyOf(resaleSeatIds);
		soldSeatIds = soldSeatIds == null ? List.of() : List.copyOf(soldSeatIds);
	}

	/** The seats that really went back on sale (neither resale nor sold). */
	public List<String> freeSeatIds() {
		return seatIds.stream().filter(s -> !resaleSeatIds.contains(s) && !soldSeatIds.contains(s)).toList();
	}

	/** Why seats went back on sale. */
	public enum Reason {

		/** The owner let go of the hold. */
		RELEASED,
		/** The countdown ran out. */
		EXPIRED,
		/**
		 * The payment went through but the seats were lost or the order could not be
		 * stored (refunded).
		 */
		PURCHASE_FAILED,
		/** The order was cancelled. */
		CANCELLED

	}

}
