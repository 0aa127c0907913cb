package dev.marquee.hold;

import java.util.List;
import java.util.UUID;

/**
 * Seats of an event became AVAILABLE again, and why.
 */
public record SeatsReleased(UUID eventId, UUID holdId, List<String> seatIds, Reason reason, long seq) {

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
