package dev.marquee.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * Where a ticket stands, worked out from the queue's state alone (no I/O), so every
 * watcher on every node computes its own position from one broadcast step.
 *
 * @param admissionTtl how long an admitted buyer has to show up
 * @param tokens issues the admission token of a ticket expiring at an instant
 */
record Standings(Duration admissionTtl, BiFunction<QueueTicket, Instant, String> tokens) {

	/**
	 * Before opening: waiting, without a position, until {@code onSaleAt}. Then the
	 * position is the distance to "now serving" and the wait that distance at
	 * {@code admitPerMinute} (rounded up); once admitted (at {@code admittedAt}),
	 * admitted with a token until the admission TTL runs out, expired after.
	 */
	Standing of(QueueTicket ticket, QueueState state, Instant onSaleAt, int admitPerMinute, Instant admittedAt,
			Instant now) {
		if (!state.opened()) {
			long toOpening = Math.max(0, Duration.between(now, onSaleAt).toSeconds());
			return new Standing(ticket, Standing.Status.WAITING, null, 0, toOpening, onSaleAt, null, null);
		}
		long number = ticket.number(state);
		if (number > state.serving()) {
			long position = number - state.serving();
			long wait = (position * 60 + admitPerMinute - 1) / admitPerMinute;
			return new Standing(ticket, Standing.Status.WAITING, position, state.serving(), wait, null, null, null);
		}
		Instant expiresAt = admittedAt.plus(this.admissionTtl);
		if (!now.isBefore(expiresAt)) {
			return new Standing(ticket, Standing.Status.EXPIRED, 0L, state.serving(), 0, null, null, expiresAt);
		}
		return new Standing(ticket, Standing.Status.ADMITTED, 0L, state.serving(), 0, null,
				this.tokens.apply(ticket, expiresAt), expiresAt);
	}

}
