package dev.marquee.queue;

import java.time.Instant;

/**
 * What a queue ticket's holder sees: waiting (with a position once the queue has opened),
 * admitted (with the admission token), or expired (admitted but did not show up in time).
 *
 * @param ticket the ticket
 * @param status WAITING, ADMITTED or EXPIRED
 * @param position how many are ahead, plus one (1 is next); null until the queue opens
 * @param nowServing the highest number admitted so far
 * @param estimatedWaitSeconds at the admission rate; until opening, the time to opening
 * @param opensAt while the queue has not opened: when the sale opens and early joiners
 * are shuffled
 * @param admissionToken when admitted: the token that holds on this event need
 * @param admissionExpiresAt when admitted or expired: when the token stops working
 */
public record Standing(QueueTicket ticket, Status status, Long position, long nowServing, long estimatedWaitSeconds,
		Instant opensAt, String admissionToken, Instant admissionExpiresAt) {

	public enum Status {

		WAITING, ADMITTED, EXPIRED

	}

}
