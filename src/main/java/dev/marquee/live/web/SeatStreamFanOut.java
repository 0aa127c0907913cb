package dev.marquee.live.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
 * event loop in one task, which writes the same bytes to each of its connections: no
 * reactive chain, queue or copy per connection.
 */
final class SeatStreamFanOut implements FrameFanOut {

	private final EventId eventId;

	private final SeatFeeds feeds;

	private final Watchers watchers;

	private final Map<EventLoop, Sockets> loops = new ConcurrentHashMap<>();

	private final AtomicInteger sockets = new AtomicInteger();

	private final AtomicInteger deflating = new AtomicInteger();

	/** The last snapshot's frame and its encodings, shared by every connection. */
	private volatile SnapshotWire snapshot;

	SeatStreamFanOut(EventId eventId, SeatFeeds feeds, Watchers watchers) {
		this.eventId = eventId;
		this.feeds = feeds;
		this.watchers = watchers;
	}

	/** On the socket's event loop. */
	void add(SeatSocket socket) {
		loops.computeIfAbsent(socket.loop(), Sockets::new).list.add(socket);
		sockets.incrementAndGet();
		if (socket.deflates()) {
			deflating.incrementAndGet();
		}
	}

	/** On the socket's event loop. */
	void remove(SeatSocket socket) {
		Sockets group = loops.get(socket.loop());
		if (group != null && group.list.remove(socket)) {
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
		if (sockets.get() == 0) {
			return CompletableFuture.completedFuture(null);
		}
		Encoded encoded = new Encoded(frame, sockets.get() > deflating.get(), deflating.get() > 0);
		List<Sockets> groups = new ArrayList<>(loops.values());
		AtomicInteger remaining = new AtomicInteger(groups.size());
		CompletableFuture<Void> written = new CompletableFuture<>();
		for (Sockets group : groups) {
			group.loop.execute(() -> {
				try {
					group.offer(encoded);
				}
				finally {
					if (remaining.decrementAndGet() == 0) {
						encoded.release();
						written.complete(null);
					}
				}
			});
		}
		return written;
	}

	@Override
	public void startOver() {
		for (Sockets group : loops.values()) {
			group.loop.execute(() -> List.copyOf(group.list).forEach(SeatSocket::startOver));
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

	/** The connections of one event loop; touched on that loop only. */
	private static final class Sockets {

		final EventLoop loop;

		final List<SeatSocket> list = new ArrayList<>();

		Sockets(EventLoop loop) {
			this.loop = loop;
		}

		void offer(Encoded encoded) {
			ByteBuf plain = null;
			ByteBuf deflated = null;
			for (int i = 0; i < list.size(); i++) {
				SeatSocket socket = list.get(i);
				ByteBuf wire;
				if (socket.deflates()) {
					wire = (deflated != null) ? deflated : (deflated = encoded.wire(true));
				}
				else {
					wire = (plain != null) ? plain : (plain = encoded.wire(false));
				}
				socket.offer(encoded.frame, wire);
			}
		}

	}

	/**
	 * One batch's frame, encoded in direct memory once for each kind of connection that
	 * watches; each write takes a retained duplicate, and the fan-out's own reference is
	 * released once every event loop is done with it.
	 */
	static final class Encoded {

		final Frame frame;

		private ByteBuf plain;

		private ByteBuf deflated;

		Encoded(Frame frame, boolean plain, boolean deflated) {
			this.frame = frame;
			this.plain = plain ? direct(WireFrame.plain(frame.bytes())) : null;
			this.deflated = deflated ? direct(WireFrame.deflated(frame.bytes())) : null;
		}

		private static ByteBuf direct(byte[] bytes) {
			return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
		}

		/** The frame for a connection; made for it alone if it joined after the count. */
		synchronized ByteBuf wire(boolean deflate) {
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

		synchronized void release() {
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
