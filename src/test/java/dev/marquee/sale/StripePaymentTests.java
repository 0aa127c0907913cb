package dev.marquee.sale;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.StripeStandIn;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Purchases charged through Stripe PaymentIntents, against a stand-in that speaks
 * Stripe's wire protocol ({@link StripeStandIn}): amounts in minor units, one
 * PaymentIntent per purchase key however often it is retried, declines and cards that
 * need 3-D Secure leave nothing charged, a lost answer is completed by a retry or
 * refunded by the recovery job, and the webhooks, verified and handled once, refund a
 * charge no purchase ended in (even one Stripe's lagging search hid from the recovery
 * job) and nothing else.
 */
class StripePaymentTests extends StripeIntegrationTest {

	@Autowired
	StrandedPaymentRecovery recovery;

	@Test
	void aPurchaseChargesOnePaymentIntentForTheTotalInMinorUnits() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1", "S-A-2");
		String key = "buy-" + UUID.randomUUID();

		Map<String, Object> order = purchase(holdId, buyer, key, "pm_card_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		@SuppressWarnings("unchecked")
		Map<String, Object> total = (Map<String, Object>) order.get("total");
		assertThat(intentsOf(key)).singleElement().satisfies(pi -> {
			assertThat(pi.amount()).isEqualTo(((Number) total.get("amountMinor")).longValue()).isPositive();
			assertThat(pi.currency()).isEqualTo(((String) total.get("currency")).toLowerCase());
			assertThat(pi.captured()).isTrue();
			assertThat(db.sql("select payment_id from orders where id = :id")
				.bind("id", UUID.fromString((String) order.get("orderId")))
				.map(row -> row.get(0, String.class))
				.one()
				.block()).isEqualTo(pi.id());
		});
		StripeStandIn.Request sent = stripe.requests()
			.stream()
			.filter(r -> r.path().equals("/v1/payment_intents"))
			.filter(r -> r.form()
				.getOrDefault("metadata[" + StripePaymentGateway.CHARGE + "]", "")
				.startsWith(key + ":"))
			.findFirst()
			.orElseThrow();
		assertThat(sent.headers()).containsEntry("authorization", "Bearer " + StripeStandIn.SECRET_KEY)
			.containsEntry("stripe-version", StripePaymentGateway.API_VERSION)
			.containsKey("idempotency-key");
		assertThat(sent.form()).containsEntry("confirm", "true").containsEntry("payment_method", "pm_card_visa");
		assertThat(statuses(event)).isEqualTo("XX......");
	}

	@Test
	void cancellingAnOrderRefundsItsPaymentIntentOnce() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-3");
		String key = "cancel-" + UUID.randomUUID();
		Object orderId = purchase(holdId, buyer, key, "pm_card_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");

		for (int i = 0; i < 2; i++) {
			http().post()
				.uri("/api/v1/orders/{id}/cancel", orderId)
				.headers(h -> h.setBearerAuth(buyer))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.refundStatus")
				.isEqualTo("REFUNDED");
		}

		StripeStandIn.PaymentIntent paid = intentsOf(key).get(0);
		assertThat(stripe.intent(paid.id()).orElseThrow().refunded()).isTrue();
		assertThat(requestsOf("/v1/refunds", "refund-" + paid.id())).hasSize(1);
		assertThat(statuses(event)).isEqualTo("........");
	}

	@Test
	void aDeclinedCardIsA402ThatChargesNothingAndKeepsTheHold() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "declined-" + UUID.randomUUID();

		var problem = purchase(holdId, buyer, key, "pm_card_chargeDeclinedInsufficientFunds").expectStatus()
			.isEqualTo(HttpStatus.PAYMENT_REQUIRED)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertProblem(problem, HttpStatus.PAYMENT_REQUIRED, "payment-declined");
		assertThat(problem).containsEntry("declineReason", "insufficient_funds");
		assertThat(intentsOf(key)).noneMatch(StripeStandIn.PaymentIntent::captured);
		assertThat(statuses(event)).isEqualTo("H.......");
		// the buyer tries another card on the same hold, with a new key
		purchase(holdId, buyer, "again-" + UUID.randomUUID(), "pm_card_visa").expectStatus().isCreated();
	}

	@Test
	void anUnknownPaymentMethodIsDeclined() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");

		var problem = purchase(holdId, buyer, "bogus-" + UUID.randomUUID(), "pm_no_such_card").expectStatus()
			.isEqualTo(HttpStatus.PAYMENT_REQUIRED)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(problem).containsEntry("declineReason", "resource_missing");
	}

	@Test
	void aLostAnswerIsCompletedByARetryWithoutASecondCharge() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "lost-" + UUID.randomUUID();
		// Stripe takes the money; its answer is held past the purchase's 500 ms wait
		stripe.holdAnswers();

		assertProblem(purchase(holdId, buyer, key, "pm_card_visa").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody(), HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable");
		assertThat(intentsOf(key)).singleElement().satisfies(pi -> assertThat(pi.captured()).isTrue());

		stripe.releaseAnswers();
		purchase(holdId, buyer, key, "pm_card_visa").expectStatus().isCreated();

		String ref = intentsOf(key).get(0).metadata().get(StripePaymentGateway.REF);
		assertThat(requestsOf("/v1/payment_intents", ref)).hasSize(2);
		assertThat(intentsOf(key)).singleElement().satisfies(pi -> assertThat(pi.captured()).isTrue());
		assertThat(orders(event)).isEqualTo(1);
	}

	@Test
	void aBuyerWhoNeverRetriesALostAnswerIsRefundedByTheRecoveryJob() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-2");
		String key = "stranded-" + UUID.randomUUID();
		// Stripe takes the money; its answer is held past the purchase's 500 ms wait
		stripe.holdAnswers();
		purchase(holdId, buyer, key, "pm_card_visa").expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		stripe.releaseAnswers();

		clock.advance(Duration.ofMinutes(3));
		assertThat(recovery.recoverNow().block()).isGreaterThanOrEqualTo(1);

		assertThat(intentsOf(key)).singleElement().satisfies(pi -> assertThat(pi.refunded()).isTrue());
		assertThat(orders(event)).isZero();
	}

	@Test
	void forgedStaleOrUnsignedWebhooksAreRefusedAndChangeNothing() {
		StripeStandIn.PaymentIntent orphan = strandedWhileSearchLags();
		String body = stripe.succeededEvent("evt_" + UUID.randomUUID(), orphan);
		Instant now = clock.instant();

		for (String signature : new String[] { StripeStandIn.sign(body, "whsec_someone_else", now),
				StripeStandIn.sign(body, StripeStandIn.WEBHOOK_SECRET, now.minus(Duration.ofMinutes(10))),
				StripeStandIn.sign(body.replace("succeeded", "succeeded "), StripeStandIn.WEBHOOK_SECRET, now),
				"t=" + now.getEpochSecond(), null }) {
			var problem = deliver(body, signature).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType("application/problem+json")
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(problem.get("violations")).asString().contains("Stripe-Signature");
		}

		assertThat(stripe.intent(orphan.id()).orElseThrow().refunded()).isFalse();
	}

	@Test
	void aChargeNoPurchaseEndedInIsRefundedOnceHoweverOftenItsWebhookComes() {
		StripeStandIn.PaymentIntent orphan = strandedWhileSearchLags();
		String body = stripe.succeededEvent("evt_" + UUID.randomUUID(), orphan);

		for (String expected : new String[] { "HANDLED", "DUPLICATE", "DUPLICATE" }) {
			deliver(body).expectStatus().isOk().expectBody().jsonPath("$.receipt").isEqualTo(expected);
		}

		assertThat(stripe.intent(orphan.id()).orElseThrow().refunded()).isTrue();
		assertThat(requestsOf("/v1/refunds", "refund-" + orphan.id())).hasSize(1);
	}

	@Test
	void aWebhookForAPaidOrderOrAnotherIntegrationsPaymentRefundsNothing() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-1");
		String key = "paid-" + UUID.randomUUID();
		purchase(holdId, buyer, key, "pm_card_visa").expectStatus().isCreated();
		StripeStandIn.PaymentIntent paid = intentsOf(key).get(0);
		StripeStandIn.PaymentIntent notOurs = new StripeStandIn.PaymentIntent("pi_elsewhere", 500, "eur",
				"pm_card_visa", "succeeded", Map.of(), false, Instant.now());

		for (StripeStandIn.PaymentIntent intent : List.of(paid, notOurs)) {
			String body = stripe.succeededEvent("evt_" + UUID.randomUUID(), intent);
			deliver(body).expectStatus().isOk().expectBody().jsonPath("$.receipt").isEqualTo("HANDLED");
		}

		assertThat(stripe.intent(paid.id()).orElseThrow().refunded()).isFalse();
		assertThat(stripe.requests()).noneMatch(r -> r.path().equals("/v1/refunds")
				&& List.of(paid.id(), notOurs.id()).contains(r.form().get("payment_intent")));
	}

	/**
	 * A purchase whose answer was lost, and which the recovery job settled as never
	 * charged because Stripe's search had not indexed its PaymentIntent yet: the money
	 * was taken and nothing in Marquee will refund it but the webhook.
	 */
	private StripeStandIn.PaymentIntent strandedWhileSearchLags() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-3");
		String key = "unseen-" + UUID.randomUUID();
		stripe.searchLags();
		// Stripe takes the money; its answer is held past the purchase's 500 ms wait
		stripe.holdAnswers();
		purchase(holdId, buyer, key, "pm_card_visa").expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		stripe.releaseAnswers();
		clock.advance(Duration.ofMinutes(3));
		recovery.recoverNow().block();
		StripeStandIn.PaymentIntent intent = intentsOf(key).get(0);
		assertThat(intent.captured()).as("charged, and the recovery job did not find it").isTrue();
		assertThat(purchase(holdId, buyer, key, "pm_card_visa").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("type", "https://marquee.dev/problems/payment-unavailable");
		return intent;
	}

}
