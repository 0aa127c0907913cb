package dev.marquee.sale;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Venues;
import dev.marquee.hold.HoldManagement;
import dev.marquee.sale.CancelledOrders.CancelVerdict;
import dev.marquee.support.ModuleTest;
import dev.marquee.support.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CancelledOrders} on the real PostgreSQL: the cancel statement's verdict, decided
 * on the order's tickets as they are when it runs. (Same context as
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

}
