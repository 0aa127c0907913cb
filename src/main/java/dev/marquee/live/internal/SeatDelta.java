package dev.marquee.live.internal;

import java.util.List;
import java.util.UUID;

import dev.marquee.shared.SeatStatus;

/**
 * One change batch of an event's seats, as it travels between nodes: the seats and their
 * new status at {@code seq}, and when the change was made ({@code madeAtMillis}, to
 * measure fan-out lag).
 */
public record SeatDelta(UUID eventId, long seq, List<Change> changes, long madeAtMillis) {

	/** One seat's new status. */
	public record Change(String seatId, SeatStatus status) {
	}

}
