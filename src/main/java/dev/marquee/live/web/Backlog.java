package dev.marquee.live.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import dev.marquee.live.Frame;
import dev.marquee.live.ReleasedChange;

/**
 * What one event loop has for its connections to an event: the changes its {@link Sweep}
 * has not yet written to all of them, and the frames merging them that the pass under way
 * made. The connections written at the same point of the last pass had the same changes,
 * so they share one merged frame (a few a pass), made once and encoded once for each kind
 * of connection. Confined to the loop.
 */
final class Backlog {

	/** The changes the sweep keeps, as they stand for the write under way. */
	private Iterable<ReleasedChange> changes = List.of();

	/** The seq of the last change taken. */
	private long last = Long.MIN_VALUE;

	/**
	 * The frames made since the last change was taken, by the seq the connections they
	 * were made for had.
	 */
	private final Map<Long, Wire> made = new HashMap<>();

	/**
	 * A change, after every one taken before it: the frames made so far lack it.
	 */
	void taken(ReleasedChange change) {
		last = change.seq();
		forget();
	}

	/** The sweep's changes for the write about to be made. */
	Backlog over(Iterable<ReleasedChange> pending) {
		this.changes = pending;
		return this;
	}

	/**
	 * The changes after {@code seq}, up to a change the feed gave up on, merged into one
	 * frame; null if there are none.
	 */
	Wire after(long seq) {
		if (last <= seq) {
			return null;
		}
		Wire hit = made.get(seq);
		if (hit != null) {
			return hit;
		}
		List<ReleasedChange> run = new ArrayList<>();
		for (ReleasedChange change : changes) {
			if (change.seq() > seq) {
				if (!run.isEmpty() && change.seq() != run.getLast().seq() + 1) {
					// the feed went past a change that never came: the rest is another
					// frame
					break;
				}
				run.add(change);
			}
		}
		if (run.isEmpty()) {
			return null;
		}
		Wire merged = new Wire(ReleasedChange.merge(run));
		made.put(seq, merged);
		return merged;
	}

	/**
	 * The frames made are out of date (a change came, or a pass let changes go): their
	 * memory is let go once the writes under way are done with it.
	 */
	void forget() {
		made.values().forEach(Wire::release);
		made.clear();
	}

	/**
	 * A merged frame, encoded in direct memory once for each kind of connection that asks
	 * (plain, or compressed for those that accepted {@code permessage-deflate}); each
	 * write takes a retained duplicate, and the backlog's own reference goes when the
	 * frame is out of date.
	 */
	static final class Wire {

		final Frame frame;

		private ByteBuf plain;

		private ByteBuf deflated;

		Wire(Frame frame) {
			this.frame = frame;
		}

		/** The frame for a connection; not the caller's to release. */
		ByteBuf bytes(boolean deflate) {
			if (deflate) {
				if (deflated == null) {
					deflated = direct(WireFrame.deflated(frame.bytes()));
				}
				return deflated;
			}
			if (plain == null) {
				plain = direct(WireFrame.plain(frame.bytes()));
			}
			return plain;
		}

		private static ByteBuf direct(byte[] bytes) {
			return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
		}

		private void release() {
			if (plain != null) {
				plain.release();
			}
			if (deflated != null) {
				deflated.release();
			}
		}

	}

}
