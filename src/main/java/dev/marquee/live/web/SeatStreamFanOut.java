package dev.marquee.live.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;

import dev.marquee.catalog.EventId;
import dev.marquee.live.Frame;
import dev.marquee.live.FrameFanOut;
import dev.marquee.live.ReleasedChange;
import dev.marquee.live.SeatFeeds;
import dev.marquee.live.Watchers;

import reactor.core.publisher.Mono;

/**
 * The WebSocket connections watching one event on this node, grouped by the Netty event
 * loop each belongs to. Each change the feed releases goes to every event loop, whose
 * {@link Sweep} writes its connections in passes: each connection is written, in one
 * write, one frame merging every change it has not had. A merged frame is made once for
 * all the connections that had the same changes (those written at the same point of the
 * last pass: a few frames a pass), encoded in direct memory (plain, or compressed for the
 * connections that accepted it), and the same bytes go to each: no reactive chain, queue
 * or copy per connection. Under load a pass over the connections takes longer than the
 * feed's window; a change then waits for one pass, and for no window on top of it.
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

	/**
	 * The least time from one pass's start to the next
	 * ({@code marquee.live.coalesce-window}).
	 */
	private final long intervalNanos;

	private final Map<EventLoop, Sockets> loops = new ConcurrentHashMap<>();

	private final AtomicInteger sockets = new AtomicInteger();

	/** The last snapshot's frame and its encodings, shared by every connection. */
	private volatile SnapshotWire snapshot;

	SeatStreamFanOut(EventId eventId, SeatFeeds feeds, Watchers watchers, int chunk, Duration interval) {
		this.chunk = chunk;
		this.intervalNanos = interval.toNanos();
		this.eventId = eventId;
		this.feeds = feeds;
		this.watchers = watchers;
	}

	/** On the socket's event loop. */
	void add(SeatSocket socket) {
		loops.computeIfAbsent(socket.loop(), loop -> new Sockets(loop, chunk, intervalNanos)).sweep.add(socket);
		sockets.incrementAndGet();
	}

	/** On the socket's event loop. */
	void remove(SeatSocket socket) {
		Sockets group = loops.get(socket.loop());
		if (group != null && group.sweep.remove(socket)) {
			sockets.decrementAndGet();
		}
	}

	@Override
	public boolean watched() {
		return sockets.get() > 0;
	}

	@Override
	public void deliver(ReleasedChange change) {
		if (sockets.get() > 0) {
			for (Sockets group : loops.values()) {
				group.loop.execute(() -> group.take(change));
			}
		}
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
	 * The connections of one event loop, their {@link Sweep} and its {@link Backlog};
	 * touched on that loop only.
	 */
	private static final class Sockets {

		final EventLoop loop;

		final Backlog backlog = new Backlog();

		final Sweep<SeatSocket, ReleasedChange> sweep;

		Sockets(EventLoop loop, int chunk, long intervalNanos) {
			this.loop = loop;
			// a task scheduled with no delay runs after the loop has read its channels
			this.sweep = new Sweep<>(chunk, intervalNanos, System::nanoTime,
					(socket, changes) -> socket.catchUp(backlog.over(changes)), released -> backlog.forget(),
					(task, delay) -> loop.schedule(task, delay, TimeUnit.NANOSECONDS));
		}

		void take(ReleasedChange change) {
			backlog.taken(change);
			sweep.take(change);
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
