package dev.marquee.sale;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.shared.Money;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL is the truth for sold seats. When Redis loses an event's state, the sold
 * view is rebuilt from PostgreSQL, and until then the unique constraint still refuses a
 * second sale (refunding the would-be buyer). A node that died between charge and order
 * is settled by the recovery job with a refund.
 */
class RedisLossTests extends IntegrationTest {

	@Autowired
	SoldSeatsReconciler reconciler;

	@Autowired
	StrandedPaymentRecovery recovery;

	@Autowired
	SimulatedPaymentGateway gateway;

	private void forgetEventInRedis(UUID event) {
		var keys = redisKeys(event);
		assertThat(keys).isNotEmpty();
		redis.delete(keys.toArray(String[]::new)).block();
	}

	private void sell(UUID event, String seat) {
		String buyer = buyer();
		String holdId = held(event, buyer, seat);
		purchase(holdId, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
	}

	@Test
	void soldSeatsAreRebuiltFromPostgresWhenRedisLosesAnEvent() {
		UUID event = event(4);
		sell(event, "S-A-1");
		sell(event, "S-B-4");
		long seqBefore = seq(event);
		forgetEventInRedis(event);
		assertThat(statuses(event)).isEqualTo("........");

		reconciler.reconcile().block();

		assertThat(statuses(event)).isEqualTo("X......X");
		// the new seq starts above anything a client saw, so every client resyncs
		assertThat(seq(event)).isGreaterThan(seqBefore);
	}

	@Test
	void aSeatIsNeverSoldTwiceEvenIfRedisForgetsItWasSold() {
		UUID event = event(4);
		sell(event, "S-A-2");
		forgetEventInRedis(event);

		String second = buyer();
		String holdId = held(event, second, "S-A-2");
		String key = "k-" + UUID.randomUUID();
		var problem = purchase(holdId, second, key, "tok_visa").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertProblem(problem, HttpStatus.CONFLICT, "seat-unavailable");
		assertThat(problem.get("refunded")).isEqualTo(true);
		assertThat(tickets(event)).isEqualTo(1);
		assertThat(gateway.ledger()).filteredOn(c -> c.idempotencyKey().startsWith(key + ":"))
			.singleElement()
			.satisfies(c -> assertThat(c.refunded()).isTrue());
		assertThat(statuses(event).charAt(1)).isEqualTo('X');
	}

	@Test
	void aChargeStrandedByADeadNodeIsRefunded() {
		String key = "stranded-" + UUID.randomUUID();
		var charge = gateway.charge(key + ":ghost", new Money(5000, "EUR"), "tok_visa").block();
		Instant longAgo = clock.instant().minus(Duration.ofMinutes(10));
		db.sql("""
				insert into purchase_attempt (user_id, idempotency_key, fingerprint, hold_id, status, payment_id, created_at, updated_at)
				values ('ghost', :key, 'x', :hold, 'CHARGED', :payment, :at, :at)""")
			.bind("key", key)
			.bind("hold", UUID.randomUUID())
			.bind("payment", charge.paymentId())
			.bind("at", longAgo.atOffset(ZoneOffset.UTC))
			.then()
			.block();

		assertThat(recovery.recoverNow().block()).isGreaterThanOrEqualTo(1);

		assertThat(gateway.ledger()).filteredOn(c -> c.paymentId().equals(charge.paymentId()))
			.singleElement()
			.satisfies(c -> assertThat(c.refunded()).isTrue());
		String status = db.sql("select status from purchase_attempt where idempotency_key = :key")
			.bind("key", key)
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		assertThat(status).isEqualTo("REFUNDED");
	}

}
