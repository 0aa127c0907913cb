package dev.marquee.live.web;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The node is shutting down (a deploy, a scale-in): every live stream ends so that its
 * client reconnects, through the load balancer, to a node that stays. Seat map WebSockets
 * are sent a close frame, 1001 "going away", and the node waits (at most
 * {@link #CLOSE_WAIT_SECONDS}) until they are closed; the other streams end on
 * {@link #departed()}. All of it before the web server's graceful shutdown, which would
 * otherwise wait its whole phase for streams that never end by themselves, then cut them
 * off with nothing said.
 */
@Component
final class Departure implements SmartLifecycle {

	static final int GOING_AWAY = 1001;

	static final String REASON = "this node is shutting down; reconnect";

	/** A stalled peer's close frame waits a second at most ({@link SeatSocket#close}). */
	private static final int CLOSE_WAIT_SECONDS = 2;

	private static final AttributeKey<SeatSocket> SEAT_SOCKET = AttributeKey.valueOf("marquee.seatSocket");

	private final ChannelGroup seatSockets = new DefaultChannelGroup("seat-streams", GlobalEventExecutor.INSTANCE);

	/** Completed when the node departs; a fresh one if it is started again. */
	private volatile Sinks.Empty<Void> departed = Sinks.empty();

	private volatile boolean running;

	private volatile boolean departing;

	/** True once the node has begun to shut down. */
	boolean departing() {
		return departing;
	}

	/** Completes when the node begins to shut down (or at once if it has). */
	Mono<Void> departed() {
		return Mono.defer(() -> departed.asMono());
	}

	/**
	 * How many streams wait for {@link #departed()}: a stream that ended must no longer
	 * be among them.
	 */
	int waiting() {
		return departed.currentSubscriberCount();
	}

	/**
	 * A seat map WebSocket to close when the node departs (at once if it already is);
	 * forgotten when its channel closes.
	 */
	void watch(Channel channel, SeatSocket socket) {
		channel.attr(SEAT_SOCKET).set(socket);
		seatSockets.add(channel);
		if (departing) {
			goAway(channel);
		}
	}

	/**
	 * Also after a stop that was not a shutdown: the test framework stops the contexts it
	 * keeps while they are not in use, and starts them again.
	 */
	@Override
	public void start() {
		if (departing) {
			departed = Sinks.empty();
			departing = false;
		}
		running = true;
	}

	@Override
	public void stop() {
		departing = true;
		departed.tryEmitEmpty();
		seatSockets.forEach(Departure::goAway);
		seatSockets.newCloseFuture().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Before the web server's graceful shutdown, which stops in a lower phase. */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

	private static void goAway(Channel channel) {
		SeatSocket socket = channel.attr(SEAT_SOCKET).get();
		channel.eventLoop().execute(() -> socket.close(GOING_AWAY, REASON));
	}

}
