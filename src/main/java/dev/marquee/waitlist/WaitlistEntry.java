package dev.marquee.waitlist;

import java.time.Instant;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;

/**
 * A buyer's place on a section's waitlist. WAITING until seats fit; OFFERED with a hold
 * for the offer window; then PURCHASED, or LAPSED (the offer ran out or was released);
 * LEFT if the buyer left the list.
 *
 * @param holdId the offered hold, once there is an offer (null before)
 * @param offerExpiresAt when the offered hold runs out (null before an offer)
 */
public record WaitlistEntry(WaitlistEntryId entryId, EventId eventId, String userId, String sectionCode, int quantity,
		boolean adjacent, Status status, HoldId holdId, Instant offerExpiresAt, Instant joinedAt, long seq) {

	public enum Status {

		WAITING, OFFERING, OFFERED, PURCHASED, LAPSED, LEFT

	}

	/** Still in line (an offer being made counts). */
	public boolean waiting() {
		return this.status == Status.WAITING || this.status == Status.OFFERING;
	}

	/**
	 * Whether seats that could not serve {@code earlier} cannot serve this entry either.
	 */
	boolean asksNoLessThan(WaitlistEntry earlier) {
		return this.quantity >= earlier.quantity && (this.adjacent || !earlier.adjacent);
	}

}
