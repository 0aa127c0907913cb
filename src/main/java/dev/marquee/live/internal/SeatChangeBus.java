package dev.marquee.live.internal;

import dev.marquee.queue.QueueAdvanced;
import dev.marquee.waitlist.WaitlistOffered;

import reactor.core.publisher.Flux;

/**
 * Carries seat changes, waiting-room steps and waitlist offers to every node. Each node
 * publishes the changes it made and fans out everything it receives to its own
 * subscribers.
 */
public interface SeatChangeBus {

	void publish(SeatDelta delta);

	/** Every change published on any node, as a hot stream. */
	Flux<SeatDelta> deltas();

	void publish(QueueAdvanced advance);

	/** Every waiting-room step published on any node, as a hot stream. */
	Flux<QueueAdvanced> advances();

	void publish(WaitlistOffered offer);

	/** Every waitlist offer made on any node, as a hot stream. */
	Flux<WaitlistOffered> offers();

	/** Whether this node currently receives the changes of every node. */
	boolean connected();

	/**
	 * Signals that changes may have been missed (the bus was unreachable, or a change
	 * failed to go out) and the bus works again: subscribers should start over from a
	 * fresh snapshot.
	 */
	default Flux<Long> resyncs() {
		return Flux.never();
	}

}
