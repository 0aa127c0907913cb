package dev.marquee.waitlist;

import dev.marquee.shared.NotFound;
import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The named failures of the waitlist.
 */
public final class WaitlistProblems {

	private WaitlistProblems() {
	}

	/** No such entry, or not yours (which reads the same). */
	public static class EntryNotFound extends NotFound {

		/** For an id as it came in, perhaps not even a UUID. */
		public EntryNotFound(String entryId) {
			super("waitlist-entry-not-found", "No waitlist entry " + entryId + " of yours for this event");
		}

		public EntryNotFound(WaitlistEntryId entryId) {
			this(entryId.toString());
		}

	}

	/** The section has the seats right now: hold them instead of waiting. */
	public static class SeatsAvailable extends ProblemException {

		public SeatsAvailable(String sectionCode, long free) {
			super(HttpStatus.CONFLICT, "seats-available",
					"Section " + sectionCode + " has " + free + " free seats right now: hold them instead of waiting.");
			with("sectionCode", sectionCode);
			with("freeSeats", free);
		}

	}

	/** The event is not on sale (yet, or any more). */
	public static class NotOnSale extends ProblemException {

		public NotOnSale(String detail) {
			super(HttpStatus.CONFLICT, "not-on-sale", detail);
		}

	}

}
