package dev.marquee.live.web;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventNotFound;
import dev.marquee.live.LiveProperties;
import dev.marquee.live.SeatFeeds;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /ws/events/{eventId}}: a snapshot, then every change as a delta with
 * {@code seq}. A client that sees a gap sends {@code {"type":"resync"}} and gets a fresh
 * snapshot (at most one per {@code marquee.live.resync-interval}; asks in between get one
 * snapshot when it ends). The server pings every {@code marquee.live.heartbeat} and
 * closes (4408) a client silent for three heartbeats, so dead connections are reaped; an
 * unknown event is closed with code 4404.
 */
@Configuration(proxyBeanMethods = false)
class SeatStreamWebSocket implements WebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(SeatStreamWebSocket.class);

	static final CloseStatus UNKNOWN_EVENT = new CloseStatus(4404, "unknown event");

	private static final PathPattern PATH = PathPatternParser.defaultInstance.parse("/ws/events/{eventId}");

	private final SeatFeeds feeds;

	private final LiveProperties properties;

	SeatStreamWebSocket(SeatFeeds feeds, LiveProperties properties) {
		this.feeds = feeds;
		this.properties = properties;
	}

	@Bean
	HandlerMapping seatStreamMapping() {
		return new SimpleUrlHandlerMapping(Map.of("/ws/events/*", this), -1);
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		var match = PATH.matchAndExtract(PathContainer.parsePath(session.getHandshakeInfo().getUri().getPath()));
		String text = match == null ? "" : match.getUriVariables().get("eventId");
		return Mono.fromCallable(() -> EventId.parse(text))
			.flatMap(eventId -> stream(session, eventId))
			.onErrorResume(EventNotFound.class, ex -> session.close(UNKNOWN_EVENT))
			.onErrorResume(ex -> {
				log.debug("Seat stream of event {} ended: {}", text, ex.toString());
				return session.close(CloseStatus.SERVER_ERROR);
			});
	}

	private Mono<Void> stream(WebSocketSession session, EventId eventId) {
		// the frame's UTF-8 bytes, encoded once for every subscriber, wrapped without a
		// copy
		Flux<WebSocketMessage> frames = feeds.stream(eventId)
			.map(frame -> new WebSocketMessage(WebSocketMessage.Type.TEXT,
					session.bufferFactory().wrap(frame.bytes())));
		// anything from the client (a pong, a resync) shows it is alive; three silent
		// heartbeats end it
		Heartbeat heartbeat = new Heartbeat(session, properties.heartbeat());
		Flux<WebSocketMessage> resyncs = heartbeat.inbound()
			.filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
			.map(WebSocketMessage::getPayloadAsText)
			.filter(text -> text.contains("\"resync\""))
			// at most one snapshot per resync interval; asks in between are answered by
			// one after it
			.onBackpressureLatest()
			.concatMap(text -> feeds.snapshot(eventId)
				.concatWith(Mono.delay(properties.resyncInterval()).then(Mono.empty())), 0)
			.map(frame -> session.textMessage(frame.text()));
		Flux<WebSocketMessage> pings = heartbeat.pings();
		return feeds.requireEvent(eventId).then(Mono.defer(() -> session.send(Flux.merge(frames, resyncs, pings))));
	}

}
