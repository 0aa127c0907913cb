package dev.marquee.sale;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Venues;
import dev.marquee.hold.HoldManagement;
import dev.marquee.pricing.PriceAudit;
import dev.marquee.sale.CancelledOrders.CancelVerdict;
import dev.marquee.shared.Money;
import dev.marquee.support.ModuleTest;
import dev.marquee.support.MutableClock;
import dev.marquee.ticket.Ticket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OrderRepository} and {@link CancelledOrders} on the real PostgreSQL: orders
 * stored together in one statement, each whole or not at all, and the cancel statement's
 * verdict, decided on the order's tickets as they are when it runs. (Same context as
 * {@link PurchaseModuleTests}, which makes the orders.)
 */
@ModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES)
@Import(SaleFixture.class)
class OrderRepositoryTests {

	@Autowired
	OrderRepository orders;

	@Autowired
	CancelledOrders cancelled;

	@Autowired
	CatalogManagement catalog;

	@Autowired
	Venues venues;

	@Autowired
	HoldManagement holds;

	@Autowired
	PurchaseManagement purchases;

	@Autowired
	DatabaseClient db;

	@Autowired
	MutableClock clock;

	private Order bought(String buyer, int... seats) {
		return SaleFixture.bought(catalog, venues, holds, purchases, buyer, clock.instant(), seats);
	}

	@Test
	void aConfirmedOrderIsCancelledOnceAndItsTicketsVoided() {
		Order order = bought("buyer-" + UUID.randomUUID(), 1, 2);
		Instant at = clock.instant();
		StepVerifier.create(cancelled.cancel(order, 5000, at))
			.expectNext(new CancelVerdict(true, 0, 0))
			.verifyComplete();
		StepVerifier.create(cancelled.cancel(order, 5000, at))
			.expectNext(new CancelVerdict(false, 0, 0))
			.verifyComplete();
		StepVerifier.create(orders.find(order.id())).assertNext(found -> {
			assertThat(found.status()).isEqualTo(Order.Status.CANCELLED);
			assertThat(found.tickets()).allSatisfy(t -> assertThat(t.status().name()).isEqualTo("CANCELLED"));
		}).verifyComplete();
		StepVerifier.create(cancelled.cancellation(order.id()))
			.assertNext(c -> assertThat(c.refundStatus()).isEqualTo(RefundStatus.PENDING))
			.verifyComplete();
	}

	@Test
	void anOrderWithAUsedOrTransferredTicketIsNotCancelledAndSaysWhy() {
		Order order = bought("buyer-" + UUID.randomUUID(), 3, 4);
		db.sql("update ticket set status = 'USED' where id = :id")
			.bind("id", order.tickets().get(0).id())
			.then()
			.block();
		db.sql("update ticket set user_id = 'friend' where id = :id")
			.bind("id", order.tickets().get(1).id())
			.then()
			.block();
		StepVerifier.create(cancelled.cancel(order, 0, clock.instant()))
			.expectNext(new CancelVerdict(false, 1, 1))
			.verifyComplete();
		StepVerifier.create(orders.find(order.id()))
			.assertNext(found -> assertThat(found.status()).isEqualTo(Order.Status.CONFIRMED))
			.verifyComplete();
	}

	@Test
	void aRefundGoesThroughOnceAndLeavesThePendingList() {
		Order order = bought("buyer-" + UUID.randomUUID(), 1);
		cancelled.cancel(order, 5000, clock.instant()).block();
		StepVerifier.create(cancelled.pendingRefunds().filter(o -> o.id().equals(order.id())).count())
			.expectNext(1L)
			.verifyComplete();
		StepVerifier.create(cancelled.refunded(order.id()).then(cancelled.cancellation(order.id())))
			.assertNext(c -> assertThat(c.refundStatus()).isEqualTo(RefundStatus.REFUNDED))
			.verifyComplete();
		StepVerifier.create(cancelled.pendingRefunds().filter(o -> o.id().equals(order.id())).count())
			.expectNext(0L)
			.verifyComplete();
	}

	@Autowired
	AttemptRepository attempts;

	/**
	 * Orders asked for while others are being stored go in one statement: each is stored
	 * with its own tickets, audit and outbox row, an order whose attempt was settled
	 * meanwhile is refused alone, and one whose statement fails (its seat already sold)
	 * fails alone: the orders beside it are stored.
	 */
	@Test
	void ordersStoredTogetherAreEachStoredWhole_andARefusedOrFailingOneFailsAlone() {
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		UUID event = SaleFixture.event(catalog, venues, now).id().value();
		ToBuy first = toBuy(event, 100, now);
		orders.save(first.order(), first.attempt(), first.prices()).block();

		List<ToBuy> crowd = new ArrayList<>();
		for (int i = 1; i <= 20; i++) {
			crowd.add(toBuy(event, i == 20 ? 100 : i, now));
		}
		// the recovery job took the tenth's attempt over
		assertThat(attempts.settling(crowd.get(9).attempt(), now).block()).isTrue();

		Map<UUID, String> outcomes = Flux.fromIterable(crowd)
			.flatMap(one -> orders.save(one.order(), one.attempt(), one.prices())
				.map(saved -> Map.entry(one.order().id(), "stored"))
				.onErrorResume(ex -> Mono.just(Map.entry(one.order().id(), ex.getClass().getSimpleName()))))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block();

		UUID settled = crowd.get(9).order().id();
		UUID soldTwice = crowd.get(19).order().id();
		assertThat(outcomes).hasSize(20);
		assertThat(outcomes.get(settled)).isEqualTo("AttemptSettled");
		assertThat(outcomes.get(soldTwice)).isEqualTo("DuplicateKeyException");
		assertThat(outcomes.values().stream().filter("stored"::equals).count()).isEqualTo(18);

		List<UUID> stored = crowd.stream()
			.map(one -> one.order().id())
			.filter(id -> "stored".equals(outcomes.get(id)))
			.toList();
		UUID[] storedIds = stored.toArray(UUID[]::new);
		assertThat(count("select count(*) from orders where id = any(:ids) and event_id = :event", storedIds, event))
			.isEqualTo(18);
		assertThat(count("select count(*) from ticket t join orders o on o.id = t.order_id"
				+ " where o.id = any(:ids) and t.event_id = :event and t.user_id = o.user_id"
				+ " and t.created_at = o.created_at and t.status = 'VALID'", storedIds, event))
			.isEqualTo(18);
		assertThat(count("select count(*) from price_audit a join orders o on o.id = a.order_id"
				+ " where o.id = any(:ids) and a.event_id = :event and a.hold_id = o.hold_id and a.amount_minor = 2500",
				storedIds, event))
			.isEqualTo(18);
		assertThat(
				count("select count(*) from outbox where type = 'OrderConfirmed' and aggregate_id = any(:ids::text[])"
						+ " and payload->>'eventId' = :event::text", storedIds, event))
			.isEqualTo(18);
		assertThat(count("select count(*) from purchase_attempt where order_id = any(:ids) and status = 'CONFIRMED'"
				+ " and payment_id = 'pay-' || order_id", storedIds, null))
			.isEqualTo(18);
		// neither the refused nor the failed one left a row behind
		UUID[] notStored = { settled, soldTwice };
		assertThat(count("select (select count(*) from orders where id = any(:ids)) + (select count(*) from ticket"
				+ " where order_id = any(:ids)) + (select count(*) from price_audit where order_id = any(:ids))"
				+ " + (select count(*) from outbox where aggregate_id = any(:ids::text[]))", notStored, null))
			.isZero();
		assertThat(db.sql("select status from purchase_attempt where user_id = :user and idempotency_key = :key")
			.bind("user", crowd.get(19).attempt().userId())
			.bind("key", crowd.get(19).attempt().idempotencyKey())
			.map(row -> row.get("status", String.class))
			.one()
			.block()).isEqualTo("PENDING");
	}

	private record ToBuy(Order order, AttemptRepository.Attempt attempt, PriceAudit prices) {
	}

	private ToBuy toBuy(UUID event, int seatNumber, Instant now) {
		String buyer = "buyer-" + UUID.randomUUID();
		UUID hold = UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		String seat = SaleFixture.seat(seatNumber);
		Money price = new Money(2500, "EUR");
		AttemptRepository.Attempt attempt = attempts.begin(buyer, "k-" + UUID.randomUUID(), "f", hold, now).block();
		Order order = new Order(orderId, event, buyer, hold, Order.Status.CONFIRMED, price, "pay-" + orderId, now,
				List.of(Ticket.issue(orderId, event, seat, buyer, price, now)));
		PriceAudit prices = new PriceAudit(hold, now.minusSeconds(30),
				List.of(new PriceAudit.Line(seat, "std", price, price, null, null)));
		return new ToBuy(order, attempt, prices);
	}

	private long count(String sql, UUID[] ids, UUID event) {
		var spec = db.sql(sql).bind("ids", ids);
		return (event == null ? spec : spec.bind("event", event)).map(row -> row.get(0, Long.class)).one().block();
	}

}
