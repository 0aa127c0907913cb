package dev.marquee.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.HdrHistogram.Histogram;

/**
 * The fan-out benchmark's watchers, on raw Netty and one event loop thread (the client
 * runs pinned to one core): N WebSocket connections to one seat stream, each checking its
 * frames' seqs (a batch that does not continue from the last seq is a gap: the server
 * lost a delivery) and recording, for every measured change a frame carries, the time
 * from sending its hold to receiving it. Each distinct message is decoded once
 * ({@link SeatFrames}), so a delivery costs a lookup and a histogram entry, no String.
 * <p>
 * With {@code deflate} the handshake offers permessage-deflate, but no compression
 * handler is installed: compressed frames are looked up by their compressed bytes and
 * inflated only when not seen before. Stalled watchers stop reading after their first
 * snapshot (with a small receive buffer), are not measured, and are resumed at the end to
 * see how the server dealt with them.
 */
final class RawWatchers {

	/** Handshakes in flight at once. */
	private static final int CONNECTING = 200;

	private static final int ATTEMPTS = 5;

	/** Latencies above this (an overloaded server) are recorded as this. */
	private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

	private final List<URI> uris;

	private final AtomicInteger spread = new AtomicInteger();

	private final EventLoopGroup group = NettyLoops.single("watchers");

	private final EventLoop loop = this.group.next();

	private final HttpHeaders headers = new DefaultHttpHeaders();

	private final Semaphore connecting = new Semaphore(CONNECTING);

	private final SeatFrames frames;

	// confined to the event loop
	private final Histogram latency = new Histogram(HIGHEST_MICROS, 3);

	private final long[] slowest;

	private final List<Watcher> stalled = new ArrayList<>();

	private final Map<String, Integer> lost = new TreeMap<>();

	private long received;

	private long compressed;

	private long wireBytes;

	private long plainBytes;

	private long gaps;

	private long resyncs;

	private long latestSeq = Long.MIN_VALUE;

	private volatile String extensions;

	// read by the harness while it waits
	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong warmUps = new AtomicLong();

	private final AtomicInteger connected = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	/**
	 * Watchers of the seat stream at {@code uri}.
	 * @param uri the stream, {@code ws://host:port/ws/events/{id}}
	 * @param deflate whether to offer permessage-deflate
	 * @param frames the decoder of the stream's messages
	 * @param changes how many measured changes there are (numbered from 0)
	 */
	RawWatchers(URI uri, boolean deflate, SeatFrames frames, int changes) {
		this(List.of(uri), deflate, frames, changes);
	}

	/**
	 * Watchers of the same event's seat stream on several nodes, spread over them in
	 * turn.
	 */
	RawWatchers(List<URI> uris, boolean deflate, SeatFrames frames, int changes) {
		this.uris = List.copyOf(uris);
		this.frames = frames;
		this.slowest = new long[changes];
		if (deflate) {
			// offered, but no compression handler: frames are decoded as they arrive
			this.headers.add(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; client_max_window_bits");
		}
	}

	/**
	 * Connects {@code count} watchers, at most {@value #CONNECTING} handshakes in flight;
	 * returns when each has had its first snapshot or given up after {@value #ATTEMPTS}
	 * attempts, or at the deadline.
	 * @param count how many
	 * @param stall whether they stop reading after their first snapshot
	 * @param timeoutSeconds the deadline
	 * @return whether all of them are done (connected or given up) by the deadline
	 */
	boolean connect(int count, boolean stall, long timeoutSeconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		int done = this.connected.get() + this.failed.get() + count;
		for (int i = 0; i < count; i++) {
			if (!this.connecting.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				return false;
			}
			this.loop.execute(() -> open(new Watcher(stall, 1)));
		}
		while (this.connected.get() + this.failed.get() < done) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(10);
		}
		return true;
	}

	private void open(Watcher watcher) {
		Bootstrap bootstrap = new Bootstrap().group(this.loop)
			.channel(NettyLoops.socketChannel())
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					watcher.addTo(channel.pipeline());
				}
			});
		if (watcher.stall) {
			bootstrap.option(ChannelOption.SO_RCVBUF, 4096);
		}
		bootstrap.connect(watcher.target.getHost(), watcher.target.getPort()).addListener(future -> {
			if (!future.isSuccess()) {
				watcher.failed();
			}
		});
	}

	/** Measured changes delivered so far. */
	long delivered() {
		return this.delivered.get();
	}

	/** Warm-up changes delivered so far (to any watcher, any status). */
	long warmUps() {
		return this.warmUps.get();
	}

	/** Watchers that have had their first snapshot. */
	int connected() {
		return this.connected.get();
	}

	/** The extensions the server accepted in the last handshake (null: none). */
	String extensions() {
		return this.extensions;
	}

	/** Watchers that gave up connecting. */
	int failed() {
		return this.failed.get();
	}

	/** The counters of the measured watchers, read on their event loop. */
	Totals totals() throws InterruptedException, ExecutionException {
		return this.loop
			.submit(() -> new Totals(this.received, this.compressed, this.wireBytes, this.plainBytes, this.gaps,
					this.resyncs, this.frames.decoded, this.frames.undecodable, new TreeMap<>(this.lost)))
			.get();
	}

	/** The latencies so far (microseconds), a copy. */
	Histogram latency() throws InterruptedException, ExecutionException {
		return this.loop.submit(this.latency::copy).get();
	}

	/** Per measured change, its slowest receipt so far (microseconds), a copy. */
	long[] slowest() throws InterruptedException, ExecutionException {
		return this.loop.submit(this.slowest::clone).get();
	}

	/**
	 * Resumes reading on the stalled watchers, waits {@code seconds}, and describes what
	 * each got meanwhile: a fresh snapshot, a close frame (its status and reason), or the
	 * frames it had missed, continuing without a gap up to the latest seq.
	 */
	String resumeStalled(int seconds) throws InterruptedException, ExecutionException {
		List<Watcher> resumed = this.loop.submit(() -> {
			for (Watcher watcher : this.stalled) {
				watcher.resumed = true;
				watcher.channel.config().setAutoRead(true);
			}
			return List.copyOf(this.stalled);
		}).get();
		Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
		return this.loop.submit(() -> {
			int snapshots = 0;
			int closed = 0;
			int caughtUp = 0;
			int gapped = 0;
			Map<String, Integer> codes = new TreeMap<>();
			for (Watcher watcher : resumed) {
				snapshots += watcher.freshSnapshot ? 1 : 0;
				gapped += (watcher.gaps > 0) ? 1 : 0;
				if (watcher.closeCode != 0 || !watcher.channel.isActive()) {
					closed++;
					codes.merge((watcher.closeCode != 0) ? watcher.closeCode + " " + watcher.closeReason
							: "dropped without a close frame", 1, Integer::sum);
				}
				else if (!watcher.freshSnapshot && watcher.lastSeq >= this.latestSeq && watcher.gaps == 0) {
					caughtUp++;
				}
			}
			return "STALLED k=%d resumed_with_snapshot=%d closed=%d (codes %s) caught_up_without_gap=%d with_gaps=%d"
				.formatted(resumed.size(), snapshots, closed, codes.isEmpty() ? "none" : codes, caughtUp, gapped);
		}).get();
	}

	void close() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	/**
	 * One connection attempt of a watcher, and then the watcher; confined to the event
	 * loop.
	 */
	private final class Watcher extends RawWebSocket {

		private final boolean stall;

		private final int attempt;

		private Channel channel;

		private boolean started;

		private boolean retried;

		private long lastSeq;

		private long gaps;

		private boolean resumed;

		private boolean freshSnapshot;

		private int closeCode;

		private String closeReason;

		private final URI target;

		Watcher(boolean stall, int attempt) {
			this(stall, attempt, RawWatchers.this.uris
				.get(RawWatchers.this.spread.getAndIncrement() % RawWatchers.this.uris.size()));
		}

		private Watcher(boolean stall, int attempt, URI target) {
			super(target, RawWatchers.this.headers);
			this.target = target;
			this.stall = stall;
			this.attempt = attempt;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) throws Exception {
			// a handshake (or a first snapshot) that never comes would hold its permit
			ctx.executor().schedule(() -> {
				if (!this.started) {
					ctx.close();
				}
			}, 60, TimeUnit.SECONDS);
			super.channelActive(ctx);
		}

		@Override
		void onOpen(ChannelHandlerContext ctx, String extensions) {
			this.channel = ctx.channel();
			RawWatchers.this.extensions = extensions;
		}

		@Override
		void onClose(int status, String reason) {
			this.closeCode = status;
			this.closeReason = reason;
			if (!this.stall) {
				RawWatchers.this.lost.merge(status + " " + reason, 1, Integer::sum);
			}
		}

		@Override
		void onMessage(ChannelHandlerContext ctx, ByteBuf buf, int index, int length, boolean deflated) {
			long now = System.nanoTime();
			RawWatchers raw = RawWatchers.this;
			SeatFrames.Message message = raw.frames.lookup(buf, index, length, deflated);
			if (message.snapshot()) {
				if (!this.started) {
					this.started = true;
					raw.connected.incrementAndGet();
					raw.connecting.release();
					if (this.stall) {
						ctx.channel().config().setAutoRead(false);
						raw.stalled.add(this);
					}
				}
				else if (this.stall) {
					this.freshSnapshot |= this.resumed;
				}
				else {
					raw.resyncs++;
				}
				this.lastSeq = message.seq();
				return;
			}
			if (!this.started || message.seq() <= this.lastSeq) {
				return;
			}
			if (message.fromSeq() > this.lastSeq + 1) {
				this.gaps++;
				if (!this.stall) {
					raw.gaps++;
				}
			}
			this.lastSeq = message.seq();
			if (this.stall) {
				return;
			}
			raw.latestSeq = Math.max(raw.latestSeq, message.seq());
			raw.received++;
			raw.wireBytes += length;
			raw.plainBytes += message.plainBytes();
			raw.compressed += deflated ? 1 : 0;
			if (message.warmUps() > 0) {
				raw.warmUps.addAndGet(message.warmUps());
			}
			long[] sentAt = message.sentAt();
			if (sentAt.length == 0) {
				return;
			}
			int[] changes = message.changes();
			for (int i = 0; i < sentAt.length; i++) {
				long micros = Math.min(HIGHEST_MICROS, Math.max(0, (now - sentAt[i]) / 1_000));
				raw.latency.recordValue(micros);
				if (micros > raw.slowest[changes[i]]) {
					raw.slowest[changes[i]] = micros;
				}
			}
			raw.delivered.addAndGet(sentAt.length);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			if (!this.started) {
				failed();
			}
			else if (!this.stall && this.closeCode == 0) {
				RawWatchers.this.lost.merge("dropped without a close frame", 1, Integer::sum);
			}
			super.channelInactive(ctx);
		}

		/** This attempt failed before the first snapshot: try again, or give up. */
		void failed() {
			if (this.retried) {
				return;
			}
			this.retried = true;
			if (this.attempt < ATTEMPTS) {
				RawWatchers.this.loop.schedule(() -> open(new Watcher(this.stall, this.attempt + 1)),
						200L * this.attempt, TimeUnit.MILLISECONDS);
			}
			else {
				RawWatchers.this.failed.incrementAndGet();
				RawWatchers.this.connecting.release();
			}
		}

	}

	/**
	 * The measured watchers' counters.
	 *
	 * @param frames seat-change frames received (after the first snapshot)
	 * @param compressed how many of them were compressed
	 * @param wireBytes their payload bytes as received
	 * @param plainBytes their payload bytes uncompressed
	 * @param gaps frames that did not continue from their watcher's last seq
	 * @param resyncs snapshots after a watcher's first
	 * @param decoded distinct frames decoded (cache misses, every watcher included)
	 * @param undecodable frames that could not be inflated or parsed
	 * @param lost watchers that were closed, by close status and reason
	 */
	record Totals(long frames, long compressed, long wireBytes, long plainBytes, long gaps, long resyncs, long decoded,
			long undecodable, Map<String, Integer> lost) {
	}

}
