package dev.marquee.queue;

import java.time.Instant;

import dev.marquee.catalog.EventId;
import dev.marquee.shared.NotFound;
import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The named failures of the waiting room.
 */
public final class QueueProblems {

	private QueueProblems() {
	}

	/** A hold on a queue-protected event without a valid admission token. */
	public static class AdmissionRequired extends ProblemException {

		public AdmissionRequired(EventId eventId, String reason, String detail) {
			super(HttpStatus.FORBIDDEN, "admission-required", detail);
			with("eventId", eventId.toString());
			with("reason", reason);
			with("queue", "/api/v1/events/" + eventId + "/queue");
		}

	}

	/** No such queue ticket for this event, or not yours (which reads the same). */
	public static class QueueTicketNotFound extends NotFound {

		/** For an id as it came in, perhaps not even a UUID. */
		public QueueTicketNotFound(String ticketId) {
			super("queue-ticket-not-found", "No queue ticket " + ticketId + " of yours for this event");
		}

		public QueueTicketNotFound(QueueTicketId ticketId) {
			this(ticketId.toString());
		}

	}

	/** The event sells without a waiting room. */
	public static class QueueNotEnabled extends ProblemException {

		public QueueNotEnabled(EventId eventId) {
			super(HttpStatus.CONFLICT, "queue-not-enabled",
					"Event " + eventId + " has no waiting room; hold seats directly.");
			with("eventId", eventId.toString());
		}

	}

	/** The event has started: nobody is admitted any more. */
	public static class SalesClosed extends ProblemException {

		public SalesClosed(EventId eventId, Instant startsAt) {
			super(HttpStatus.CONFLICT, "not-on-sale", "The event started at " + startsAt + "; sales are closed.");
			with("eventId", eventId.toString());
		}

	}

	/**
	 * A join without the proof of work the event's waiting room asks for now:
	 * {@code reason} is {@code missing}, {@code invalid}, {@code expired},
	 * {@code replayed} (a challenge is good for one join) or {@code too-weak} (the
	 * difficulty was raised since it was issued). Get a new challenge and solve it.
	 */
	public static class ProofOfWorkRequired extends ProblemException {

		public ProofOfWorkRequired(EventId eventId, String reason, int difficulty) {
			super(HttpStatus.FORBIDDEN, "proof-of-work-required", "This waiting room asks for a proof of work of "
					+ difficulty + " bits (" + reason + "): solve a new challenge and join with it.");
			with("eventId", eventId.toString());
			with("reason", reason);
			with("difficulty", difficulty);
			with("challenge", "/api/v1/events/" + eventId + "/queue-challenge");
		}

	}

	/**
	 * More accounts joined this event's waiting room from one device (or, when the client
	 * sends no device id, one address) than the waiting room allows.
	 */
	public static class TooManyAccounts extends ProblemException {

		public TooManyAccounts(EventId eventId, String by, long limit) {
			super(HttpStatus.FORBIDDEN, "too-many-accounts", "At most " + limit
					+ " accounts may join this waiting room from one " + by + "; this one is not among them.");
			with("eventId", eventId.toString());
			with("by", by);
			with("limit", limit);
		}

	}

}
