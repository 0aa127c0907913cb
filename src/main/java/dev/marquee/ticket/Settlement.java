package dev.marquee.ticket;

import java.time.Instant;
import java.util.UUID;

/**
 * What the server made of a scan sent in later; for a double entry,
 * {@code firstAdmission} tells when and where the ticket first got in.
 */
public record Settlement(Outcome outcome, UUID ticketId, String seatId, String reason, FirstAdmission firstAdmission) {

	/** The verdict on a scan. */
	public enum Outcome {

		/** This scan was the ticket's first: it let its holder in. */
		ADMITTED,
		/** The ticket had been admitted before: someone got in twice. */
		DOUBLE_ENTRY,
		/** The code admits nobody ({@code reason} says why). */
		INVALID

	}

	/**
	 * When a ticket was admitted (the server's clock) and, when the admission was
	 * recorded at the door, where, by which device and at what time on its clock.
	 */
	public record FirstAdmission(Instant usedAt, String gate, String deviceId, Instant scannedAt) {
	}

}
