package dev.marquee.live.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventNotFound;
import dev.marquee.live.LiveProperties;
import dev.marquee.live.SeatFeeds;
import dev.marquee.live.Watchers;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * {@code /ws/events/{eventId}}: a snapshot, then every change as a delta with
 * {@code seq}. A client that sees a gap sends {@code {"type":"resync"}} and gets a fresh
 * snapshot (at most one per {@code marquee.live.resync-interval}; asks in between get one
 * snapshot when it ends). The server pings every {@code marquee.live.heartbeat} and
 * closes (4408) a client silent for three heartbeats, so dead connections are reaped; an
 * unknown event is closed with code 4404, a watcher past the node's
 * {@code marquee.live.max-watchers} with 1013 (try again later), and one that stopped
 * reading for {@code marquee.live.stall-timeout} with 4429 (see {@link SeatSocket}), and
 * every watcher of a node that shuts down with 1001 (see {@link Departure}).
 * <p>
 * A route of the Netty server itself, beside the application's handler: each connection
 * is written to directly on its channel ({@link SeatStreamFanOut}), which the reactive
 * session of Spring's WebSocket support does not expose. Messages are compressed
 * ({@code permessage-deflate}) for clients that offer it, once for all of them.
 */
@Configuration(proxyBeanMethods = false)
class SeatStreamWebSocket {

	private static final Logger log = LoggerFactory.getLogger(SeatStreamWebSocket.class);

	static final int UNKNOWN_EVENT = 4404;

	/** RFC 6455's "try again later". */
	static final int AT_LIMIT = 1013;

	/** A client sends only small messages (a resync request, a pong). */
	private static final int MAX_CLIENT_FRAME = 64 * 1024;

	private final SeatFeeds feeds;

	private final LiveProperties properties;

	private final Watchers watchers;

	private final Departure departure;

	private final Map<EventId, SeatStreamFanOut> fanOuts = new ConcurrentHashMap<>();

	SeatStreamWebSocket(SeatFeeds feeds, LiveProperties properties, Watchers watchers, Departure departure) {
		this.feeds = feeds;
		this.properties = properties;
		this.watchers = watchers;
		this.departure = departure;
	}

	@Bean
	NettyRouteProvider seatStreamRoute() {
		WebsocketServerSpec spec = WebsocketServerSpec.builder()
			.compress(properties.compress())
			// every message is compressed on its own anyway
			.compressionAllowServerNoContext(true)
			.maxFramePayloadLength(MAX_CLIENT_FRAME)
			.build();
		return routes -> routes.ws("/ws/events/{eventId}", this::handle, spec);
	}

	private Publisher<Void> handle(WebsocketInbound in, WebsocketOutbound out) {
		String text = (in instanceof HttpServerRequest request) ? request.param("eventId") : null;
		return Mono.fromCallable(() -> EventId.parse(text))
			.flatMap(eventId -> feeds.requireEvent(eventId).then(Mono.defer(() -> watch(in, out, eventId))))
			.onErrorResume(EventNotFound.class, ex -> out.sendClose(UNKNOWN_EVENT, "unknown event"))
			.onErrorResume(ex -> {
				log.debug("Seat stream of event {} ended: {}", text, ex.toString());
				return out.sendClose(1011, "server error");
			});
	}

	private Mono<Void> watch(WebsocketInbound in, WebsocketOutbound out, EventId eventId) {
		if (!watchers.admit()) {
			return out.sendClose(AT_LIMIT, "this node serves its limit of seat streams; try again shortly");
		}
		Channel[] connection = new Channel[1];
		in.withConnection(c -> connection[0] = c.channel());
		Channel channel = connection[0];
		int buffer = (int) properties.watcherBuffer().toBytes();
		channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(buffer / 2, buffer));
		channel.config().setOption(ChannelOption.SO_SNDBUF, buffer);
		boolean deflate = channel.pipeline().get(WebSocketExtensionEncoder.class) != null;
		SeatStreamFanOut fanOut = fanOuts.computeIfAbsent(eventId, id -> {
			SeatStreamFanOut created = new SeatStreamFanOut(id, feeds, watchers, properties.sweepChunk(),
					properties.coalesceWindow());
			feeds.attach(id, created);
			return created;
		});
		SeatSocket socket = new SeatSocket(channel, deflate, fanOut, properties);
		channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, "marquee.seatSocket", new Writability(socket));
		channel.closeFuture().addListener(closed -> {
			socket.closed();
			watchers.leave();
		});
		departure.watch(channel, socket);
		channel.eventLoop().execute(socket::start);
		return in.receiveFrames().doOnNext(frame -> {
			socket.heard();
			if (frame instanceof TextWebSocketFrame message && message.text().contains("\"resync\"")) {
				socket.resyncAsked();
			}
		})
			.then()
			// the peer hung up without a close frame (a FIN, or a reset from a crashed
			// client or a dropped network): the stream is over, no error of the server's
			.onErrorResume(ex -> ex instanceof AbortedException || AbortedException.isConnectionReset(ex),
					ex -> Mono.empty());
	}

	/** Tells the socket when its channel's writability changes. */
	private static final class Writability extends ChannelInboundHandlerAdapter {

		private final SeatSocket socket;

		Writability(SeatSocket socket) {
			this.socket = socket;
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext ctx) {
			socket.writabilityChanged();
			ctx.fireChannelWritabilityChanged();
		}

	}

}
