package dev.marquee.live.web;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.live.Frame;
import dev.marquee.live.LiveProperties;

/**
 * One WebSocket watcher of an event, written to directly on its channel's event loop
 * (every method runs there). It starts from a snapshot, then takes, on each pass of its
 * event loop's {@link Sweep}, one frame merging the changes it has not had, as the shared
 * bytes of a whole WebSocket frame.
 * <p>
 * A watcher that stops reading fills its socket and then the channel's small outbound
 * buffer ({@code marquee.live.watcher-buffer}); once the channel reports it is not
 * writable the watcher is <em>stalled</em>: it is sent nothing more, so nothing grows and
 * nobody else waits. When it reads again and the channel drains, it starts over from a
 * fresh snapshot; stalled for {@code marquee.live.stall-timeout}, it is closed (4429). A
 * gap in the changes (the feed gave up waiting for one), a start-over of the feed and the
 * client's {@code {"type":"resync"}} (at most one per
 * {@code marquee.live.resync-interval}) all start it over the same way: the frames that
 * arrive while the snapshot is read wait, then those after the snapshot's seq follow it.
 */
final class SeatSocket {

	private static final Logger log = LoggerFactory.getLogger(SeatSocket.class);

	static final int STALLED_CODE = 4429;

	static final int SILENT_CODE = 4408;

	private enum State {

		/** A snapshot is on its way; frames wait. */
		STARTING,
		/** Each frame is written as it comes. */
		LIVE,
		/** The peer stopped reading: nothing is written until the channel drains. */
		STALLED,
		/** Closing or closed. */
		CLOSED

	}

	private record Waiting(Frame frame, ByteBuf wire) {
	}

	private final Channel channel;

	private final boolean deflate;

	private final SeatStreamFanOut fanOut;

	private final LiveProperties properties;

	private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

	private State state = State.STARTING;

	private long lastSeq;

	/** The seq of the last change the sweep gave it, written or not. */
	private long offered = Long.MIN_VALUE;

	/** A start-over came while the snapshot was being read: read another. */
	private boolean snapshotStale;

	private final ResyncAsks resyncAsks;

	private boolean resyncAfterSnapshot;

	private long lastHeardNanos = System.nanoTime();

	private long stalls;

	private ScheduledFuture<?> heartbeat;

	SeatSocket(Channel channel, boolean deflate, SeatStreamFanOut fanOut, LiveProperties properties) {
		this.channel = channel;
		this.deflate = deflate;
		this.fanOut = fanOut;
		this.properties = properties;
		this.resyncAsks = new ResyncAsks(channel.eventLoop(), properties.resyncInterval(), this::answerResync);
	}

	EventLoop loop() {
		return channel.eventLoop();
	}

	/** Joins the fan-out and reads the first snapshot; pings from now on. */
	void start() {
		if (state == State.CLOSED) {
			return;
		}
		fanOut.add(this);
		long interval = properties.heartbeat().toNanos();
		heartbeat = loop().scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.NANOSECONDS);
		readSnapshot();
	}

	/**
	 * What its event loop has that it has not had: one merged frame (or, past a change
	 * the feed gave up on, one more), written together with one flush.
	 */
	void catchUp(Backlog backlog) {
		boolean wrote = false;
		Backlog.Wire next;
		while ((next = backlog.after(offered)) != null) {
			offered = next.frame.seq();
			wrote |= offer(next.frame, next.bytes(deflate));
		}
		if (wrote) {
			channel.flush();
		}
	}

	/**
	 * A merged frame; {@code wire} is its shared bytes (not ours to release). True if it
	 * was written (to be flushed).
	 */
	private boolean offer(Frame frame, ByteBuf wire) {
		switch (state) {
			case LIVE -> {
				return send(frame, wire);
			}
			case STARTING -> {
				if (waiting.size() >= properties.subscriberBuffer()) {
					// the snapshot is slow in coming: a later one covers these
					clearWaiting();
					snapshotStale = true;
				}
				else {
					waiting.add(new Waiting(frame, wire.retainedDuplicate()));
				}
				return false;
			}
			default -> {
				return false;
			}
		}
	}

	/** Writes one frame if it continues the stream; false if it could not go on. */
	private boolean send(Frame frame, ByteBuf wire) {
		if (frame.seq() <= lastSeq) {
			return true;
		}
		if (frame.fromSeq() > lastSeq + 1) {
			// a change never came (the feed gave up waiting for it)
			restart();
			return false;
		}
		if (!channel.isWritable()) {
			stall();
			return false;
		}
		channel.write(wire.retainedDuplicate(), channel.voidPromise());
		lastSeq = frame.seq();
		return true;
	}

	/** Changes may have been lost: a fresh snapshot. */
	void startOver() {
		if (state == State.LIVE) {
			restart();
		}
		else if (state == State.STARTING) {
			snapshotStale = true;
		}
	}

	/**
	 * The client asked for a snapshot (it saw a gap): one now, unless it was given one
	 * for an ask less than {@code marquee.live.resync-interval} ago; then one when the
	 * interval ends, for all the asks in between.
	 */
	void resyncAsked() {
		if (state != State.CLOSED && state != State.STALLED) {
			resyncAsks.ask();
		}
	}

	private void answerResync() {
		if (state == State.LIVE) {
			state = State.STARTING;
			clearWaiting();
			readSnapshot();
		}
		else if (state == State.STARTING) {
			// the snapshot on its way may predate what the client saw: one more after it
			resyncAfterSnapshot = true;
		}
	}

	/** Anything from the client shows it is alive. */
	void heard() {
		lastHeardNanos = System.nanoTime();
	}

	/** The channel's writability changed: a stalled watcher that drained starts over. */
	void writabilityChanged() {
		if (state == State.STALLED && channel.isWritable()) {
			log.debug("Seat stream {} reads again; it starts over from a snapshot", channel.id());
			restart();
		}
	}

	/** The channel closed. */
	void closed() {
		boolean started = heartbeat != null;
		state = State.CLOSED;
		clearWaiting();
		if (started) {
			heartbeat.cancel(false);
			fanOut.remove(this);
		}
	}

	private void restart() {
		fanOut.resynced();
		state = State.STARTING;
		clearWaiting();
		readSnapshot();
	}

	private void readSnapshot() {
		snapshotStale = false;
		fanOut.snapshot()
			.subscribe(frame -> loop().execute(() -> snapshotRead(frame)), failure -> loop().execute(() -> {
				log.debug("Seat stream {} could not read a snapshot: {}", channel.id(), failure.toString());
				close(1011, "the seat map could not be read; reconnect");
			}));
	}

	private void snapshotRead(Frame snapshot) {
		if (state != State.STARTING) {
			return;
		}
		if (snapshotStale) {
			clearWaiting();
			readSnapshot();
			return;
		}
		if (!channel.isWritable()) {
			stall();
			return;
		}
		channel.write(fanOut.snapshotWire(snapshot, deflate), channel.voidPromise());
		lastSeq = snapshot.seq();
		state = State.LIVE;
		while (!waiting.isEmpty()) {
			Waiting next = waiting.poll();
			try {
				if (!send(next.frame(), next.wire())) {
					break;
				}
			}
			finally {
				next.wire().release();
			}
		}
		clearWaiting();
		channel.flush();
		if (resyncAfterSnapshot && state == State.LIVE) {
			resyncAfterSnapshot = false;
			state = State.STARTING;
			readSnapshot();
		}
	}

	private void stall() {
		fanOut.stalled();
		state = State.STALLED;
		clearWaiting();
		long stall = ++stalls;
		loop().schedule(() -> {
			if (state == State.STALLED && stalls == stall) {
				close(STALLED_CODE, "stopped reading the seat stream");
			}
		}, properties.stallTimeout().toNanos(), TimeUnit.NANOSECONDS);
	}

	private void beat() {
		if (state == State.CLOSED) {
			return;
		}
		if (System.nanoTime() - lastHeardNanos > 3 * properties.heartbeat().toNanos()) {
			close(SILENT_CODE, "no pong within three heartbeats");
		}
		else if (state != State.STALLED) {
			channel.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER), channel.voidPromise());
		}
	}

	/**
	 * Sends a close frame and closes: at once once it is written, and in any case after a
	 * second (a stalled peer may never read it).
	 */
	void close(int code, String reason) {
		if (state == State.CLOSED) {
			return;
		}
		state = State.CLOSED;
		clearWaiting();
		channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
		loop().schedule(() -> {
			channel.close();
		}, 1, TimeUnit.SECONDS);
	}

	private void clearWaiting() {
		Waiting next;
		while ((next = waiting.poll()) != null) {
			next.wire().release();
		}
	}

}
