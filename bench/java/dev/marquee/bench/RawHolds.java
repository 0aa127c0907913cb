package dev.marquee.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import org.HdrHistogram.Histogram;

/**
 * The fan-out benchmark's hold generator on raw Netty and its own event loop thread:
 * single-seat holds at a steady rate over keep-alive HTTP/1.1 connections, one request in
 * flight on each, the rest waiting for a free one. A hold costs the client about a tenth
 * of a millisecond of its only core (through WebClient, over a millisecond).
 */
final class RawHolds {

	private static final long NONE = Long.MIN_VALUE;

	private final EventLoopGroup group = NettyLoops.single("holds");

	private final EventLoop loop = this.group.next();

	private final URI base;

	private final String path;

	private final List<String> tokens;

	// confined to the event loop
	private final ArrayDeque<Channel> idle = new ArrayDeque<>();

	private final ArrayDeque<Hold> waiting = new ArrayDeque<>();

	/** From a hold being due to its answer, microseconds, of the last run. */
	private final Histogram answers = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);

	private final Map<String, Integer> failures = new TreeMap<>();

	private long answered;

	private CountDownLatch done = new CountDownLatch(0);

	private long expected;

	/**
	 * Holds of seats of one event.
	 * @param base the server ({@code http://host:port})
	 * @param eventId the event
	 * @param tokens the buyers' bearer tokens, taken in turn
	 * @param connections how many connections to open
	 */
	RawHolds(URI base, String eventId, List<String> tokens, int connections)
			throws InterruptedException, ExecutionException {
		this.base = base;
		this.path = "/api/v1/events/" + eventId + "/holds";
		this.tokens = tokens;
		Bootstrap bootstrap = new Bootstrap().group(this.loop)
			.channel(NettyLoops.socketChannel())
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Answers());
				}
			});
		for (int i = 0; i < connections; i++) {
			Channel channel = bootstrap.connect(base.getHost(), base.getPort()).sync().channel();
			this.loop.submit(() -> this.idle.add(channel)).get();
		}
	}

	/**
	 * Sends {@code count} holds at {@code rate} a second from now, then waits for their
	 * answers (at most {@code timeoutSeconds} after the last was due).
	 * @param seat the seat of hold {@code i}
	 * @param sending told the seat of each hold just before it is sent (or queued)
	 * @return whether every hold was answered in time
	 */
	boolean run(int count, int rate, IntFunction<String> seat, SeatSending sending, int timeoutSeconds)
			throws InterruptedException {
		CountDownLatch finished = new CountDownLatch(1);
		long start = System.nanoTime();
		this.loop.execute(() -> {
			this.done = finished;
			this.answers.reset();
			this.expected = this.answered + count;
			new Ticker(count, rate, start, seat, sending).run();
		});
		long last = start + (count - 1L) * 1_000_000_000L / rate;
		long wait = Math.max(0, last - System.nanoTime()) + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		return finished.await(wait, TimeUnit.NANOSECONDS);
	}

	/**
	 * Holds that failed so far, by status (or by what happened), read on the event loop.
	 */
	Map<String, Integer> failures() throws InterruptedException, ExecutionException {
		return this.loop.submit(() -> (Map<String, Integer>) new TreeMap<>(this.failures)).get();
	}

	/**
	 * How long the last run's holds took from being due to being answered (microseconds),
	 * a copy.
	 */
	Histogram answers() throws InterruptedException, ExecutionException {
		return this.loop.submit(this.answers::copy).get();
	}

	void close() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	private void send(Hold hold) {
		Channel channel = this.idle.poll();
		if (channel == null) {
			this.waiting.add(hold);
		}
		else {
			write(channel, hold);
		}
	}

	private static void write(Channel channel, Hold hold) {
		channel.pipeline().get(Answers.class).due = hold.due();
		channel.writeAndFlush(hold.request());
	}

	private void answer(Channel channel, long due, String failure) {
		this.answered++;
		this.answers.recordValue(
				Math.min(this.answers.getHighestTrackableValue(), Math.max(0, (System.nanoTime() - due) / 1_000)));
		if (failure != null) {
			this.failures.merge(failure, 1, Integer::sum);
		}
		if (this.answered >= this.expected) {
			this.done.countDown();
		}
		if (!channel.isActive()) {
			return;
		}
		Hold next = this.waiting.poll();
		if (next == null) {
			this.idle.add(channel);
		}
		else {
			write(channel, next);
		}
	}

	/** A hold's request, and when it was due. */
	private record Hold(FullHttpRequest request, long due) {
	}

	/** Tells the harness which seat a hold is about to ask for. */
	@FunctionalInterface
	interface SeatSending {

		void sending(String seat);

	}

	/** Sends the holds that are due, then waits on the event loop for the next one. */
	private final class Ticker implements Runnable {

		private final int count;

		private final long start;

		private final long period;

		private final IntFunction<String> seat;

		private final SeatSending sending;

		private int next;

		Ticker(int count, int rate, long start, IntFunction<String> seat, SeatSending sending) {
			this.count = count;
			this.start = start;
			this.period = 1_000_000_000L / rate;
			this.seat = seat;
			this.sending = sending;
		}

		@Override
		public void run() {
			long now = System.nanoTime();
			while (this.next < this.count && this.start + this.next * this.period <= now) {
				String seat = this.seat.apply(this.next);
				byte[] body = ("{\"seatIds\":[\"" + seat + "\"]}").getBytes(StandardCharsets.UTF_8);
				FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
						RawHolds.this.path, Unpooled.wrappedBuffer(body));
				request.headers()
					.set(HttpHeaderNames.HOST, RawHolds.this.base.getHost() + ":" + RawHolds.this.base.getPort())
					.set(HttpHeaderNames.AUTHORIZATION,
							"Bearer " + RawHolds.this.tokens.get(this.next % RawHolds.this.tokens.size()))
					.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
					.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
					.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
				this.sending.sending(seat);
				send(new Hold(request, this.start + this.next * this.period));
				this.next++;
			}
			if (this.next < this.count) {
				RawHolds.this.loop.schedule(this, this.start + this.next * this.period - System.nanoTime(),
						TimeUnit.NANOSECONDS);
			}
		}

	}

	/** A connection's answers; one that closes fails the request it carried. */
	private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {

		/** When the hold in flight was due, or NONE. */
		private long due = NONE;

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
			long due = this.due;
			this.due = NONE;
			int status = response.status().code();
			answer(ctx.channel(), due, (status >= 200 && status < 300) ? null : String.valueOf(status));
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			RawHolds.this.idle.remove(ctx.channel());
			if (this.due != NONE) {
				long due = this.due;
				this.due = NONE;
				answer(ctx.channel(), due, "connection closed");
			}
			super.channelInactive(ctx);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
