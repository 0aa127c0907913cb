package dev.marquee.live;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.live.internal.SeatDelta;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One event's feed on this node: changes in, put in seq order by its {@link Coalescer},
 * each change out to the {@link FrameFanOut}s as it is released, and batched by the
 * coalescer's window for the subscribers (each batch serialized once). It also keeps
 * itself honest against the event's seq in Redis ({@link #checkSeq}).
 */
final class SeatFeed {

	private static final Logger log = LoggerFactory.getLogger(SeatFeed.class);

	private static final long NONE = Long.MIN_VALUE;

	private static final CompletableFuture<?> DONE = CompletableFuture.completedFuture(null);

	private final UUID eventId;

	private final Sinks.Many<Frame> frames = Sinks.many().multicast().directBestEffort();

	/**
	 * Tells this event's subscribers to start over from a fresh snapshot; emitted by the
	 * seq check only.
	 */
	private final Sinks.Many<Long> startOvers = Sinks.many().multicast().directBestEffort();

	/** Transports that write this event's frames to their connections themselves. */
	private final List<FrameFanOut> fanOuts = new CopyOnWriteArrayList<>();

	private final Coalescer changes;

	/** The last snapshot frame made, shared by every watcher asking at its seq. */
	private volatile Frame snapshot;

	/** A seq Redis had at the last check that the feed had not reached then. */
	private volatile long ahead = NONE;

	SeatFeed(UUID eventId, LiveProperties properties, Scheduler scheduler, Function<SeatMessage, Frame> serializer) {
		this.eventId = eventId;
		this.changes = new Coalescer(properties.coalesceWindow(), properties.reorderWait(), scheduler,
				batch -> emit(batch, serializer), delta -> release(delta, serializer));
	}

	/**
	 * One batch's frame to every subscriber (made only if there is one); returns once
	 * they all have it.
	 */
	private CompletableFuture<?> emit(List<SeatDelta> batch, Function<SeatMessage, Frame> serializer) {
		if (frames.currentSubscriberCount() > 0) {
			frames.tryEmitNext(serializer.apply(SeatMessage.Seats.coalesce(batch)));
		}
		return DONE;
	}

	/** One change, in seq order and before any window, to every fan-out. */
	private void release(SeatDelta delta, Function<SeatMessage, Frame> serializer) {
		if (!fanOuts.isEmpty()) {
			ReleasedChange change = new ReleasedChange(delta, serializer);
			for (FrameFanOut fanOut : fanOuts) {
				fanOut.deliver(change);
			}
		}
	}

	/** Changes go to this fan-out too, from the next one released on. */
	void attach(FrameFanOut fanOut) {
		fanOuts.add(fanOut);
	}

	/**
	 * A snapshot frame for this seq: the last one made if it is at the same seq, else the
	 * one {@code make} makes (and keeps).
	 */
	Frame snapshotFrame(long seq, Supplier<Frame> make) {
		Frame last = snapshot;
		if (last != null && last.seq() == seq) {
			return last;
		}
		Frame made = make.get();
		snapshot = made;
		return made;
	}

	/**
	 * Changes may have been lost on the way to this node: the fan-outs' connections start
	 * over (the subscribers are told by the bus themselves).
	 */
	void lost() {
		fanOuts.forEach(FrameFanOut::startOver);
	}

	/** The frames of every batch, as they go out. */
	Flux<Frame> frames() {
		return frames.asFlux();
	}

	/** Signals that the subscribers must start over from a fresh snapshot. */
	Flux<Long> startOvers() {
		return startOvers.asFlux();
	}

	boolean watched() {
		if (frames.currentSubscriberCount() > 0) {
			return true;
		}
		for (FrameFanOut fanOut : fanOuts) {
			if (fanOut.watched()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A change from the bus: batched for the subscribers, or (nobody watching) the feed
	 * forgets where it stands.
	 */
	void accept(SeatDelta delta) {
		if (watched()) {
			changes.accept(delta);
		}
		else {
			// nobody sees this change: the feed's place in the sequence is lost with it
			changes.forget();
		}
	}

	/** A subscriber read a snapshot at {@code seq}; see {@link Coalescer#baseline}. */
	void baseline(long seq) {
		changes.baseline(seq);
	}

	/**
	 * The seq the feed expects next; {@link Long#MIN_VALUE} while it does not know (no
	 * baseline).
	 */
	long expected() {
		return changes.expected();
	}

	/**
	 * Compares the event's seq in Redis ({@code current}, -1 when it is gone) with the
	 * seq the feed expected next when it asked ({@code expected}, known). Behind the
	 * feed, or gone: Redis lost the event (flushed, restarted, failed over), and the
	 * changes since are not all coming as deltas. Ahead of the feed twice running, at the
	 * same place: the seq moved on without a delta (a rebuild, or a change that was never
	 * announced). Either way the subscribers start over.
	 */
	void checkSeq(long expected, long current) {
		if (current < expected - 1) {
			startOver("went back to " + current);
		}
		else if (current == expected - 1) {
			ahead = NONE;
		}
		else if (ahead != NONE && changes.expected() <= ahead) {
			startOver("moved on to " + current + " without a change");
		}
		else {
			ahead = current;
		}
	}

	private void startOver(String why) {
		log.info("The seq of event {} {}; its subscribers start over from a snapshot", eventId, why);
		ahead = NONE;
		// the subscribers' new snapshots tell the feed where it stands
		changes.forget();
		startOvers.tryEmitNext(1L);
		lost();
	}

}
