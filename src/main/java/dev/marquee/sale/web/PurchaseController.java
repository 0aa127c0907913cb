package dev.marquee.sale.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.hold.HoldId;
import dev.marquee.sale.Cancellations;
import dev.marquee.sale.Order;
import dev.marquee.sale.OrderId;
import dev.marquee.sale.PaymentDetails;
import dev.marquee.sale.PurchaseManagement;
import dev.marquee.sale.RefundStatus;
import dev.marquee.shared.Money;
import dev.marquee.ticket.Ticket;
import dev.marquee.ticket.TicketStatus;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Buy a hold; read your orders and tickets.
 */
@RestController
@RequestMapping("/api/v1")
class PurchaseController {

	static final String REPLAYED = "Idempotent-Replayed";

	private final PurchaseManagement purchases;

	private final Cancellations cancellations;

	PurchaseController(PurchaseManagement purchases, Cancellations cancellations) {
		this.purchases = purchases;
		this.cancellations = cancellations;
	}

	/**
	 * Cancels the order: refunded in full before the event's cut-off, not after; tickets
	 * void, seats back on sale. Cancelling again answers the same.
	 */
	@PostMapping(path = "/orders/{orderId}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<CancelView> cancel(@PathVariable String orderId, @AuthenticationPrincipal Jwt user) {
		return Mono.defer(() -> cancellations.cancel(OrderId.parse(orderId), user.getSubject())).map(CancelView::of);
	}

	/**
	 * The organizers refund an order in full (ADMIN), whoever bought it and whatever the
	 * refund cut-off.
	 */
	@PostMapping(path = "/orders/{orderId}/refund", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<CancelView> refund(@PathVariable String orderId) {
		return Mono.defer(() -> cancellations.refund(OrderId.parse(orderId))).map(CancelView::of);
	}

	record CancelView(UUID orderId, Order.Status status, Money refund, RefundStatus refundStatus, Instant cancelledAt,
			List<OrderTicketView> tickets) {

		static CancelView of(Cancellations.Cancelled cancelled) {
			return new CancelView(cancelled.order().id(), cancelled.order().status(), cancelled.refund(),
					cancelled.refundStatus(), cancelled.cancelledAt(),
					cancelled.order().tickets().stream().map(OrderTicketView::of).toList());
		}

	}

	record PurchaseRequest(String paymentToken) {
	}

	@PostMapping(path = "/holds/{holdId}/purchase", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<OrderView>> purchase(@PathVariable String holdId,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@RequestBody PurchaseRequest request, @AuthenticationPrincipal Jwt user) {
		return buy(holdId, idempotencyKey, request, user.getSubject())
			.map(purchase -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create(location(purchase)))
				.header(REPLAYED, String.valueOf(purchase.replayed()))
				.body(OrderView.of(purchase.order())));
	}

	/**
	 * A purchase as {@code POST /holds/{holdId}/purchase} makes it, over any transport.
	 */
	Mono<PurchaseManagement.Purchase> buy(String holdId, String idempotencyKey, PurchaseRequest request,
			String userId) {
		return Mono.defer(() -> {
			// the payment details are checked before the hold id, as they always were
			PaymentDetails payment = PaymentDetails.of(idempotencyKey, request.paymentToken());
			return purchases.purchase(HoldId.parse(holdId), userId, payment);
		});
	}

	static String location(PurchaseManagement.Purchase purchase) {
		return "/api/v1/orders/" + purchase.order().id();
	}

	@GetMapping("/orders/{orderId}")
	Mono<OrderView> order(@PathVariable String orderId, @AuthenticationPrincipal Jwt user) {
		return Mono.defer(() -> purchases.order(OrderId.parse(orderId), user.getSubject())).map(OrderView::of);
	}

	@GetMapping("/me/orders")
	Flux<OrderView> myOrders(@AuthenticationPrincipal Jwt user) {
		return purchases.ordersOf(user.getSubject()).map(OrderView::of);
	}

	record OrderView(UUID orderId, UUID eventId, UUID holdId, Order.Status status, Money total, Instant createdAt,
			List<OrderTicketView> tickets) {

		static OrderView of(Order order) {
			return new OrderView(order.id(), order.eventId(), order.holdId(), order.status(), order.total(),
					order.createdAt(), order.tickets().stream().map(OrderTicketView::of).toList());
		}

	}

	/** A ticket as an order lists it (its code and QR are the ticket endpoints'). */
	record OrderTicketView(UUID ticketId, UUID orderId, UUID eventId, String seatId, TicketStatus status, Money price) {

		static OrderTicketView of(Ticket ticket) {
			return new OrderTicketView(ticket.id(), ticket.orderId(), ticket.eventId(), ticket.seatId(),
					ticket.status(), ticket.price());
		}

	}

}
