package dev.marquee.live.web;

import dev.marquee.catalog.EventId;
import dev.marquee.live.Frame;
import dev.marquee.live.SeatFeeds;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * RSocket request-stream {@code events.{eventId}.seats}: the snapshot, then the deltas;
 * the same JSON messages as the WebSocket, sent as they were serialized (once, for every
 * subscriber).
 */
@Controller
class SeatStreamRSocket {

	private final SeatFeeds feeds;

	SeatStreamRSocket(SeatFeeds feeds) {
		this.feeds = feeds;
	}

	@MessageMapping("events.{eventId}.seats")
	Flux<Frame> seats(@DestinationVariable String eventId) {
		return Mono.fromCallable(() -> EventId.parse(eventId))
			.flatMapMany(id -> feeds.requireEvent(id).thenMany(feeds.stream(id)));
	}

}
