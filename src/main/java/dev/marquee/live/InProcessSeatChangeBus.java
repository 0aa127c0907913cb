package dev.marquee.live;

import dev.marquee.queue.QueueAdvanced;
import dev.marquee.waitlist.WaitlistOffered;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The bus of a single node: changes and waiting-room steps go straight from the publisher to this
 * node's subscribers.
 */
class InProcessSeatChangeBus implements SeatChangeBus {

	// best effort: a publisher is never held up by a subscriber; each feed keeps its own bounded buffer
	private final Sinks.Many<SeatDelta> sink = Sinks.many().multicast().directBestEffort();

	@Override
	public void publish(SeatDelta delta) {
		sink.emitNext(delta, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100)));
	}

	private final Sinks.Many<QueueAdvanced> advances = Sinks.many().multicast().directBestEffort();

	@Override
	public void publish(QueueAdvanced advance) {
		advances.emitNext(advance, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100)));
	}

	@Override
	public Flux<QueueAdvanced> advances() {
		return advances.asFlux();
	}

	private final Sinks.Many<WaitlistOffered> offers = Sinks.many().multicast().directBestEffort();

	@Override
	public void publish(WaitlistOffered offer) {
		offers.emitNext(offer, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100)));
	}

	@Override
	public Flux<WaitlistOffered> offers() {
		return offers.asFlux();
	}

	@Override
	public boolean connected() {
		return true;
	}

	@Override
	public Flux<SeatDelta> deltas() {
		return sink.asFlux();
	}

}
