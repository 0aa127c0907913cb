package dev.marquee.sale.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.hold.HoldId;
import dev.marquee.sale.Cancellations;
import dev.marquee.sale.Order;
import dev.marquee.sale.OrderId;
import dev.marquee.sale.PaymentDetails;
import dev.marquee.sale.PurchaseManagement;
import dev.marquee.sale.PurchaseManagement.Purchase;
import dev.marquee.sale.SaleProblems.NotCancellable;
import dev.marquee.sale.SaleProblems.OrderPending;
import dev.marquee.sale.SaleProblems.PaymentDeclined;
import dev.marquee.shared.Money;
import dev.marquee.support.Tokens;
import dev.marquee.support.WebSliceTest;
import dev.marquee.ticket.Ticket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The purchase and order endpoints on their own: ids and payment details are checked at
 * the edge (before the service is asked), and each problem of the sale reaches the buyer
 * with its status and slug.
 */
@WebSliceTest(PurchaseController.class)
class PurchaseControllerTests {

	@Autowired
	WebTestClient http;

	@MockitoBean
	PurchaseManagement purchases;

	@MockitoBean
	Cancellations cancellations;

	private final String buyer = "buyer-" + UUID.randomUUID();

	private final String token = Tokens.token(buyer);

	private WebTestClient.ResponseSpec purchase(String holdId, String key, String body) {
		return http.post().uri("/api/v1/holds/{id}/purchase", holdId).headers(h -> {
			h.setBearerAuth(token);
			if (key != null) {
				h.set("Idempotency-Key", key);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static Order order(UUID holdId) {
		UUID orderId = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		Instant at = Instant.parse("2030-01-01T10:00:00Z");
		Money price = new Money(5000, "EUR");
		return new Order(orderId, eventId, "someone", holdId, Order.Status.CONFIRMED, price, "pay_1", at,
				List.of(Ticket.issue(orderId, eventId, "A-1", "someone", price, at)));
	}

	@Test
	void aPurchaseAnswersTheOrderWhereItLivesAndWhetherItWasReplayed() {
		UUID hold = UUID.randomUUID();
		Order order = order(hold);
		given(purchases.purchase(eq(HoldId.of(hold)), eq(buyer), eq(new PaymentDetails("k-1", "tok_visa"))))
			.willReturn(Mono.just(new Purchase(order, true)));
		purchase(hold.toString(), "k-1", "{\"paymentToken\":\"tok_visa\"}").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Location", "/api/v1/orders/" + order.id())
			.expectHeader()
			.valueEquals(PurchaseController.REPLAYED, "true")
			.expectBody()
			.jsonPath("$.orderId")
			.isEqualTo(order.id().toString())
			.jsonPath("$.status")
			.isEqualTo("CONFIRMED")
			.jsonPath("$.tickets[0].seatId")
			.isEqualTo("A-1")
			.jsonPath("$.tickets[0].status")
			.isEqualTo("VALID")
			.jsonPath("$.tickets[0].price.amountMinor")
			.isEqualTo(5000);
	}

	@Test
	void paymentDetailsAreCheckedBeforeTheHoldIdAndEveryMissingOneIsNamed() {
		purchase("not-a-hold", null, "{}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/validation")
			.jsonPath("$.violations[*].field")
			.isEqualTo(List.of("Idempotency-Key", "paymentToken"));
		purchase(UUID.randomUUID().toString(), null, "{\"paymentToken\":\"tok_visa\"}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.violations[*].field")
			.isEqualTo(List.of("Idempotency-Key"));
		purchase(UUID.randomUUID().toString(), "k1", "{\"paymentToken\":{\"card\":1}}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/validation")
			.jsonPath("$.violations[*].field")
			.isEqualTo(List.of("paymentToken"));
		verifyNoInteractions(purchases);
	}

	@Test
	void aHoldIdThatIsNoIdIsAnUnknownHold() {
		purchase("not-a-hold", "k-1", "{\"paymentToken\":\"tok_visa\"}").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/hold-not-found");
		verifyNoInteractions(purchases);
	}

	@Test
	void theSalesProblemsKeepTheirStatusAndSlug() {
		UUID hold = UUID.randomUUID();
		given(purchases.purchase(any(), anyString(), any()))
			.willReturn(Mono.error(new PaymentDeclined("card_declined")), Mono.error(new OrderPending(hold)));
		purchase(hold.toString(), "k-1", "{\"paymentToken\":\"tok_chargeDeclined\"}").expectStatus()
			.isEqualTo(HttpStatus.PAYMENT_REQUIRED)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/payment-declined")
			.jsonPath("$.declineReason")
			.isEqualTo("card_declined");
		purchase(hold.toString(), "k-2", "{\"paymentToken\":\"tok_visa\"}").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/order-pending")
			.jsonPath("$.holdId")
			.isEqualTo(hold.toString());
	}

	@Test
	void anOrderIdThatIsNoIdIsAnUnknownOrder() {
		http.get()
			.uri("/api/v1/orders/nope")
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/order-not-found");
		http.post()
			.uri("/api/v1/orders/nope/cancel")
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isNotFound();
		verifyNoInteractions(purchases, cancellations);
	}

	@Test
	void aRefusedCancelSaysWhy() {
		UUID order = UUID.randomUUID();
		given(cancellations.cancel(OrderId.of(order), buyer))
			.willReturn(Mono.error(new NotCancellable(order, "ticket-used", "A ticket was scanned in.")));
		http.post()
			.uri("/api/v1/orders/{id}/cancel", order)
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/order-not-cancellable")
			.jsonPath("$.reason")
			.isEqualTo("ticket-used")
			.jsonPath("$.orderId")
			.isEqualTo(order.toString());
	}

	@Test
	void ordersNeedABuyer() {
		http.get().uri("/api/v1/me/orders").exchange().expectStatus().isUnauthorized();
		verifyNoInteractions(purchases);
	}

}
