package dev.marquee.sale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money is exactly right under every interleaving: for hundreds of holds, a random
 * handful of purchases (retries with the same Idempotency-Key, new keys, approved,
 * declined and timed-out charges) and recovery passes run at once, and after the dust
 * settles (recovery passes until no attempt is left open) three invariants hold for each
 * hold:
 * <ul>
 * <li>never an order whose charge was refunded;</li>
 * <li>never an approved charge that has neither an order nor a refund;</li>
 * <li>never two kept charges for one order (nor a kept charge without one).</li>
 * </ul>
 * With {@code recovery-after} at 300 ms and the operations spread over most of a second,
 * recovery passes take over attempts whose charge timed out while same-key retries resume
 * them.
 */
@TestPropertySource(properties = { "marquee.payment.timeout=120ms", "marquee.payment.slow-latency=250ms",
		"marquee.payment.recovery-after=300ms" })
@DirtiesContext // its own context hears the same Redis expiries: close it so it cannot
				// take other tests'
class PurchaseRaceTests extends IntegrationTest {

	private static final int BATCHES = 20;

	private static final int HOLDS_PER_BATCH = 16;

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	StrandedPaymentRecovery recovery;

	@Autowired
	AttemptRepository attempts;

	@Autowired
	PaymentProperties properties;

	private record Round(String user, String token, String holdId, String seatId) {
	}

	@Test
	void purchasesRetriesTimeoutsAndRecoveryInAnyInterleavingNeverLoseOrDoubleMoney() {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		for (int batch = 0; batch < BATCHES; batch++) {
			UUID event = event(HOLDS_PER_BATCH / 2);
			List<Round> rounds = new ArrayList<>();
			for (int i = 0; i < HOLDS_PER_BATCH; i++) {
				String user = "race-" + UUID.randomUUID();
				String token = token(user);
				String seat = "S-" + (i % 2 == 0 ? "A" : "B") + "-" + (i / 2 + 1);
				rounds.add(new Round(user, token, held(event, token, seat), seat));
			}
			List<Mono<?>> everything = new ArrayList<>();
			for (Round round : rounds) {
				everything.addAll(operations(round, random));
			}
			Flux.fromIterable(everything)
				.flatMap(op -> op.subscribeOn(Schedulers.boundedElastic()), everything.size())
				.then()
				.block(Duration.ofSeconds(60));
			for (Round round : rounds) {
				settle(round);
				check(round, event, seed);
			}
		}
	}

	/**
	 * Two to five things done to one hold at about the same moment, each after a random
	 * jitter.
	 */
	private List<Mono<?>> operations(Round round, Random random) {
		String firstKey = "k1-" + UUID.randomUUID();
		// a retry repeats its request: the same key with the same card
		String firstCard = card(random);
		List<Mono<?>> ops = new ArrayList<>();
		int count = 2 + random.nextInt(4);
		for (int i = 0; i < count; i++) {
			Duration jitter = Duration.ofMillis(random.nextInt(700));
			Mono<?> op = switch (random.nextInt(3)) {
				case 0 -> buy(round, firstKey, firstCard);
				case 1 -> buy(round, "kn-" + UUID.randomUUID(), card(random));
				default -> recoveryPass(round);
			};
			ops.add(Mono.delay(jitter).then(op));
		}
		return ops;
	}

	private static String card(Random random) {
		return switch (random.nextInt(5)) {
			case 0, 1 -> "tok_visa";
			case 2, 3 -> "tok_slow"; // approved, but its answer comes after the purchase
										// gave up
			default -> "tok_chargeDeclined";
		};
	}

	private Mono<Integer> buy(Round round, String key, String card) {
		return webClient().post().uri("/api/v1/holds/{id}/purchase", round.holdId()).headers(h -> {
			h.setBearerAuth(round.token());
			h.set("Idempotency-Key", key);
		})
			.bodyValue(Map.of("paymentToken", card))
			.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
			.doOnNext(status -> assertThat(status).as("purchase answer").isIn(201, 200, 402, 409, 410, 503));
	}

	/**
	 * The recovery job's pass over this hold's attempts left open for longer than
	 * recovery-after.
	 */
	private Mono<Long> recoveryPass(Round round) {
		return Mono.defer(() -> openAttempts(round, clock.instant().minus(properties.recoveryAfter())).collectList()
			.flatMap(recovery::recover));
	}

	private Flux<AttemptRepository.Attempt> openAttempts(Round round, Instant before) {
		return attempts.strandedCharges(before, before).filter(a -> a.holdId().toString().equals(round.holdId()));
	}

	/**
	 * With every purchase answered, the recovery job's later passes settle whatever is
	 * still open.
	 */
	private void settle(Round round) {
		Instant later = clock.instant().plus(Duration.ofDays(1));
		for (int pass = 0; pass < 10 && Boolean.TRUE.equals(openAttempts(round, later).hasElements().block()); pass++) {
			openAttempts(round, later).collectList().flatMap(recovery::recover).block(Duration.ofSeconds(30));
		}
		assertThat(openAttempts(round, later).collectList().block()).as("attempts left open").isEmpty();
	}

	private void check(Round round, UUID event, long seed) {
		List<String> orderPayments = db.sql("select payment_id from orders where hold_id = :hold")
			.bind("hold", UUID.fromString(round.holdId()))
			.map(row -> row.get("payment_id", String.class))
			.all()
			.collectList()
			.block();
		List<SimulatedPaymentGateway.LedgerEntry> charges = gateway.ledger()
			.stream()
			.filter(c -> c.idempotencyKey().endsWith(":" + round.user()))
			.toList();
		List<String> kept = charges.stream()
			.filter(c -> c.approved() && !c.refunded())
			.map(c -> c.paymentId())
			.toList();
		List<String> attempts = db
			.sql("select idempotency_key, status, payment_id, problem_slug from purchase_attempt"
					+ " where hold_id = :hold")
			.bind("hold", UUID.fromString(round.holdId()))
			.map(row -> row.get(0, String.class) + "=" + row.get(1, String.class) + "/" + row.get(2, String.class) + "/"
					+ row.get(3, String.class))
			.all()
			.collectList()
			.block();
		String context = "seed " + seed + ", hold " + round.holdId() + ", charges " + charges + ", orders "
				+ orderPayments + ", attempts " + attempts;
		assertThat(orderPayments).as("at most one order per hold; " + context).hasSizeLessThanOrEqualTo(1);
		// never an order whose charge was refunded; never a kept charge without an order;
		// never two
		assertThat(kept).as("kept charges are exactly the order's; " + context)
			.containsExactlyInAnyOrderElementsOf(orderPayments);
		long tickets = count("select count(*) from ticket where event_id = :event and seat_id = '" + round.seatId()
				+ "' and status = 'VALID'", event);
		assertThat(tickets).as("tickets; " + context).isEqualTo(orderPayments.size());
	}

}
