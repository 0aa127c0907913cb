package dev.marquee.ticket.web;

import java.time.Instant;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.shared.Money;
import dev.marquee.ticket.Ticket;
import dev.marquee.ticket.TicketId;
import dev.marquee.ticket.TicketManagement;
import dev.marquee.ticket.TicketStatus;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A buyer's tickets, their QR codes and transfers; scanning at the door (SCANNER).
 */
@RestController
@RequestMapping("/api/v1")
class TicketController {

	/** Names no event: events get random ids. */
	private static final EventId NO_EVENT = EventId.of(new UUID(0, 0));

	private final TicketManagement tickets;

	TicketController(TicketManagement tickets) {
		this.tickets = tickets;
	}

	@GetMapping("/me/tickets")
	Flux<TicketView> myTickets(@AuthenticationPrincipal Jwt user) {
		return tickets.ticketsOf(user.getSubject()).map(TicketView::of);
	}

	@GetMapping(path = "/tickets/{ticketId}/qr.svg", produces = "image/svg+xml")
	Mono<ResponseEntity<String>> qr(@PathVariable String ticketId, @AuthenticationPrincipal Jwt user) {
		return Mono.defer(() -> tickets.qrSvg(TicketId.parse(ticketId), user.getSubject()))
			.map(svg -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType("image/svg+xml"))
				.cacheControl(CacheControl.noStore())
				.body(svg));
	}

	record TransferRequest(String toUserId) {
	}

	@PostMapping(path = "/tickets/{ticketId}/transfer", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<TicketView> transfer(@PathVariable String ticketId, @RequestBody TransferRequest request,
			@AuthenticationPrincipal Jwt user) {
		return Mono.defer(() -> tickets.transfer(TicketId.parse(ticketId), user.getSubject(), request.toUserId()))
			.map(TicketView::of);
	}

	record ScanRequest(String code, String eventId, String gate, String deviceId) {
	}

	/** What a scan that succeeds says (a refused one answers a problem). */
	enum ScanResult {

		ADMITTED

	}

	record ScanView(ScanResult result, UUID ticketId, UUID eventId, String seatId, Instant scannedAt) {
	}

	@PostMapping(path = "/tickets/scan", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ScanView> scan(@RequestBody ScanRequest request) {
		return Mono.defer(
				() -> tickets.scan(request.code(), scannerEvent(request.eventId()), request.gate(), request.deviceId()))
			.map(ticket -> new ScanView(ScanResult.ADMITTED, ticket.id(), ticket.eventId(), ticket.seatId(),
					ticket.usedAt()));
	}

	/**
	 * The event the scanner names, if any. Text that is not an event id names no event:
	 * like any other event's id, it admits no ticket (the scan says {@code other-event},
	 * as it always has).
	 */
	private static EventId scannerEvent(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return EventId.of(UUID.fromString(text.strip()));
		}
		catch (IllegalArgumentException ex) {
			return NO_EVENT;
		}
	}

	record TicketView(UUID ticketId, UUID orderId, UUID eventId, String seatId, TicketStatus status, String code,
			Money price, Instant usedAt) {

		static TicketView of(TicketManagement.IssuedTicket issued) {
			Ticket t = issued.ticket();
			return new TicketView(t.id(), t.orderId(), t.eventId(), t.seatId(), t.status(), issued.code(), t.price(),
					t.usedAt());
		}

	}

}
