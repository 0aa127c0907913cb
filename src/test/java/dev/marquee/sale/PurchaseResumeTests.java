package dev.marquee.sale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.marquee.support.ChaosProxy;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.TestServices;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL cut between a purchase's charge and its order: the buyer is told 503
 * {@code order-pending}, the charge and the sold seats are kept, and the same
 * Idempotency-Key retried later completes the purchase, once. A buyer who never retries
 * is refunded by the recovery job, and a retry racing that job gets the order or the
 * refund, never both.
 */
@DirtiesContext // a context of its own (PostgreSQL through a proxy): close it when done
class PurchaseResumeTests extends IntegrationTest {

	static final ChaosProxy postgresProxy = new ChaosProxy(TestServices.get().postgresHost,
			TestServices.get().postgresPort);

	@DynamicPropertySource
	static void throughProxy(DynamicPropertyRegistry registry) {
		registry.add("spring.r2dbc.properties.port", postgresProxy::port);
	}

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	StrandedPaymentRecovery recovery;

	@Autowired
	AttemptRepository attempts;

	@Autowired
	PaymentProperties properties;

	@AfterEach
	void restore() {
		postgresProxy.restore();
	}

	/** What the recovery job reads when it runs now. */
	private List<AttemptRepository.Attempt> stranded() {
		Instant before = clock.instant().minus(properties.recoveryAfter());
		return attempts.strandedCharges(before, before).collectList().block();
	}

	/**
	 * Starts a purchase with the slow card and cuts PostgreSQL once it is charged;
	 * answers its status.
	 */
	private int purchaseCutAfterTheCharge(String holdId, String buyer, String key) throws Exception {
		var inFlight = CompletableFuture
			.supplyAsync(() -> purchase(holdId, buyer, key, "tok_slow").returnResult(Void.class).getStatus().value());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> gateway.ledger().stream().anyMatch(charge -> charge.idempotencyKey().startsWith(key + ":")));
		postgresProxy.cut();
		try {
			return inFlight.get(30, TimeUnit.SECONDS);
		}
		finally {
			postgresProxy.restore();
		}
	}

	private long captured(String key) {
		return gateway.captured().stream().filter(charge -> charge.idempotencyKey().startsWith(key + ":")).count();
	}

	@Test
	void aRetryWithTheSameKeyCompletesTheOrderOnce() throws Exception {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-1");
		int first = purchaseCutAfterTheCharge(holdId, buyer, "resume-me");
		assertThat(first).isEqualTo(503);
		assertThat(orders(event)).isZero();

		// PostgreSQL is back: the same key completes the purchase, with the charge
		// already taken
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> purchase(holdId, buyer, "resume-me", "tok_visa").returnResult(Void.class)
				.getStatus()
				.value() != 503);
		var order = purchase(holdId, buyer, "resume-me", "tok_slow").expectStatus()
			.is2xxSuccessful()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(order).containsEntry("status", "CONFIRMED");
		assertThat(List.of(orders(event), tickets(event))).containsExactly(1L, 1L);
		assertThat(captured("resume-me")).isEqualTo(1);
		assertThat(gateway.ledger()).filteredOn(charge -> charge.idempotencyKey().startsWith("resume-me:")).hasSize(1);
		assertThat(statuses(event)).isEqualTo("....X...");

		// and the recovery job, later, leaves a completed purchase alone
		clock.advance(properties.recoveryAfter().plusSeconds(1));
		assertThat(recovery.recoverNow().block()).isZero();
		assertThat(captured("resume-me")).isEqualTo(1);
	}

	@Test
	void aRetryRacingTheRecoveryJobEitherCompletesOrIsRefundedNeverBoth() throws Exception {
		UUID event = event(4);
		List<String> keys = List.of("race-1", "race-2", "race-3");
		List<String> buyers = keys.stream().map(k -> buyer()).toList();
		List<String> holdIds = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			holdIds.add(held(event, buyers.get(i), "S-A-" + (i + 1)));
		}
		// three purchases charged, then PostgreSQL goes away under all of them
		var inFlight = IntStream.range(0, keys.size())
			.mapToObj(i -> CompletableFuture.supplyAsync(
					() -> purchase(holdIds.get(i), buyers.get(i), keys.get(i), "tok_slow").returnResult(Void.class)
						.getStatus()
						.value()))
			.toList();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> keys.stream()
				.allMatch(k -> gateway.ledger()
					.stream()
					.anyMatch(charge -> charge.idempotencyKey().startsWith(k + ":"))));
		postgresProxy.cut();
		try {
			for (var answer : inFlight) {
				// one that got its answer before the cut completed
				assertThat(answer.get(30, TimeUnit.SECONDS)).isIn(201, 503);
			}
		}
		finally {
			postgresProxy.restore();
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> orders(event) >= 0);

		// past recovery-after, the buyers retry at the very moment the recovery job runs
		clock.advance(properties.recoveryAfter().plusSeconds(1));
		var start = new CountDownLatch(1);
		var retries = IntStream.range(0, keys.size()).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
			await().until(() -> start.getCount() == 0);
			return purchase(holdIds.get(i), buyers.get(i), keys.get(i), "tok_slow").returnResult(Void.class)
				.getStatus()
				.value();
		})).toList();
		var recovering = CompletableFuture.supplyAsync(() -> {
			await().until(() -> start.getCount() == 0);
			return recovery.recoverNow().block();
		});
		start.countDown();
		recovering.get(30, TimeUnit.SECONDS);
		for (var retry : retries) {
			assertThat(retry.get(30, TimeUnit.SECONDS)).isIn(200, 201, 409, 503);
		}
		// whatever was left goes to the next run
		recovery.recoverNow().block();

		for (int i = 0; i < keys.size(); i++) {
			long orders = count("select count(*) from orders where hold_id = cast(:event as uuid)", holdIds.get(i));
			assertThat(List.of(orders, captured(keys.get(i)))).as("order and kept charge of %s", keys.get(i))
				.isIn(List.of(0L, 0L), List.of(1L, 1L));
		}
		assertThat(statuses(event).chars().filter(c -> c == 'X').count()).isEqualTo(tickets(event));
		assertThat(statuses(event).chars().filter(c -> c == 'H').count()).isZero();
	}

	@Test
	void whenTheRetryCompletesFirstTheRecoveryJobRefundsNothing() throws Exception {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		assertThat(purchaseCutAfterTheCharge(holdId, buyer, "first-retry")).isEqualTo(503);
		clock.advance(properties.recoveryAfter().plusSeconds(1));
		// the job reads the stranded attempt, then the buyer's retry completes it before
		// the job gets to it
		List<AttemptRepository.Attempt> read = stranded();
		assertThat(read).anyMatch(attempt -> attempt.idempotencyKey().equals("first-retry"));
		purchase(holdId, buyer, "first-retry", "tok_slow").expectStatus().is2xxSuccessful();

		assertThat(recovery.recover(read).block()).isZero();
		assertThat(List.of(orders(event), tickets(event), captured("first-retry"))).containsExactly(1L, 1L, 1L);
		assertThat(statuses(event)).isEqualTo("X.......");
	}

	@Test
	void whenTheRecoveryJobRefundsFirstTheRetryGetsTheRefundNotAnOrder() throws Exception {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-2");
		assertThat(purchaseCutAfterTheCharge(holdId, buyer, "first-refund")).isEqualTo(503);
		clock.advance(properties.recoveryAfter().plusSeconds(1));
		assertThat(recovery.recoverNow().block()).isEqualTo(1);

		var problem = purchase(holdId, buyer, "first-refund", "tok_slow").expectStatus()
			.isEqualTo(503)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(problem).containsEntry("replayed", true);
		assertThat(List.of(orders(event), tickets(event), captured("first-refund"))).containsExactly(0L, 0L, 0L);
		// and the seat is for sale again
		assertThat(statuses(event)).isEqualTo("........");
	}

	@Test
	void aChargeThatLandsAfterTheRecoveryJobSettledItsAttemptIsRefundedAndItsSeatGoesBackOnSale() throws Exception {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-3");
		// the slow card: taken at once, its answer comes back 1.5 s later
		var inFlight = CompletableFuture
			.supplyAsync(() -> purchase(holdId, buyer, "overtaken", "tok_slow").expectBody(JSON).returnResult());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> gateway.ledger()
				.stream()
				.anyMatch(charge -> charge.idempotencyKey().startsWith("overtaken:")));
		// meanwhile the node looks stalled past recovery-after: the job takes the attempt
		// over and refunds its charge, before the charge's answer reaches the purchase
		clock.advance(properties.recoveryAfter().plusSeconds(1));
		List<AttemptRepository.Attempt> overtaken = stranded().stream()
			.filter(attempt -> attempt.idempotencyKey().equals("overtaken"))
			.toList();
		assertThat(overtaken).singleElement()
			.satisfies(attempt -> assertThat(attempt.status()).isEqualTo(AttemptStatus.PENDING));
		assertThat(recovery.recover(overtaken).block()).isEqualTo(1);

		var answer = inFlight.get(30, TimeUnit.SECONDS);
		assertThat(answer.getStatus().value()).isEqualTo(503);
		assertThat((String) answer.getResponseBody().get("detail")).contains("refunded");
		assertThat(List.of(orders(event), tickets(event), captured("overtaken"))).containsExactly(0L, 0L, 0L);
		assertThat(gateway.ledger()).filteredOn(charge -> charge.idempotencyKey().startsWith("overtaken:"))
			.singleElement()
			.satisfies(charge -> assertThat(charge.refunded()).isTrue());
		// the seat the purchase sold in Redis meanwhile is for sale again
		assertThat(statuses(event)).isEqualTo("........");
	}

}
