package dev.marquee.queue.web;

import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueManagement;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The waiting room at a glance, for the organizers' sales page (ADMIN). */
@RestController
class QueueSummaryController {

	private final QueueManagement queue;

	QueueSummaryController(QueueManagement queue) {
		this.queue = queue;
	}

	@GetMapping("/api/v1/events/{eventId}/queue-summary")
	Mono<QueueManagement.QueueSummary> summary(@PathVariable String eventId) {
		return Mono.defer(() -> queue.summary(EventId.parse(eventId)));
	}

}
