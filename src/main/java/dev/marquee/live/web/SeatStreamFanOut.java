package dev.marquee.live.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;

import dev.marquee.catalog.EventId;
import dev.marquee.live.Frame;
import dev.marquee.live.FrameFanOut;
import dev.marquee.live.SeatFeeds;
import dev.marquee.live.Watchers;

import reactor.core.publisher.Mono;

/**
 * The WebSocket connections watching one event on this node, grouped by the Netty event
 * loop each belongs to. A batch of changes is encoded once, as a whole WebSocket frame
 * (plain, and compressed if any connection accepted compression), and handed to each
 * event loop, whose {@link Sweep} writes the same bytes to each of its connections: no
 * reactive chain, queue or copy per connection. Under load a pass over the connections
 * takes longer than the feed's window, and each connection is written every batch since
 * its last write at once: a change waits for one pass, not for the pass in flight and
 * then its own.
 */
final class SeatStreamFanOut implements FrameFanOut {

	private final EventId eventId;

	private final SeatFeeds feeds;

	private final Watchers watchers;

	/**
	 * Connections a sweep writes before it lets its event loop read and answer its other
	 * channels ({@code marquee.live.sweep-chunk}).
	 */
	private final int chunk;

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

	private final Map<EventLoop, Sockets> loops = new ConcurrentHashMap<>();

	private final AtomicInteger sockets = new AtomicInteger();

	private final AtomicInteger deflating = new AtomicInteger();

	/** The last snapshot's frame and its encodings, shared by every connection. */
	private volatile SnapshotWire snapshot;

	SeatStreamFanOut(EventId eventId, SeatFeeds feeds, Watchers watchers, int chunk) {
		this.chunk = chunk;
		this.eventId = eventId;
		this.feeds = feeds;
		this.watchers = watchers;
	}

	/** On the socket's event loop. */
	void add(SeatSocket socket) {
		loops.computeIfAbsent(socket.loop(), loop -> new Sockets(loop, chunk)).sweep.add(socket);
		sockets.incrementAndGet();
		if (socket.deflates()) {
			deflating.incrementAndGet();
		}
	}

	/** On the socket's event loop. */
	void remove(SeatSocket socket) {
		Sockets group = loops.get(socket.loop());
		if (group != null && group.sweep.remove(socket)) {
			sockets.decrementAndGet();
			if (socket.deflates()) {
				deflating.decrementAndGet();
			}
		}
	}

	@Override
	public boolean watched() {
		return sockets.get() > 0;
	}

	@Override
	public CompletionStage<?> deliver(Frame frame) {
		if (sockets.get() > 0) {
			List<Sockets> groups = new ArrayList<>(loops.values());
			Encoded encoded = new Encoded(frame, sockets.get() > deflating.get(), deflating.get() > 0, groups.size());
			for (Sockets group : groups) {
				group.loop.execute(() -> group.sweep.take(encoded));
			}
		}
		// taken: each loop writes it when its sweep reaches each connection
		return DONE;
	}

	@Override
	public void startOver() {
		for (Sockets group : loops.values()) {
			group.loop.execute(() -> group.sweep.connections().forEach(SeatSocket::startOver));
		}
	}

	/**
	 * A snapshot to start from, read after this fan-out was attached to the feed (see
	 * {@link SeatFeeds#snapshotToWatch}).
	 */
	Mono<Frame> snapshot() {
		return feeds.snapshotToWatch(eventId);
	}

	/**
	 * The snapshot frame as a WebSocket frame for one connection: its encoding is made
	 * once per snapshot and kept, so a crowd reconnecting at one seq costs one encoding.
	 */
	ByteBuf snapshotWire(Frame frame, boolean deflate) {
		SnapshotWire last = snapshot;
		if (last == null || last.frame != frame) {
			last = new SnapshotWire(frame);
			snapshot = last;
		}
		return Unpooled.wrappedBuffer(last.bytes(deflate));
	}

	/** Counts a connection that stopped reading. */
	void stalled() {
		watchers.stalled();
	}

	/** Counts a connection started over from a fresh snapshot. */
	void resynced() {
		feeds.resynced();
	}

	/**
	 * The connections of one event loop and their {@link Sweep}; touched on that loop
	 * only.
	 */
	private static final class Sockets {

		final EventLoop loop;

		final Sweep<SeatSocket, Encoded> sweep;

		Sockets(EventLoop loop, int chunk) {
			this.loop = loop;
			// a scheduled task runs after the loop has read its channels
			this.sweep = new Sweep<>(chunk, SeatSocket::catchUp, Encoded::release,
					next -> loop.schedule(next, 0, TimeUnit.NANOSECONDS));
		}

	}

	/**
	 * One batch's frame, encoded in direct memory once for each kind of connection that
	 * watches; each write takes a retained duplicate, and the fan-out's own reference is
	 * released once every event loop is done with it.
	 */
	static final class Encoded {

		final Frame frame;

		/** The event loops still holding it. */
		private final AtomicInteger holders;

		private volatile ByteBuf plain;

		private volatile ByteBuf deflated;

		Encoded(Frame frame, boolean plain, boolean deflated, int holders) {
			this.frame = frame;
			this.holders = new AtomicInteger(holders);
			this.plain = plain ? direct(WireFrame.plain(frame.bytes())) : null;
			this.deflated = deflated ? direct(WireFrame.deflated(frame.bytes())) : null;
		}

		private static ByteBuf direct(byte[] bytes) {
			return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
		}

		/** The frame for a connection; made for it alone if it joined after the count. */
		ByteBuf wire(boolean deflate) {
			// asked for every connection of every pass: no lock once it is made
			ByteBuf made = deflate ? deflated : plain;
			return (made != null) ? made : make(deflate);
		}

		private synchronized ByteBuf make(boolean deflate) {
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

		/** An event loop is done with it; the last one frees its memory. */
		void release() {
			if (holders.decrementAndGet() == 0) {
				free();
			}
		}

		private synchronized void free() {
			if (plain != null) {
				plain.release();
			}
			if (deflated != null) {
				deflated.release();
			}
		}

	}

	/** A snapshot frame with its encodings, each made on first use. */
	private static final class SnapshotWire {

		final Frame frame;

		private byte[] plain;

		private byte[] deflated;

		SnapshotWire(Frame frame) {
			this.frame = frame;
		}

		synchronized byte[] bytes(boolean deflate) {
			if (deflate) {
				if (deflated == null) {
					deflated = WireFrame.deflated(frame.bytes());
				}
				return deflated;
			}
			if (plain == null) {
				plain = WireFrame.plain(frame.bytes());
			}
			return plain;
		}

	}

}
