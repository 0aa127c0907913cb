package dev.marquee.sale.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.sale.ResaleListing;
import dev.marquee.sale.Resales;
import dev.marquee.shared.Money;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.shared.Violation;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Resale at face value: a ticket holder lists tickets (one, or several of an order) and
 * withdraws them; anyone sees an event's open listings; a seller sees theirs with the
 * payouts; organizers set whether an event allows resale and its cap.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class ResaleController {

	private final Resales resales;

	ResaleController(Resales resales) {
		this.resales = resales;
	}

	/** An optional price in minor units (none: face value, or the event's cap). */
	record ListRequest(Long priceMinor) {
	}

	@PostMapping("/tickets/{ticketId}/resale")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ListingView> listTicket(@PathVariable String ticketId, @RequestBody(required = false) ListRequest request,
			@AuthenticationPrincipal Jwt user) {
		return Mono.defer(
				() -> resales
					.list(List.of(uuid("ticketId", ticketId)), null, user.getSubject(),
							request == null ? null : request.priceMinor())
					.next()
					.map(ListingView::of));
	}

	/** Tickets of one order, at one price each (none: face value, or the event's cap). */
	record ListOrderRequest(List<UUID> ticketIds, Long priceMinor) {
	}

	@PostMapping("/orders/{orderId}/resale")
	@ResponseStatus(HttpStatus.CREATED)
	Flux<ListingView> listTickets(@PathVariable String orderId, @RequestBody ListOrderRequest request,
			@AuthenticationPrincipal Jwt user) {
		return Flux.defer(() -> resales
			.list(request.ticketIds(), uuid("orderId", orderId), user.getSubject(), request.priceMinor())
			.map(ListingView::of));
	}

	@DeleteMapping("/resale/{listingId}")
	Mono<ListingView> withdraw(@PathVariable String listingId, @AuthenticationPrincipal Jwt user) {
		return Mono.defer(() -> resales.withdraw(uuid("listingId", listingId), user.getSubject())).map(ListingView::of);
	}

	@DeleteMapping("/tickets/{ticketId}/resale")
	Mono<ListingView> withdrawTicket(@PathVariable String ticketId, @AuthenticationPrincipal Jwt user) {
		return Mono.defer(() -> resales.withdrawTicket(uuid("ticketId", ticketId), user.getSubject()))
			.map(ListingView::of);
	}

	@GetMapping("/me/resale")
	Flux<ListingView> mine(@AuthenticationPrincipal Jwt user) {
		return resales.listingsOf(user.getSubject()).map(ListingView::of);
	}

	/** An open listing as anyone sees it: no seller. */
	record OfferView(UUID listingId, String seatId, Money price, Money faceValue) {
	}

	@GetMapping("/events/{eventId}/resale")
	Flux<OfferView> open(@PathVariable String eventId) {
		return Flux.defer(() -> resales.openOf(EventId.of(uuid("eventId", eventId))))
			.map(l -> new OfferView(l.id(), l.seatId(), l.price(), l.faceValue()));
	}

	@GetMapping("/events/{eventId}/resale-settings")
	Mono<Resales.ResaleSettings> settings(@PathVariable String eventId) {
		return Mono.defer(() -> resales.settings(EventId.of(uuid("eventId", eventId))));
	}

	@PutMapping("/events/{eventId}/resale-settings")
	Mono<Resales.ResaleSettings> saveSettings(@PathVariable String eventId,
			@RequestBody Resales.ResaleSettings settings) {
		return Mono.defer(() -> resales.saveSettings(EventId.of(uuid("eventId", eventId)), settings));
	}

	/** A listing as its seller sees it: status, why it ended, and the payout. */
	record ListingView(UUID listingId, UUID eventId, UUID ticketId, String seatId, Money price, Money faceValue,
			ResaleListing.Status status, String endReason, Instant createdAt, Instant closedAt,
			ResaleListing.PayoutStatus payout) {

		static ListingView of(ResaleListing l) {
			return new ListingView(l.id(), l.eventId(), l.ticketId(), l.seatId(), l.price(), l.faceValue(), l.status(),
					l.endReason(), l.createdAt(), l.closedAt(), l.payout());
		}

	}

	private static UUID uuid(String field, String text) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw new ValidationFailed(List.of(new Violation(field, "must be a UUID")));
		}
	}

}
