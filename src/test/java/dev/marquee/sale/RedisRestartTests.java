package dev.marquee.sale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.marquee.hold.SeatsReleased;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.RedisServerProcess;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis restarted, and so flushed, in the middle of a sale: a real {@code redis-server}
 * of this class's own is stopped and started again empty on the same port. While it is
 * down holds and the seat map are 503 problems and nothing is charged; once it is back
 * the application reconnects, the sold seats are rebuilt from PostgreSQL, holds from
 * before the restart are gone (their seats free, their purchases refused), no seat is
 * ever sold twice and no money is kept without its tickets.
 */
@DirtiesContext // the context follows its own Redis, which is gone after this class
class RedisRestartTests extends IntegrationTest {

	static final RedisServerProcess redisServer = RedisServerProcess.startOnFreePort();

	// the base class names the shared Redis; a URL takes precedence over its host and
	// port. The sweep runs as often as in production, so it is the application that
	// re-enables the expiry notifications the restarted server forgot
	@DynamicPropertySource
	static void ownRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", redisServer::url);
		registry.add("marquee.hold.sweep-interval", () -> "1s");
	}

	@Autowired
	SoldSeatsReconciler reconciler;

	@Autowired
	StrandedPaymentRecovery recovery;

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	PaymentProperties payments;

	@AfterEach
	void redisRunsAgain() {
		redisServer.start();
		awaitRedisReachable();
	}

	@Test
	void whileRedisIsDownHoldsAndTheSeatMapAre503AndAPurchaseChargesNothing() {
		UUID event = event(4);
		sell(event, "S-A-1");
		sell(event, "S-A-2");
		String holder = buyer();
		String holdId = held(event, holder, "S-B-1");
		assertThat(statuses(event)).isEqualTo("XX..H...");

		redisServer.stop();

		assertUnavailable(hold(event, buyer(), "S-A-3"));
		assertUnavailable(hold(event, buyer(), "S-A-1"));
		assertUnavailable(http().get().uri("/api/v1/events/{id}/availability", event).exchange());
		assertUnavailable(http().get().uri("/api/v1/events/{id}/seats", event).exchange());
		assertUnavailable(
				http().get().uri("/api/v1/holds/{id}", holdId).headers(h -> h.setBearerAuth(holder)).exchange());
		String key = "down-" + UUID.randomUUID();
		assertUnavailable(purchase(holdId, holder, key, "tok_visa"));

		assertThat(gateway.ledger()).noneMatch(charge -> charge.idempotencyKey().startsWith(key + ":"));
		assertThat(countWhere("select count(*) from purchase_attempt where idempotency_key = :value", key)).isZero();
		assertThat(orders(event)).isEqualTo(2);
		assertThat(tickets(event)).isEqualTo(2);
	}

	@Test
	void aPurchaseWhoseRedisStopsBetweenChargeAndSaleIsRefundedByTheRecoveryJob() throws Exception {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-4");
		String key = "mid-" + UUID.randomUUID();
		// the slow card keeps the purchase between its charge and the sale for a while
		var inFlight = CompletableFuture.supplyAsync(() -> purchase(holdId, buyer, key, "tok_slow"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> gateway.ledger().stream().anyMatch(charge -> charge.idempotencyKey().startsWith(key + ":")));
		redisServer.stop();

		assertUnavailable(inFlight.get(30, TimeUnit.SECONDS));
		assertThat(orders(event)).isZero();
		assertThat(tickets(event)).isZero();

		redisServer.start();
		awaitRedisReachable();
		assertNoMoneyWithoutTickets(key);
		assertThat(gateway.ledger()).filteredOn(charge -> charge.idempotencyKey().startsWith(key + ":"))
			.singleElement()
			.satisfies(charge -> assertThat(charge.refunded()).isTrue());
		// the hold went with the restart: its seat is free for the next buyer
		assertThat(statuses(event)).isEqualTo("........");
	}

	@Test
	void afterARestartTheAppReconnectsRebuildsSoldSeatsAndHoldsFromBeforeAreGone() {
		UUID event = event(4);
		sell(event, "S-A-1");
		sell(event, "S-B-4");
		String holder = buyer();
		String oldHold = held(event, holder, "S-A-3");
		assertThat(statuses(event)).isEqualTo("X.H....X");
		long seqBefore = seq(event);

		redisServer.restart();
		awaitRedisReachable();
		// Redis came back empty: until the reconciler runs it knows nothing of the sale
		assertThat(statuses(event)).isEqualTo("........");

		reconciler.reconcile().block();

		assertThat(statuses(event)).isEqualTo("X......X");
		// above anything a client saw before the restart, so live clients resync
		assertThat(seq(event)).isGreaterThan(seqBefore);
		// the sold seats are refused at the hold; the held-but-unpaid one is simply free
		// again
		assertProblem(hold(event, buyer(), "S-A-1").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody(), HttpStatus.CONFLICT, "seat-unavailable");
		String key = "old-" + UUID.randomUUID();
		assertProblem(purchase(oldHold, holder, key, "tok_visa").expectStatus()
			.isNotFound()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody(), HttpStatus.NOT_FOUND, "hold-not-found");
		assertThat(gateway.ledger()).noneMatch(charge -> charge.idempotencyKey().startsWith(key + ":"));
		String next = buyer();
		String newHold = held(event, next, "S-A-3");
		purchase(newHold, next, "new-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
		assertThat(statuses(event)).isEqualTo("X.X....X");
		assertThat(tickets(event)).isEqualTo(3);
	}

	@Test
	void soldSeatsAreRebuiltEvenIfABuyerHoldsBeforeTheReconcilerRuns() {
		UUID event = event(4);
		sell(event, "S-A-1");
		sell(event, "S-A-2");
		long seqBefore = seq(event);

		redisServer.restart();
		awaitRedisReachable();
		// the first buyer after the restart is faster than the reconciler
		held(event, buyer(), "S-B-1");
		// and one holds a sold seat Redis forgot: PostgreSQL refuses the second sale and
		// refunds
		String late = buyer();
		String lateHold = held(event, late, "S-A-2");
		String key = "late-" + UUID.randomUUID();
		var problem = purchase(lateHold, late, key, "tok_visa").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.CONFLICT, "seat-unavailable");
		assertThat(gateway.ledger()).filteredOn(charge -> charge.idempotencyKey().startsWith(key + ":"))
			.singleElement()
			.satisfies(charge -> assertThat(charge.refunded()).isTrue());

		reconciler.reconcile().block();

		assertThat(statuses(event)).isEqualTo("XX..H...");
		assertThat(seq(event)).isGreaterThan(seqBefore);
		assertThat(liveTickets(event, "S-A-2")).isEqualTo(1);
	}

	@Test
	void anAbandonedHoldAfterTheRestartIsReleasedWhenItExpires() {
		UUID event = event(4, Map.of("holdTtlSeconds", 1));
		redisServer.restart();
		awaitRedisReachable();
		// the restarted server forgot the expiry notification flags; the application sets
		// them again
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			String flags = notificationFlags();
			assertThat(flags).contains("E");
			assertThat(flags.contains("x") || flags.contains("A")).isTrue();
		});

		held(event, buyer(), "S-A-1", "S-B-2");
		assertThat(statuses(event)).isEqualTo("H....H..");

		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !recorded.of(event, SeatsReleased.class).isEmpty());
		assertThat(recorded.of(event, SeatsReleased.class)).singleElement().satisfies(released -> {
			assertThat(released.reason()).isEqualTo(SeatsReleased.Reason.EXPIRED);
			assertThat(released.seatIds()).containsExactlyInAnyOrder("S-A-1", "S-B-2");
		});
		assertThat(statuses(event)).isEqualTo("........");
	}

	@Test
	void buyersRacingThroughARestartNeverGetOneSeatTwiceNorPayWithoutTickets() throws Exception {
		UUID event = event(4);
		sell(event, "S-A-1");
		String tag = "race-" + UUID.randomUUID();
		Set<Integer> answers = ConcurrentHashMap.newKeySet();

		// first wave: eight buyers race for the sold seat and a free one, through the
		// outage and into the restarted Redis that has forgotten the sale
		redisServer.stop();
		List<Buyer> wave = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			wave.add(new Buyer(event, "S-A-1", tag, answers));
			wave.add(new Buyer(event, "S-A-2", tag, answers));
		}
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<Outcome>> outcomes = wave.stream()
				.map(buyer -> CompletableFuture.supplyAsync(buyer::untilSettled, pool))
				.toList();
			await().atMost(Duration.ofSeconds(10)).until(() -> answers.contains(503));
			redisServer.start();
			awaitRedisReachable();
			reconciler.reconcile().block();
			for (var outcome : outcomes) {
				assertThat(outcome.get(60, TimeUnit.SECONDS)).isIn(Outcome.BOUGHT, Outcome.REFUSED);
			}
		}
		assertThat(liveTickets(event, "S-A-1")).isEqualTo(1);
		assertThat(liveTickets(event, "S-A-2")).isEqualTo(1);
		assertThat(wave).filteredOn(buyer -> buyer.seat.equals("S-A-1"))
			.allSatisfy(buyer -> assertThat(buyer.outcome).isEqualTo(Outcome.REFUSED));

		// second wave, after the recovery: the sold seats are refused at once and a free
		// one goes once
		List<Buyer> after = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			after.add(new Buyer(event, "S-A-1", tag, answers));
			after.add(new Buyer(event, "S-A-2", tag, answers));
			after.add(new Buyer(event, "S-A-3", tag, answers));
		}
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<Outcome>> outcomes = after.stream()
				.map(buyer -> CompletableFuture.supplyAsync(buyer::untilSettled, pool))
				.toList();
			for (var outcome : outcomes) {
				assertThat(outcome.get(60, TimeUnit.SECONDS)).isIn(Outcome.BOUGHT, Outcome.REFUSED);
			}
		}
		assertThat(after).filteredOn(buyer -> !buyer.seat.equals("S-A-3"))
			.allSatisfy(buyer -> assertThat(buyer.outcome).isEqualTo(Outcome.REFUSED));
		assertThat(after).filteredOn(buyer -> buyer.seat.equals("S-A-3"))
			.filteredOn(buyer -> buyer.outcome == Outcome.BOUGHT)
			.hasSize(1);
		assertThat(liveTickets(event, "S-A-3")).isEqualTo(1);

		// never a server error, only clean answers: the 503s of the outage and 201, 404,
		// 409, 410
		assertThat(answers).isSubsetOf(201, 404, 409, 410, 503);
		assertThat(count("""
				select count(*) from (select seat_id from ticket where event_id = :event and status in ('VALID', 'USED')
				group by seat_id having count(*) > 1) twice""", event)).isZero();
		assertNoMoneyWithoutTickets(tag);
		assertThat(statuses(event)).isEqualTo("XXX.....");
	}

	enum Outcome {

		BOUGHT, REFUSED

	}

	/**
	 * One buyer who wants one seat and keeps trying through an outage as a client would:
	 * holds, pays, retries a 503 with the same key, starts over when the hold vanished,
	 * and stops at a ticket or a refusal.
	 */
	private final class Buyer {

		final UUID event;

		final String seat;

		final String tag;

		final Set<Integer> answers;

		final String token = buyer();

		volatile Outcome outcome;

		String holdId;

		String key;

		Buyer(UUID event, String seat, String tag, Set<Integer> answers) {
			this.event = event;
			this.seat = seat;
			this.tag = tag;
			this.answers = answers;
		}

		Outcome untilSettled() {
			await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(this::settled);
			return outcome;
		}

		private boolean settled() {
			if (holdId == null) {
				var answer = hold(event, token, seat).expectBody(JSON).returnResult();
				int status = answer.getStatus().value();
				answers.add(status);
				if (status == 201) {
					holdId = (String) answer.getResponseBody().get("holdId");
					key = tag + "-" + UUID.randomUUID();
				}
				else if (status == 409) {
					outcome = Outcome.REFUSED;
				}
				return outcome != null;
			}
			var answer = purchase(holdId, token, key, "tok_visa").expectBody(JSON).returnResult();
			int status = answer.getStatus().value();
			answers.add(status);
			String type = answer.getResponseBody() == null ? "" : String.valueOf(answer.getResponseBody().get("type"));
			if (status == 201) {
				outcome = Outcome.BOUGHT;
			}
			else if (status == 409 && type.endsWith("/seat-unavailable")) {
				// PostgreSQL already had the seat sold (Redis had forgotten): refused,
				// and refunded
				outcome = Outcome.REFUSED;
			}
			else if (status != 503) {
				// the hold went with the restart (404, 410) or its payment is left to the
				// recovery job (409 in progress): start over with a new hold
				holdId = null;
			}
			return outcome != null;
		}

	}

	private void sell(UUID event, String seat) {
		String buyer = buyer();
		String holdId = held(event, buyer, seat);
		purchase(holdId, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
	}

	/**
	 * A 503 problem with Retry-After, never a 500: the backing service is down, nothing
	 * changed.
	 */
	private static void assertUnavailable(WebTestClient.ResponseSpec response) {
		var problem = response.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
	}

	/**
	 * The application talks to Redis again (Lettuce reconnects by itself, with a
	 * backoff).
	 */
	private void awaitRedisReachable() {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> redis.hasKey("restart-probe").block() != null);
	}

	private long liveTickets(UUID event, String seat) {
		return db.sql(
				"select count(*) from ticket where event_id = :event and seat_id = :seat and status in ('VALID', 'USED')")
			.bind("event", event)
			.bind("seat", seat)
			.map(row -> row.get(0, Long.class))
			.one()
			.block();
	}

	private long countWhere(String sql, String value) {
		return db.sql(sql).bind("value", value).map(row -> row.get(0, Long.class)).one().block();
	}

	private String notificationFlags() {
		return redis.getConnectionFactory()
			.getReactiveConnection()
			.serverCommands()
			.getConfig("notify-keyspace-events")
			.map(p -> p.values().iterator().next().toString())
			.block();
	}

	/**
	 * Lets the recovery job settle every charge left without an answer or an order (the
	 * clock moved past its waiting time), then checks that every charge still captured
	 * has its order.
	 */
	private void assertNoMoneyWithoutTickets(String keyPrefix) {
		clock.advance(payments.recoveryAfter().plusSeconds(1));
		recovery.recoverNow().block();
		var captured = gateway.captured()
			.stream()
			.filter(charge -> charge.idempotencyKey().startsWith(keyPrefix))
			.toList();
		for (var charge : captured) {
			assertThat(countWhere("select count(*) from orders where payment_id = :value", charge.paymentId()))
				.as("orders paid by captured charge %s", charge.idempotencyKey())
				.isEqualTo(1);
		}
		assertThat(countWhere("select count(*) from purchase_attempt where status in ('PENDING', 'CHARGED', 'UNKNOWN') "
				+ "and idempotency_key like :value", keyPrefix + "%"))
			.isZero();
	}

}
