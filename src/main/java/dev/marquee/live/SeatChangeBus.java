package dev.marquee.live;

import reactor.core.publisher.Flux;

/**
 * Carries seat changes to every node. Each node publishes the changes it made and fans out
 * everything it receives to its own subscribers.
 */
public interface SeatChangeBus {

	void publish(SeatDelta delta);

	/** Every change published on any node, as a hot stream. */
	Flux<SeatDelta> deltas();

	/** Whether this node currently receives the changes of every node. */
	boolean connected();

}
