package dev.marquee.live;

import java.util.concurrent.CompletionStage;

/**
 * A transport that takes an event's frames straight from its feed and writes them to its
 * own connections itself, rather than through one reactive chain per subscriber (the
 * WebSocket seat stream does; see {@link SeatFeeds#attach}).
 */
public interface FrameFanOut {

	/**
	 * A batch of changes, on the feed's worker and in seq order. The stage completes once
	 * the fan-out has taken it, and the feed's next batch waits for it: a fan-out that
	 * writes as it goes completes once every connection has it (while writing takes long,
	 * the batches grow instead of queueing); one that writes behind the feed completes at
	 * once and bounds what it keeps itself.
	 */
	CompletionStage<?> deliver(Frame frame);

	/**
	 * Changes may have been lost (the bus was unreachable, or the event's seq in Redis no
	 * longer matches the feed): every connection starts over from a fresh snapshot.
	 */
	void startOver();

	/** Whether any connection watches through this fan-out now. */
	boolean watched();

}
