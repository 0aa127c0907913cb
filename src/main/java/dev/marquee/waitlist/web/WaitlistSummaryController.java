package dev.marquee.waitlist.web;

import dev.marquee.catalog.EventId;
import dev.marquee.waitlist.WaitlistManagement;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The waitlist at a glance, for the organizers' sales page (ADMIN). */
@RestController
class WaitlistSummaryController {

	private final WaitlistManagement waitlist;

	WaitlistSummaryController(WaitlistManagement waitlist) {
		this.waitlist = waitlist;
	}

	@GetMapping("/api/v1/events/{eventId}/waitlist-summary")
	Mono<WaitlistManagement.WaitlistSummary> summary(@PathVariable String eventId) {
		return Mono.defer(() -> waitlist.summary(EventId.parse(eventId)));
	}

}
