package dev.marquee.live.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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

	private final Consumer<Runnable> later;

	/** How many of {@link #batches} were here when the pass under way began. */
	private int passBatches;

	/** The next connection of the pass under way. */
	private int cursor;

	private boolean sweeping;

	Sweep(int chunk, BiConsumer<C, Iterable<B>> write, Consumer<B> release, Consumer<Runnable> later) {
		this.chunk = chunk;
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
			cursor = 0;
			passBatches = batches.size();
			sweep();
		}
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
		if (cursor >= connections.size()) {
			// a pass ended: the batches here when it began reached every connection
			for (int i = 0; i < passBatches; i++) {
				release.accept(batches.poll());
			}
			cursor = 0;
			passBatches = batches.size();
			if (passBatches == 0) {
				sweeping = false;
				return;
			}
		}
		later.accept(this::sweep);
	}

}
