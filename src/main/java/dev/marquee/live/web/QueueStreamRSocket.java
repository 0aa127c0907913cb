package dev.marquee.live.web;

import dev.marquee.catalog.EventId;
import dev.marquee.live.QueueFeeds;
import dev.marquee.live.QueueMessage;
import dev.marquee.queue.QueueTicketId;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * RSocket request-stream {@code events.{eventId}.queue.{queueTicket}}: the same messages
 * as the queue WebSocket; the stream completes after the admission.
 */
@Controller
class QueueStreamRSocket {

	private final QueueFeeds feeds;

	QueueStreamRSocket(QueueFeeds feeds) {
		this.feeds = feeds;
	}

	@MessageMapping("events.{eventId}.queue.{queueTicket}")
	Flux<QueueMessage> queue(@DestinationVariable String eventId, @DestinationVariable String queueTicket) {
		return Mono.fromCallable(() -> EventId.parse(eventId))
			.flatMap(id -> feeds.watch(id, QueueTicketId.parse(queueTicket)))
			.flatMapMany(messages -> messages);
	}

}
