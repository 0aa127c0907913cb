package dev.marquee.ticket;

import java.time.Instant;
import java.util.UUID;

import dev.marquee.shared.NotFound;
import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The named failures of tickets.
 */
public final class TicketProblems {

	private TicketProblems() {
	}

	/** No such ticket, or not yours (which reads the same). */
	public static class TicketNotFound extends NotFound {

		public TicketNotFound(Object ticketId) {
			super("ticket-not-found", "No ticket " + ticketId + " of yours");
		}

	}

	/** The code was scanned in before. */
	public static class AlreadyUsed extends ProblemException {

		public AlreadyUsed(UUID ticketId, String seatId, Instant usedAt) {
			this(ticketId, seatId, usedAt, null);
		}

		/** With the gate where it was scanned in, when the scanner named one. */
		public AlreadyUsed(UUID ticketId, String seatId, Instant usedAt, String gate) {
			super(HttpStatus.CONFLICT, "already-used", "Ticket for " + seatId + " was already scanned in at " + usedAt
					+ (gate == null ? "" : " at gate " + gate));
			with("ticketId", ticketId.toString());
			with("seatId", seatId);
			with("usedAt", usedAt.toString());
			if (gate != null) {
				with("gate", gate);
			}
		}

	}

	/**
	 * A code that admits nobody: forged, re-issued by a transfer, for a cancelled ticket
	 * or another event.
	 */
	public static class InvalidCode extends ProblemException {

		public InvalidCode(String reason, String detail) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-code", detail);
			with("reason", reason);
		}

	}

	/** The ticket cannot change hands in its state (used or cancelled). */
	public static class NotTransferable extends ProblemException {

		public NotTransferable(UUID ticketId, String status) {
			super(HttpStatus.CONFLICT, "ticket-not-transferable",
					"Ticket " + ticketId + " is " + status + " and cannot be transferred");
			with("ticketId", ticketId.toString());
			with("ticketStatus", status);
		}

	}

}
