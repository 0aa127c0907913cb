package dev.marquee.live.internal;

import dev.marquee.queue.QueueAdvanced;
import dev.marquee.waitlist.WaitlistOffered;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The bus of a single node: changes and waiting-room steps go straight from the publisher
 * to this node's subscribers. Publishers on many threads take turns under a lock: a sink
 * fails a concurrent emission, and a publisher must never fail (nor wait more than the
 * few microseconds a subscriber takes to queue a change) because another one is emitting.
 */
class InProcessSeatChangeBus implements SeatChangeBus {

	// best effort: a publisher is never held up by a subscriber; each feed keeps its own
	// bounded buffer
	private final Sinks.Many<SeatDelta> sink = Sinks.many().multicast().directBestEffort();

	@Override
	public void publish(SeatDelta delta) {
		emit(sink, delta);
	}

	private final Sinks.Many<QueueAdvanced> advances = Sinks.many().multicast().directBestEffort();

	@Override
	public void publish(QueueAdvanced advance) {
		emit(advances, advance);
	}

	@Override
	public Flux<QueueAdvanced> advances() {
		return advances.asFlux();
	}

	private final Sinks.Many<WaitlistOffered> offers = Sinks.many().multicast().directBestEffort();

	@Override
	public void publish(WaitlistOffered offer) {
		emit(offers, offer);
	}

	@Override
	public Flux<WaitlistOffered> offers() {
		return offers.asFlux();
	}

	private static <T> void emit(Sinks.Many<T> sink, T value) {
		// under the lock nothing else emits, so the only failure left is "no subscriber"
		// (harmless)
		synchronized (sink) {
			sink.tryEmitNext(value);
		}
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
