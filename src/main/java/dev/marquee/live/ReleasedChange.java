package dev.marquee.live;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.marquee.live.internal.SeatDelta;

/**
 * One change of an event's seats as its feed releases it to the {@link FrameFanOut}s: in
 * seq order, one at a time, without the coalescing window, so that a fan-out writing in
 * passes of its own merges into one frame the changes each connection has not had.
 */
public final class ReleasedChange {

	private final SeatDelta delta;

	private final Function<SeatMessage, Frame> serializer;

	ReleasedChange(SeatDelta delta, Function<SeatMessage, Frame> serializer) {
		this.delta = delta;
		this.serializer = serializer;
	}

	public long seq() {
		return delta.seq();
	}

	/**
	 * A run of changes, in seq order and contiguous, as one frame: {@code fromSeq} is the
	 * first's seq, {@code seq} the last's, and each seat appears once with its latest
	 * status (the same merge the feed's window makes).
	 */
	public static Frame merge(List<ReleasedChange> run) {
		List<SeatDelta> deltas = new ArrayList<>(run.size());
		for (ReleasedChange change : run) {
			deltas.add(change.delta);
		}
		return run.get(0).serializer.apply(SeatMessage.Seats.coalesce(deltas));
	}

	@Override
	public String toString() {
		return "ReleasedChange[" + delta.seq() + "]";
	}

}
