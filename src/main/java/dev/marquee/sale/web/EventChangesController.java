package dev.marquee.sale.web;

import java.time.Instant;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventStatus;
import dev.marquee.sale.EventChanges;
import dev.marquee.sale.OrderId;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The organizers (ADMIN) change an event that has buyers: cancel it (every order
 * refunded, every buyer told), postpone it (every buyer told), and send an order's
 * tickets again.
 */
@RestController
@RequestMapping("/api/v1")
class EventChangesController {

	private final EventChanges changes;

	EventChangesController(EventChanges changes) {
		this.changes = changes;
	}

	/** The event as a change left it. */
	record EventChangeView(UUID eventId, EventStatus status, Instant startsAt, Long ordersToRefund) {
	}

	record PostponeRequest(Instant startsAt) {
	}

	record ResendView(UUID orderId, boolean queued) {
	}

	/**
	 * Cancels the event for good; its orders are refunded in full within seconds (202:
	 * {@code ordersToRefund} are under way), each buyer told by email.
	 */
	@PostMapping(path = "/events/{eventId}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<EventChangeView> cancel(@PathVariable String eventId) {
		return Mono.defer(() -> changes.cancel(EventId.parse(eventId)))
			.map(cancelled -> new EventChangeView(cancelled.event().id().value(), cancelled.event().status(),
					cancelled.event().startsAt(), cancelled.ordersToRefund()));
	}

	/** Moves the event to a new start; every buyer is told by email. */
	@PostMapping(path = "/events/{eventId}/postpone", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<EventChangeView> postpone(@PathVariable String eventId, @RequestBody PostponeRequest request) {
		return Mono.defer(() -> changes.postpone(EventId.parse(eventId), request.startsAt()))
			.map(event -> new EventChangeView(event.id().value(), event.status(), event.startsAt(), null));
	}

	/** Sends the order's tickets to its buyer again, by email (202: queued). */
	@PostMapping(path = "/orders/{orderId}/resend", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<ResendView> resend(@PathVariable String orderId) {
		return Mono.defer(() -> changes.resendTickets(OrderId.parse(orderId)))
			.map(order -> new ResendView(order.id(), true));
	}

}
