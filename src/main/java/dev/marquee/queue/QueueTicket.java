package dev.marquee.queue;

import java.time.Instant;

import dev.marquee.catalog.EventId;

/**
 * A buyer's place in an event's waiting room. Early joiners (before the sale opened) hold
 * the {@code index}-th early number, which the shuffle at opening turns into their place;
 * later joiners queue in arrival order after every early one.
 */
public record QueueTicket(QueueTicketId ticketId, EventId eventId, String userId, boolean early, long index,
		Instant joinedAt) {

	/**
	 * The ticket's number in line (1 is served first), or 0 while the queue has not
	 * opened.
	 */
	public long number(QueueState state) {
		if (!state.opened()) {
			return 0;
		}
		return early ? 1 + EarlyShuffle.permute(index - 1, state.earlyCount(), state.seed())
				: state.earlyCount() + index;
	}

}
