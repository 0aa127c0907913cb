package dev.marquee.sale;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.hold.SeatsReleased;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.TestServices;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Buying a hold: exactly once per Idempotency-Key, declines keep the hold, and a payment
 * that outlives the countdown ends with tickets or a refund, never with money taken and
 * no ticket.
 */
class PurchaseTests extends IntegrationTest {

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	HoldExpiry expiry;

	private List<SimulatedPaymentGateway.LedgerEntry> charges(String key) {
		return gateway.ledger().stream().filter(e -> e.idempotencyKey().startsWith(key + ":")).toList();
	}

	private String holdStatusInRedis(UUID event, String holdId) {
		return redis.<String, String>opsForHash()
			.get(TestServices.get().keyPrefix + ":{" + event + "}:hold:" + holdId, "status")
			.block();
	}

	@Test
	void aRetryWithTheSameKeyReturnsTheSameOrderAndChargesOnce() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1", "S-A-2");
		String key = "k-" + UUID.randomUUID();

		var first = purchase(holdId, buyer, key, "tok_visa").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "false")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		var again = purchase(holdId, buyer, key, "tok_visa").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(again).isEqualTo(first);
		assertThat(first.get("total")).isEqualTo(Map.of("amountMinor", 10000, "currency", "EUR"));
		assertThat((List<?>) first.get("tickets")).hasSize(2);
		assertThat(charges(key)).singleElement().satisfies(c -> assertThat(c.approved()).isTrue());
		assertThat(orders(event)).isEqualTo(1);
		assertThat(tickets(event)).isEqualTo(2);
	}

	@Test
	void concurrentRetriesWithTheSameKeyChargeOnceAndMakeOneOrder() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "k-" + UUID.randomUUID();

		List<Integer> statuses = Flux.range(0, 10)
			.flatMap(i -> webClient().post().uri("/api/v1/holds/{id}/purchase", holdId).headers(h -> {
				h.setBearerAuth(buyer);
				h.set("Idempotency-Key", key);
			})
				.bodyValue(Map.of("paymentToken", "tok_visa"))
				.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())))
			.collectList()
			.block();

		assertThat(statuses).contains(201).allSatisfy(s -> assertThat(s).isIn(201, 409));
		assertThat(charges(key)).hasSize(1);
		assertThat(orders(event)).isEqualTo(1);
		// once settled, every retry answers the one order
		purchase(holdId, buyer, key, "tok_visa").expectStatus().isCreated();
		assertThat(orders(event)).isEqualTo(1);
	}

	@Test
	void aDeclinedPaymentKeepsTheHoldAndAnotherCardCanPay() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "k-" + UUID.randomUUID();

		var problem = purchase(holdId, buyer, key, "tok_chargeDeclined").expectStatus()
			.isEqualTo(HttpStatus.PAYMENT_REQUIRED)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.PAYMENT_REQUIRED, "payment-declined");
		assertThat(statuses(event)).isEqualTo("H.......");
		var hold = holdView(holdId, buyer);
		assertThat(hold.get("status")).isEqualTo("ACTIVE");

		// the same key replays the decline without charging again
		purchase(holdId, buyer, key, "tok_chargeDeclined").expectStatus().isEqualTo(HttpStatus.PAYMENT_REQUIRED);
		assertThat(charges(key)).hasSize(1);

		purchase(holdId, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
		assertThat(statuses(event)).isEqualTo("X.......");
	}

	@Test
	void theSameKeyForADifferentRequestIsRefused() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "k-" + UUID.randomUUID();
		purchase(holdId, buyer, key, "tok_chargeDeclined").expectStatus().isEqualTo(HttpStatus.PAYMENT_REQUIRED);
		var problem = purchase(holdId, buyer, key, "tok_visa").expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused");
		assertThat(orders(event)).isZero();
	}

	record Answer(int status, Map<String, Object> body) {
	}

	/** Starts a slow (tok_slow) purchase and returns once its payment is in flight. */
	private AtomicReference<Answer> purchaseWhileTheTestGoesOn(UUID event, String holdId, String buyer, String key) {
		AtomicReference<Answer> answer = new AtomicReference<>();
		webClient().post().uri("/api/v1/holds/{id}/purchase", holdId).headers(h -> {
			h.setBearerAuth(buyer);
			h.set("Idempotency-Key", key);
		})
			.bodyValue(Map.of("paymentToken", "tok_slow"))
			.exchangeToMono(r -> r.bodyToMono(JSON).map(body -> new Answer(r.statusCode().value(), body)))
			.subscribe(answer::set);
		await().atMost(Duration.ofSeconds(10)).until(() -> "PAYING".equals(holdStatusInRedis(event, holdId)));
		return answer;
	}

	@Test
	void aPaymentInFlightWhenTheCountdownEndsCompletesWithItsSeats() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "k-" + UUID.randomUUID();
		AtomicReference<Answer> answer = purchaseWhileTheTestGoesOn(event, holdId, buyer, key);

		clock.advance(Duration.ofSeconds(601));
		expiry.sweep().block();
		assertThat(recorded.of(event, SeatsReleased.class)).isEmpty();

		await().atMost(Duration.ofSeconds(15)).until(() -> answer.get() != null);
		assertThat(answer.get().status()).isEqualTo(201);
		assertThat(statuses(event)).isEqualTo("X.......");
		assertThat(charges(key)).singleElement().satisfies(c -> assertThat(c.refunded()).isFalse());
	}

	@Test
	void aPaymentThatOutlivesItsSeatsIsRefunded() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "k-" + UUID.randomUUID();
		AtomicReference<Answer> answer = purchaseWhileTheTestGoesOn(event, holdId, buyer, key);

		// the payment hangs past the countdown and the grace period: the sweep gives the
		// seat away
		clock.advance(Duration.ofSeconds(600 + 61));
		expiry.sweep().block();
		assertThat(recorded.of(event, SeatsReleased.class)).singleElement()
			.satisfies(r -> assertThat(r.reason()).isEqualTo(SeatsReleased.Reason.EXPIRED));
		held(event, buyer(), "S-A-1");

		await().atMost(Duration.ofSeconds(15)).until(() -> answer.get() != null);
		assertThat(answer.get().body().get("type")).isEqualTo("https://marquee.dev/problems/hold-expired");
		assertThat(answer.get().status()).isEqualTo(410);
		assertThat(charges(key)).singleElement().satisfies(c -> {
			assertThat(c.approved()).isTrue();
			assertThat(c.refunded()).isTrue();
		});
		assertThat(tickets(event)).isZero();
		assertThat(statuses(event)).isEqualTo("H.......");
	}

	@Test
	void ordersAndTicketsAreVisibleToTheirOwnerOnly() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-2");
		var order = purchase(holdId, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String orderId = (String) order.get("orderId");

		http().get()
			.uri("/api/v1/orders/{id}", orderId)
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tickets[0].seatId")
			.isEqualTo("S-B-2");
		http().get()
			.uri("/api/v1/orders/{id}", orderId)
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectStatus()
			.isNotFound();
		http().get()
			.uri("/api/v1/me/orders")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].orderId")
			.isEqualTo(orderId);
		http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].seatId")
			.isEqualTo("S-B-2")
			.jsonPath("$[0].eventId")
			.isEqualTo(event.toString());
		http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(0);
	}

}
