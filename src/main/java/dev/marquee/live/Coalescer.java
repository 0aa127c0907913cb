package dev.marquee.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.live.internal.SeatDelta;

import reactor.core.scheduler.Scheduler;

/**
 * Puts one event's changes back in {@code seq} order and batches them, leading edge
 * first.
 * <p>
 * Changes are published after their Redis script returned, from different threads and
 * nodes (a sale only after PostgreSQL stored its order), so seq N+1 can arrive before N.
 * A change ahead of the next expected seq waits until the missing one arrives, or for at
 * most {@code reorderWait}; then the feed gives up on it and goes on past the hole
 * (subscribers see the gap and take a fresh snapshot). A late change below the next
 * expected seq is dropped. Until the feed knows where it stands (no {@link #baseline}
 * yet) changes wait the same way.
 * <p>
 * Each change released goes to {@code each} at once, in seq order (the fan-outs that
 * write in passes of their own and batch changes themselves); the batches of the window
 * go to {@code out} (the subscribers).
 * <p>
 * Batching: a change after a quiet window goes out at once, on its own; changes released
 * while a window is open wait for its end and go out together, and every batch sent opens
 * the next window. A batch is always contiguous in seq: one that would span a hole goes
 * out as several. A zero window sends every change on its own.
 * <p>
 * The window adapts to load: it ends no sooner than the last batch has been handed out
 * (the stage {@code out} returns completes). While handing a batch out takes longer than
 * the window (many watchers, a busy core), the changes meanwhile wait and go out
 * together: fewer, fuller messages, and never more than one batch of an event in flight,
 * rather than a queue of them. And after a hand-out that took longer than half the
 * window, the next batch rests as long again: when writing is what fills the core, half
 * of it is left for the requests that make the changes. Everything runs on one scheduler
 * worker, so batches go out one at a time, in order, and a publisher never walks the
 * subscribers itself.
 */
final class Coalescer {

	private static final Logger log = LoggerFactory.getLogger(Coalescer.class);

	private static final long UNKNOWN = Long.MIN_VALUE;

	private static final long NONE = Long.MAX_VALUE;

	private final Scheduler.Worker worker;

	private final long windowNanos;

	private final long reorderWaitNanos;

	private final Function<List<SeatDelta>, CompletionStage<?>> out;

	/** Takes each change as it is released, in seq order, before the window. */
	private final Consumer<SeatDelta> each;

	// confined to the worker
	private List<SeatDelta> pending = new ArrayList<>();

	private boolean open;

	/** The hand-out of the last batch, which the next window waits for. */
	private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

	/**
	 * Until when the next window rests after the last hand-out: as long again as it took,
	 * so that writing batches never takes more than about half of the time (the rest is
	 * for the buyers whose requests make the changes).
	 */
	private volatile long restUntil = Long.MIN_VALUE;

	private final Scheduler scheduler;

	// written on the worker only; read by the feed's seq check
	private volatile long next = UNKNOWN;

	private final TreeMap<Long, SeatDelta> early = new TreeMap<>();

	/** The seq a give-up timer is running for, so one hole gets one timer. */
	private long waitingFor = NONE;

	Coalescer(Duration window, Duration reorderWait, Scheduler scheduler,
			Function<List<SeatDelta>, CompletionStage<?>> out, Consumer<SeatDelta> each) {
		this.scheduler = scheduler;
		this.worker = scheduler.createWorker();
		this.windowNanos = window.toNanos();
		this.reorderWaitNanos = reorderWait.toNanos();
		this.out = out;
		this.each = each;
	}

	/** Takes a change from any thread. */
	void accept(SeatDelta delta) {
		worker.schedule(() -> {
			if (next != UNKNOWN && delta.seq() < next) {
				log.debug("Dropping change {} of event {}: the feed went past it", delta.seq(), delta.eventId());
				return;
			}
			early.put(delta.seq(), delta);
			drain();
		});
	}

	/**
	 * A subscriber read a snapshot at {@code seq}: if the feed does not know yet which
	 * seq comes next, it is the one after.
	 */
	void baseline(long seq) {
		worker.schedule(() -> {
			if (next == UNKNOWN) {
				next = seq + 1;
				early.headMap(next).clear();
				drain();
			}
		});
	}

	/**
	 * Nobody listens and changes go by unseen: the next subscriber's snapshot sets the
	 * baseline again.
	 */
	void forget() {
		worker.schedule(() -> {
			next = UNKNOWN;
			early.clear();
			waitingFor = NONE;
		});
	}

	/** The seq the feed expects next; {@link Long#MIN_VALUE} while it does not know. */
	long expected() {
		return next;
	}

	/**
	 * Releases every change that continues the sequence; waits (bounded) for a missing
	 * one.
	 */
	private void drain() {
		while (next != UNKNOWN && !early.isEmpty() && early.firstKey() == next) {
			release(early.pollFirstEntry().getValue());
			next++;
		}
		if (!early.isEmpty() && waitingFor != next) {
			long hole = next;
			waitingFor = hole;
			worker.schedule(() -> giveUp(hole), reorderWaitNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void giveUp(long hole) {
		if (next != hole || early.isEmpty()) {
			return;
		}
		if (hole != UNKNOWN) {
			log.debug("Change {} of event {} did not arrive within the reorder wait; going on past it", hole,
					early.firstEntry().getValue().eventId());
		}
		next = early.firstKey();
		waitingFor = NONE;
		drain();
	}

	private void release(SeatDelta delta) {
		try {
			each.accept(delta);
		}
		catch (RuntimeException ex) {
			// the connections behind it see a gap and resync; the feed must go on
			log.warn("Seat change {} could not be handed out: {}", delta.seq(), ex.toString());
		}
		if (open) {
			pending.add(delta);
		}
		else {
			send(List.of(delta));
		}
	}

	private void send(List<SeatDelta> batch) {
		int start = 0;
		for (int i = 1; i <= batch.size(); i++) {
			if (i == batch.size() || batch.get(i).seq() != batch.get(i - 1).seq() + 1) {
				handOut(batch.subList(start, i));
				start = i;
			}
		}
		if (windowNanos > 0) {
			open = true;
			// the window runs from the end of handing this batch out: when that takes
			// long (many subscribers, a busy machine), batches grow rather than following
			// one another
			worker.schedule(this::windowEnded, windowNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void handOut(List<SeatDelta> run) {
		try {
			long start = scheduler.now(TimeUnit.NANOSECONDS);
			// the window waits for this stage, which completes once the rest is known
			inFlight = out.apply(run).toCompletableFuture().whenComplete((done, failure) -> {
				long end = scheduler.now(TimeUnit.NANOSECONDS);
				restUntil = end + (end - start);
			});
		}
		catch (RuntimeException ex) {
			// one batch lost (subscribers see a gap and resync); the feed itself must go
			// on
			log.warn("A batch of {} seat changes could not be handed out: {}", run.size(), ex.toString());
		}
	}

	private void windowEnded() {
		if (!inFlight.isDone()) {
			// the last batch is still being written: this window lasts until it is
			inFlight.whenComplete((done, failure) -> worker.schedule(this::windowEnded));
			return;
		}
		long rest = restUntil - scheduler.now(TimeUnit.NANOSECONDS);
		if (rest > 0) {
			worker.schedule(this::windowEnded, rest, TimeUnit.NANOSECONDS);
			return;
		}
		if (pending.isEmpty()) {
			open = false;
			return;
		}
		List<SeatDelta> batch = pending;
		pending = new ArrayList<>();
		send(batch);
	}

}
