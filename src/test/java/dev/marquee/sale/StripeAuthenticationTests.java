package dev.marquee.sale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.support.StripeStandIn;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payments that finish after the purchase request: a card whose issuer asks for 3-D
 * Secure. The buyer is answered with the PaymentIntent's client secret and keeps the
 * hold; the payment then ends in the order when the buyer comes back, or by Stripe's
 * webhook when the buyer does not, exactly once when both come at once; a failed
 * authentication gives the hold back; one confirmed after the hold is gone is refunded;
 * one never finished is given up by the recovery job, so it cannot be paid later.
 */
class StripeAuthenticationTests extends StripeIntegrationTest {

	static final String CARD = "pm_card_authenticationRequired";

	@Autowired
	StrandedPaymentRecovery recovery;

	@Autowired
	HoldExpiry expiry;

	/** A purchase answered with the authentication it needs; the problem's members. */
	private Map<String, Object> actionRequired(String holdId, String buyer, String key) {
		var problem = purchase(holdId, buyer, key, CARD).expectStatus()
			.isEqualTo(HttpStatus.PAYMENT_REQUIRED)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.PAYMENT_REQUIRED, "payment-action-required");
		return problem;
	}

	@Test
	void aCardThatNeedsAuthenticationKeepsTheHoldAndCompletesWhenTheBuyerReturns() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "3ds-" + UUID.randomUUID();

		var problem = actionRequired(holdId, buyer, key);

		StripeStandIn.PaymentIntent intent = intentsOf(key).get(0);
		assertThat(problem).containsEntry("paymentId", intent.id())
			.containsEntry("clientSecret", intent.id() + "_secret_standin")
			.containsEntry("holdId", holdId);
		assertThat(intent.status()).isEqualTo("requires_action");
		assertThat(statuses(event)).isEqualTo("H.......");
		// asked again before authenticating: the same answer, nothing charged
		actionRequired(holdId, buyer, key);

		stripe.authenticate(intent.id());
		purchase(holdId, buyer, key, CARD).expectStatus().isCreated();

		assertThat(statuses(event)).isEqualTo("X.......");
		assertThat(orders(event)).isEqualTo(1);
		assertThat(intentsOf(key)).singleElement().satisfies(pi -> assertThat(pi.captured()).isTrue());
	}

	@Test
	void anAuthenticatedPaymentEndsInItsOrderByWebhookWhenTheBuyerNeverReturns() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-2");
		String key = "gone-" + UUID.randomUUID();
		actionRequired(holdId, buyer, key);

		StripeStandIn.PaymentIntent paid = stripe.authenticate(intentsOf(key).get(0).id());
		deliver(stripe.succeededEvent("evt_" + UUID.randomUUID(), paid)).expectStatus().isOk();

		assertThat(orders(event)).isEqualTo(1);
		assertThat(tickets(event)).isEqualTo(1);
		assertThat(statuses(event)).isEqualTo(".X......");
		assertThat(stripe.intent(paid.id()).orElseThrow().captured()).isTrue();
		// the buyer, back later, is answered with that order
		purchase(holdId, buyer, key, CARD).expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true");
	}

	@Test
	void whileStripeCannotBeAskedTheWebhookIs503AndItsRedeliveryCompletesThePurchase() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-4");
		String key = "outage-" + UUID.randomUUID();
		actionRequired(holdId, buyer, key);
		StripeStandIn.PaymentIntent paid = stripe.authenticate(intentsOf(key).get(0).id());
		String body = stripe.succeededEvent("evt_" + UUID.randomUUID(), paid);

		stripe.failNext(2);
		var problem = deliver(body).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable");
		assertThat((String) problem.get("detail")).doesNotContain("api_error");
		assertProblem(purchase(holdId, buyer, key, CARD).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody(), HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable");
		assertThat(orders(event)).isZero();

		// Stripe delivers the event again later
		deliver(body).expectStatus().isOk().expectBody().jsonPath("$.receipt").isEqualTo("HANDLED");

		assertThat(orders(event)).isEqualTo(1);
		assertThat(statuses(event)).isEqualTo(".......X");
	}

	@Test
	void aFailedAuthenticationDeclinesAndGivesTheHoldBack() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-3");
		String key = "failed-" + UUID.randomUUID();
		actionRequired(holdId, buyer, key);

		StripeStandIn.PaymentIntent failed = stripe.failAuthentication(intentsOf(key).get(0).id());
		deliver(stripe.event("evt_" + UUID.randomUUID(), "payment_intent.payment_failed", failed)).expectStatus()
			.isOk();

		var problem = purchase(holdId, buyer, key, CARD).expectStatus()
			.isEqualTo(HttpStatus.PAYMENT_REQUIRED)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.PAYMENT_REQUIRED, "payment-declined");
		assertThat((String) problem.get("detail")).contains("payment_intent_authentication_failure");
		assertThat(statuses(event)).isEqualTo("..H.....");
		// the hold is the buyer's again: another card buys it
		purchase(holdId, buyer, "again-" + UUID.randomUUID(), "pm_card_visa").expectStatus().isCreated();
		assertThat(stripe.intent(failed.id()).orElseThrow().captured()).isFalse();
	}

	@Test
	void aPaymentConfirmedAfterTheHoldIsGoneIsRefunded() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-4");
		String key = "late-" + UUID.randomUUID();
		actionRequired(holdId, buyer, key);
		// the countdown and the payment grace run out while the buyer is at the bank
		clock.advance(Duration.ofMinutes(30));
		expiry.sweep().block();
		assertThat(statuses(event)).isEqualTo("........");

		StripeStandIn.PaymentIntent paid = stripe.authenticate(intentsOf(key).get(0).id());
		var problem = purchase(holdId, buyer, key, CARD).expectStatus()
			.isEqualTo(HttpStatus.GONE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertProblem(problem, HttpStatus.GONE, "hold-expired");
		assertThat(stripe.intent(paid.id()).orElseThrow().refunded()).isTrue();
		assertThat(orders(event)).isZero();
		assertThat(statuses(event)).isEqualTo("........");
	}

	@Test
	void theBuyersReturnAndTheWebhookAtOnceMakeOneOrderAndRefundNothing() throws Exception {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-1");
		String key = "both-" + UUID.randomUUID();
		actionRequired(holdId, buyer, key);
		StripeStandIn.PaymentIntent paid = stripe.authenticate(intentsOf(key).get(0).id());

		List<Callable<Integer>> racers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			racers.add(() -> purchase(holdId, buyer, key, CARD).returnResult(Void.class).getStatus().value());
			String body = stripe.succeededEvent("evt_" + UUID.randomUUID(), paid);
			racers.add(() -> deliver(body).returnResult(Void.class).getStatus().value());
		}
		List<Integer> answers = new ArrayList<>();
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Future<Integer> answer : pool.invokeAll(racers)) {
				answers.add(answer.get());
			}
		}

		assertThat(answers).as("retries 201 or 409 (a twin completes it), webhooks 200")
			.allMatch(status -> List.of(200, 201, 409).contains(status));
		purchase(holdId, buyer, key, CARD).expectStatus().isCreated();
		assertThat(orders(event)).isEqualTo(1);
		assertThat(tickets(event)).isEqualTo(1);
		assertThat(stripe.intent(paid.id()).orElseThrow().captured()).isTrue();
		assertThat(requestsOf("/v1/refunds", "refund-" + paid.id())).isEmpty();
	}

	@Test
	void anAuthenticationNeverFinishedIsGivenUpByTheRecoveryJob() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-2");
		String key = "abandoned-" + UUID.randomUUID();
		actionRequired(holdId, buyer, key);

		clock.advance(Duration.ofMinutes(5));
		recovery.recoverNow().block();
		assertThat(intentsOf(key).get(0).status()).as("left alone within the action timeout")
			.isEqualTo("requires_action");

		clock.advance(Duration.ofMinutes(6));
		recovery.recoverNow().block();

		assertThat(intentsOf(key)).singleElement().satisfies(pi -> assertThat(pi.status()).isEqualTo("canceled"));
		assertProblem(purchase(holdId, buyer, key, CARD).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody(), HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable");
		assertThat(orders(event)).isZero();
	}

}
