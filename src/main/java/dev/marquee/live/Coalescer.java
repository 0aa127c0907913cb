package dev.marquee.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.scheduler.Scheduler;

/**
 * Batches one event's changes, leading edge first: a change that comes after a quiet window goes
 * out at once, on its own; changes that come while a window is open wait for its end and go out
 * together, and every batch sent opens the next window. So a lone change is never delayed, and a
 * busy event still sends at most about one message per window. A zero window sends every change
 * on its own. Everything runs on one scheduler worker, so batches go out one at a time, in order,
 * and a publisher never walks the subscribers itself.
 */
final class Coalescer {

	private static final Logger log = LoggerFactory.getLogger(Coalescer.class);

	private final Scheduler.Worker worker;

	private final long windowNanos;

	private final Consumer<List<SeatDelta>> out;

	// confined to the worker
	private List<SeatDelta> pending = new ArrayList<>();

	private boolean open;

	Coalescer(Duration window, Scheduler scheduler, Consumer<List<SeatDelta>> out) {
		this.worker = scheduler.createWorker();
		this.windowNanos = window.toNanos();
		this.out = out;
	}

	/** Takes a change from any thread. */
	void accept(SeatDelta delta) {
		worker.schedule(() -> {
			if (open) {
				pending.add(delta);
			}
			else {
				send(List.of(delta));
			}
		});
	}

	private void send(List<SeatDelta> batch) {
		try {
			out.accept(batch);
		}
		catch (RuntimeException ex) {
			// one batch lost (subscribers see a gap and resync); the feed itself must go on
			log.warn("A batch of {} seat changes could not be handed out: {}", batch.size(), ex.toString());
		}
		if (windowNanos > 0) {
			open = true;
			// the window runs from the end of handing this batch out: when that takes long (many
			// subscribers, a busy machine), batches grow rather than following one another
			worker.schedule(this::windowEnded, windowNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void windowEnded() {
		if (pending.isEmpty()) {
			open = false;
			return;
		}
		List<SeatDelta> batch = pending;
		pending = new ArrayList<>();
		send(batch);
	}

}
