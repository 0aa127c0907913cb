package dev.marquee.live.web;

import java.nio.charset.StandardCharsets;

import dev.marquee.catalog.EventId;
import dev.marquee.live.LiveProperties;
import dev.marquee.live.SeatFeeds;
import dev.marquee.live.Watchers;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The seat stream as Server-Sent Events, for clients that cannot open a WebSocket: the
 * same messages, each as one event named after its {@code type} with {@code id} =
 * {@code seq}, encoded once for every subscriber ({@code Frame.serverSentEvent}).
 */
@RestController
class SeatStreamEvents {

	private static final byte[] PING = ":ping\n\n".getBytes(StandardCharsets.US_ASCII);

	private final SeatFeeds feeds;

	private final LiveProperties properties;

	private final Watchers watchers;

	private final Departure departure;

	SeatStreamEvents(SeatFeeds feeds, LiveProperties properties, Watchers watchers, Departure departure) {
		this.feeds = feeds;
		this.properties = properties;
		this.watchers = watchers;
		this.departure = departure;
	}

	@GetMapping("/api/v1/events/{eventId}/seat-events")
	Mono<ResponseEntity<Flux<DataBuffer>>> seatEvents(@PathVariable String eventId, ServerHttpResponse response) {
		// an unknown event is a 404 problem, a node at its limit of watchers a 503,
		// decided before the stream (and its content type) starts
		EventId id = EventId.parse(eventId);
		return feeds.requireEvent(id)
			.then(Mono.fromRunnable(watchers::requireRoom))
			.thenReturn(ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(events(id, response.bufferFactory())));
	}

	/**
	 * Each frame's event as it was encoded once for every subscriber, wrapped without a
	 * copy; the stream ends when the node shuts down (the client's EventSource
	 * reconnects, to a node that stays).
	 */
	private Flux<DataBuffer> events(EventId eventId, DataBufferFactory buffers) {
		return feeds.stream(eventId)
			.map(frame -> buffers.wrap(frame.serverSentEvent()))
			.mergeWith(Flux.interval(properties.heartbeat()).map(tick -> buffers.wrap(PING)))
			.takeUntilOther(departure.departed());
	}

}
