package dev.marquee.sale;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway takes the money but its answer never arrives in time: the buyer gets a 503
 * and keeps the hold; retrying with the same Idempotency-Key completes the purchase
 * without a second charge, and a buyer who never retries is refunded by the recovery job.
 */
@TestPropertySource(properties = { "marquee.payment.timeout=300ms", "marquee.payment.slow-latency=1500ms" })
@DirtiesContext // its own context hears the same Redis expiries: close it so it cannot
				// take other tests'
class PaymentTimeoutTests extends IntegrationTest {

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	StrandedPaymentRecovery recovery;

	private List<SimulatedPaymentGateway.LedgerEntry> charges(String key) {
		return gateway.ledger().stream().filter(e -> e.idempotencyKey().startsWith(key + ":")).toList();
	}

	@Test
	void aRetryWithTheSameKeyCompletesWithoutASecondCharge() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String key = "lost-" + UUID.randomUUID();

		var problem = purchase(holdId, buyer, key, "tok_slow").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable");
		assertThat(statuses(event)).isEqualTo("H.......");
		assertThat(charges(key)).singleElement().satisfies(c -> assertThat(c.approved()).isTrue());

		purchase(holdId, buyer, key, "tok_slow").expectStatus().isCreated();

		assertThat(charges(key)).singleElement().satisfies(c -> assertThat(c.refunded()).isFalse());
		assertThat(statuses(event)).isEqualTo("X.......");
		assertThat(orders(event)).isEqualTo(1);
	}

	@Test
	void aBuyerWhoNeverRetriesIsRefunded() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-2");
		String key = "lost-" + UUID.randomUUID();
		purchase(holdId, buyer, key, "tok_slow").expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

		clock.advance(Duration.ofMinutes(3));
		assertThat(recovery.recoverNow().block()).isGreaterThanOrEqualTo(1);

		assertThat(charges(key)).singleElement().satisfies(c -> assertThat(c.refunded()).isTrue());
		assertThat(orders(event)).isZero();
		// the same key now answers what happened instead of charging again
		var problem = purchase(holdId, buyer, key, "tok_slow").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat((String) problem.get("detail")).contains("refunded");
		assertThat(charges(key)).hasSize(1);
	}

	@Test
	void aTimedOutChargeIsRefundedEvenWhenTheSameHoldWasThenBoughtWithANewKey() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-3");
		String lost = "lost-" + UUID.randomUUID();
		String fresh = "fresh-" + UUID.randomUUID();
		// the first charge goes through but its answer is lost; the buyer gives up on it
		// and pays again
		purchase(holdId, buyer, lost, "tok_slow").expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		purchase(holdId, buyer, fresh, "tok_visa").expectStatus().isCreated();

		clock.advance(Duration.ofMinutes(3));
		assertThat(recovery.recoverNow().block()).isEqualTo(1);

		// the order carries the second charge; the first one belongs to no order and is
		// refunded
		assertThat(charges(lost)).singleElement().satisfies(c -> assertThat(c.refunded()).isTrue());
		assertThat(charges(fresh)).singleElement().satisfies(c -> assertThat(c.refunded()).isFalse());
		assertThat(orders(event)).isEqualTo(1);
		assertThat(statuses(event)).isEqualTo("..X.....");
		// and a retry of the lost purchase now answers the refund instead of the other
		// purchase's order
		var problem = purchase(holdId, buyer, lost, "tok_slow").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat((String) problem.get("detail")).contains("refunded");
	}

}
