package dev.marquee.live.web;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.LiveProperties;
import dev.marquee.shared.NotFound;

import org.springframework.http.server.PathContainer;
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
 * A WebSocket that sends one watcher's messages until the story ends (an admission, an
 * offer), then closes normally (1000), or with 1001 when the node shuts down (the client
 * reconnects to another). The path's variables name what is watched; an unknown one is
 * closed with 4404. Heartbeats as on every Marquee socket.
 */
abstract class FiniteStreamSocket implements WebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(FiniteStreamSocket.class);

	static final CloseStatus UNKNOWN = new CloseStatus(4404, "unknown event or id");

	private static final CloseStatus GOING_AWAY = CloseStatus.GOING_AWAY.withReason(Departure.REASON);

	private final PathPattern path;

	private final LiveProperties properties;

	private final JsonMapper json;

	private final Departure departure;

	FiniteStreamSocket(String path, LiveProperties properties, JsonMapper json, Departure departure) {
		this.path = PathPatternParser.defaultInstance.parse(path);
		this.properties = properties;
		this.json = json;
		this.departure = departure;
	}

	/**
	 * The messages for the watched thing, read first so that an unknown one fails before
	 * any message.
	 */
	abstract Mono<? extends Flux<?>> messages(Map<String, String> variables);

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		var match = path.matchAndExtract(PathContainer.parsePath(session.getHandshakeInfo().getUri().getPath()));
		Map<String, String> variables = match == null ? Map.of() : match.getUriVariables();
		Heartbeat heartbeat = new Heartbeat(session, properties.heartbeat());
		return messages(variables).flatMap(watch -> {
			Sinks.Empty<Void> done = Sinks.empty();
			// close (1000) right after the last message, while the outbound is still
			// open: once it completes, the server would close without a status. A node
			// that shuts down ends the story early, with 1001: the client reconnects
			Flux<WebSocketMessage> messages = watch
				.map(message -> session.textMessage(json.writeValueAsString(message)))
				.takeUntilOther(departure.departed())
				.concatWith(Mono.defer(() -> session.close(departure.departing() ? GOING_AWAY : CloseStatus.NORMAL))
					.then(Mono.empty()))
				.doOnComplete(done::tryEmitEmpty);
			// pongs keep the client alive; the pings and the listening end with the story
			Flux<WebSocketMessage> pings = heartbeat.pings().takeUntilOther(done.asMono());
			Flux<WebSocketMessage> heard = heartbeat.inbound().takeUntilOther(done.asMono()).ignoreElements().flux();
			return session.send(Flux.merge(messages, pings, heard));
		}).onErrorResume(NotFound.class, ex -> session.close(UNKNOWN)).onErrorResume(ex -> {
			log.debug("Stream {} ended: {}", variables, ex.toString());
			return session.close(CloseStatus.SERVER_ERROR);
		});
	}

}
