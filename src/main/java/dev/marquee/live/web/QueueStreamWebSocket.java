package dev.marquee.live.web;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.LiveProperties;
import dev.marquee.live.QueueFeeds;
import dev.marquee.shared.NotFound;

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
import reactor.core.publisher.Sinks;

/**
 * {@code /ws/events/{eventId}/queue/{queueTicket}}: {@code {"type":"position", ...}} whenever the
 * ticket's position changes, then {@code {"type":"admitted", "admissionToken": ...}} (or
 * {@code "expired"}), after which the server closes the socket normally. The unguessable ticket
 * id is the capability (browsers cannot send headers on a WebSocket); the token it delivers only
 * works for the ticket's own user. An unknown event or ticket is closed with code 4404.
 */
@Configuration(proxyBeanMethods = false)
class QueueStreamWebSocket implements WebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(QueueStreamWebSocket.class);

	static final CloseStatus UNKNOWN_TICKET = new CloseStatus(4404, "unknown event or queue ticket");

	private static final PathPattern PATH = PathPatternParser.defaultInstance
		.parse("/ws/events/{eventId}/queue/{queueTicket}");

	private final QueueFeeds feeds;

	private final LiveProperties properties;

	private final JsonMapper json;

	QueueStreamWebSocket(QueueFeeds feeds, LiveProperties properties, JsonMapper json) {
		this.feeds = feeds;
		this.properties = properties;
		this.json = json;
	}

	@Bean
	HandlerMapping queueStreamMapping() {
		return new SimpleUrlHandlerMapping(Map.of("/ws/events/*/queue/*", this), -1);
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		var match = PATH.matchAndExtract(PathContainer.parsePath(session.getHandshakeInfo().getUri().getPath()));
		String eventId = match == null ? "" : match.getUriVariables().get("eventId");
		String ticket = match == null ? "" : match.getUriVariables().get("queueTicket");
		Heartbeat heartbeat = new Heartbeat(session, properties.heartbeat());
		return feeds.watch(eventId, ticket).flatMap(watch -> {
			Sinks.Empty<Void> done = Sinks.empty();
			// close (1000) right after the last message, while the outbound is still open: once it
			// completes, the server would close without a status
			Flux<WebSocketMessage> messages = watch
				.map(message -> session.textMessage(json.writeValueAsString(message)))
				.concatWith(Mono.defer(() -> session.close(CloseStatus.NORMAL)).then(Mono.empty()))
				.doOnComplete(done::tryEmitEmpty);
			// pongs keep the client alive; the pings and the listening end with the admission
			Flux<WebSocketMessage> pings = heartbeat.pings().takeUntilOther(done.asMono());
			Flux<WebSocketMessage> heard = heartbeat.inbound().takeUntilOther(done.asMono()).ignoreElements().flux();
			return session.send(Flux.merge(messages, pings, heard));
		})
			.onErrorResume(NotFound.class, ex -> session.close(UNKNOWN_TICKET))
			.onErrorResume(ex -> {
				log.debug("Queue stream of ticket {} ended: {}", ticket, ex.toString());
				return session.close(CloseStatus.SERVER_ERROR);
			});
	}

}
