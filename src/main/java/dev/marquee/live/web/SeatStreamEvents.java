package dev.marquee.live.web;

import dev.marquee.catalog.EventId;
import dev.marquee.live.LiveProperties;
import dev.marquee.live.SeatFeeds;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The seat stream as Server-Sent Events, for clients that cannot open a WebSocket: the
 * same messages, each as one event named after its {@code type} with {@code id} =
 * {@code seq}.
 */
@RestController
class SeatStreamEvents {

	private final SeatFeeds feeds;

	private final LiveProperties properties;

	SeatStreamEvents(SeatFeeds feeds, LiveProperties properties) {
		this.feeds = feeds;
		this.properties = properties;
	}

	@GetMapping("/api/v1/events/{eventId}/seat-events")
	Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> seatEvents(@PathVariable String eventId) {
		// an unknown event is a 404 problem, a node at its limit of watchers a 503,
		// decided before the stream (and its content type) starts
		EventId id = EventId.parse(eventId);
		return feeds.requireEvent(id)
			.then(Mono.fromRunnable(feeds::requireRoom))
			.thenReturn(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(events(id)));
	}

	private Flux<ServerSentEvent<String>> events(EventId eventId) {
		return feeds.stream(eventId)
			.map(frame -> ServerSentEvent.builder(frame.text())
				.id(String.valueOf(frame.seq()))
				.event(frame.type().wire())
				.build())
			.mergeWith(Flux.interval(properties.heartbeat())
				.map(tick -> ServerSentEvent.<String>builder().comment("ping").build()));
	}

}
