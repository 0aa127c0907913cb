package dev.marquee.waitlist;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A buyer's place on a section's waitlist. WAITING until seats fit; OFFERED with a hold for the
 * offer window; then PURCHASED, or LAPSED (the offer ran out or was released); LEFT if the buyer
 * left the list.
 */
public record WaitlistEntry(String entryId, UUID eventId, String userId, String sectionCode, int quantity,
		boolean adjacent, Status status, String holdId, Instant offerExpiresAt, Instant joinedAt, long seq) {

	public enum Status {

		WAITING, OFFERING, OFFERED, PURCHASED, LAPSED, LEFT

	}

	static WaitlistEntry of(UUID eventId, String entryId, Map<String, String> fields) {
		String expires = fields.get("offerExpiresAt");
		return new WaitlistEntry(entryId, eventId, fields.get("userId"), fields.get("section"),
				Integer.parseInt(fields.get("quantity")), "1".equals(fields.get("adjacent")),
				Status.valueOf(fields.get("status")), fields.get("holdId"),
				expires == null ? null : Instant.ofEpochMilli(Long.parseLong(expires)),
				Instant.ofEpochMilli(Long.parseLong(fields.get("joinedAt"))), Long.parseLong(fields.get("seq")));
	}

	/** Still in line (an offer being made counts). */
	public boolean waiting() {
		return status == Status.WAITING || status == Status.OFFERING;
	}

}
