package dev.marquee.live.web;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.EventId;
import dev.marquee.live.LiveProperties;
import dev.marquee.live.QueueFeeds;
import dev.marquee.queue.QueueTicketId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /ws/events/{eventId}/queue/{queueTicket}}: {@code {"type":"position", ...}}
 * whenever the ticket's position changes, then {@code {"type":"admitted",
 * "admissionToken": ...}} (or {@code "expired"}), after which the server closes the
 * socket normally. The unguessable ticket id is the capability (browsers cannot send
 * headers on a WebSocket); the token it delivers only works for the ticket's own user. An
 * unknown event or ticket is closed with code 4404.
 */
@Configuration(proxyBeanMethods = false)
class QueueStreamWebSocket extends FiniteStreamSocket {

	private final QueueFeeds feeds;

	QueueStreamWebSocket(QueueFeeds feeds, LiveProperties properties, JsonMapper json, Departure departure) {
		super("/ws/events/{eventId}/queue/{queueTicket}", properties, json, departure);
		this.feeds = feeds;
	}

	@Bean
	HandlerMapping queueStreamMapping() {
		return new SimpleUrlHandlerMapping(Map.of("/ws/events/*/queue/*", this), -1);
	}

	@Override
	Mono<? extends Flux<?>> messages(Map<String, String> variables) {
		return Mono.fromCallable(() -> EventId.parse(variables.getOrDefault("eventId", "")))
			.flatMap(eventId -> feeds.watch(eventId, QueueTicketId.parse(variables.getOrDefault("queueTicket", ""))));
	}

}
