package dev.marquee.queue.web;

import dev.marquee.catalog.EventId;
import dev.marquee.queue.Fairness;
import dev.marquee.queue.QueueFairness;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The waiting room's fairness record, public: the commitment before opening, the seed
 * after ({@code docs/FAIRNESS.md}). Not under {@code /queue/}, where a path segment is a
 * queue ticket.
 */
@RestController
class QueueFairnessController {

	private final QueueFairness fairness;

	QueueFairnessController(QueueFairness fairness) {
		this.fairness = fairness;
	}

	@GetMapping("/api/v1/events/{eventId}/queue-fairness")
	Mono<Fairness> fairness(@PathVariable String eventId) {
		return Mono.defer(() -> fairness.fairness(EventId.parse(eventId)));
	}

}
