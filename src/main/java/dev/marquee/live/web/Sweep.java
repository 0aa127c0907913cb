package dev.marquee.live.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One event loop's connections to an event, and the batches of changes not yet written to
 * all of them, written in passes over the connections; used on that loop only.
 * <p>
 * A pass goes over the connections in turn and writes each every batch it has not had, as
 * one write: a batch that arrives while a pass is under way goes to the connections still
 * ahead of it in this pass, and to those behind it in the next. So a change waits for at
 * most one pass, not for the pass in flight and then one of its own; and a connection is
 * written once a pass however many batches came meanwhile (the system call, not the
 * bytes, is what a write costs: docs/BENCHMARKS.md). A batch is let go once a pass that
 * began after it arrived has ended. The pass writes {@code chunk} connections, then hands
 * its continuation to {@code later}, so that the loop reads its other channels (the
 * buyers' requests that make the changes) in between.
 * <p>
 * A pass begins no sooner than {@code interval} after the last one began: while a pass
 * takes less than that (few connections), the batches of the interval go out together in
 * the next, and each connection is written at most once an interval; while a pass takes
 * longer (many connections, a busy core), the next follows at once and nothing waits for
 * a window on top of the pass.
 *
 * @param <C> a connection
 * @param <B> a batch
 */
final class Sweep<C, B> {

	private final List<C> connections = new ArrayList<>();

	/** In seq order; the first {@link #passBatches} are the ones the pass delivers. */
	private final ArrayDeque<B> batches = new ArrayDeque<>();

	private final int chunk;

	/** Writes a connection the batches it has not had (it knows which). */
	private final BiConsumer<C, Iterable<B>> write;

	private final Consumer<B> release;

	private final Later later;

	private final long intervalNanos;

	private final LongSupplier clock;

	/** When the last pass began; none yet while {@link #passed} is false. */
	private long passStart;

	private boolean passed;

	/** How many of {@link #batches} were here when the pass under way began. */
	private int passBatches;

	/** The next connection of the pass under way. */
	private int cursor;

	private boolean sweeping;

	/**
	 * Runs a task on the loop after a delay (zero: once the loop has read its channels).
	 */
	interface Later {

		void run(Runnable task, long delayNanos);

	}

	Sweep(int chunk, long intervalNanos, LongSupplier clock, BiConsumer<C, Iterable<B>> write, Consumer<B> release,
			Later later) {
		this.chunk = chunk;
		this.intervalNanos = intervalNanos;
		this.clock = clock;
		this.write = write;
		this.release = release;
		this.later = later;
	}

	void add(C connection) {
		connections.add(connection);
	}

	/** Takes a connection off; false if it was not on. */
	boolean remove(C connection) {
		int index = connections.indexOf(connection);
		if (index < 0) {
			return false;
		}
		connections.remove(index);
		// the pass under way must not skip the connection after it
		if (index < cursor) {
			cursor--;
		}
		return true;
	}

	List<C> connections() {
		return List.copyOf(connections);
	}

	/** A new batch, after every batch taken before it. */
	void take(B batch) {
		batches.add(batch);
		if (!sweeping) {
			sweeping = true;
			long wait = untilNextPass();
			if (wait > 0) {
				later.run(this::startPass, wait);
			}
			else {
				startPass();
			}
		}
	}

	/** How long until a pass may begin: the interval since the last one began. */
	private long untilNextPass() {
		return passed ? Math.max(0, passStart + intervalNanos - clock.getAsLong()) : 0;
	}

	private void startPass() {
		passed = true;
		passStart = clock.getAsLong();
		cursor = 0;
		passBatches = batches.size();
		sweep();
	}

	private void sweep() {
		int end = Math.min(cursor + chunk, connections.size());
		while (cursor < end && cursor < connections.size()) {
			C connection = connections.get(cursor);
			write.accept(connection, batches);
			// writing may have closed it and taken it off at once
			if (cursor < connections.size() && connections.get(cursor) == connection) {
				cursor++;
			}
		}
		if (cursor < connections.size()) {
			later.run(this::sweep, 0);
			return;
		}
		// a pass ended: the batches here when it began reached every connection
		for (int i = 0; i < passBatches; i++) {
			release.accept(batches.poll());
		}
		cursor = 0;
		passBatches = 0;
		if (batches.isEmpty()) {
			sweeping = false;
		}
		else {
			later.run(this::startPass, untilNextPass());
		}
	}

}
