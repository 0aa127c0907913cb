package dev.marquee.live;

/**
 * A transport that takes an event's changes straight from its feed and writes them to its
 * own connections itself, rather than through one reactive chain per subscriber (the
 * WebSocket seat stream does; see {@link SeatFeeds#attach}).
 */
public interface FrameFanOut {

	/**
	 * Each change as the feed releases it: on the feed's worker, in seq order, one at a
	 * time and without the feed's coalescing window (the fan-out batches them itself, and
	 * must not keep the worker).
	 */
	void deliver(ReleasedChange change);

	/**
	 * Changes may have been lost (the bus was unreachable, or the event's seq in Redis no
	 * longer matches the feed): every connection starts over from a fresh snapshot.
	 */
	void startOver();

	/** Whether any connection watches through this fan-out now. */
	boolean watched();

}
