package dev.marquee.sale;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Venues;
import dev.marquee.hold.HoldManagement;
import dev.marquee.support.ModuleTest;
import dev.marquee.support.MutableClock;
import dev.marquee.ticket.TicketStatus;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sale module with the modules it needs (hold, catalog, queue, ticket, outbox),
 * without the web edge or the live fan-out: a purchase stores its order with one ticket
 * per seat, publishes {@link SeatsSold} and writes {@code OrderConfirmed} to the outbox;
 * a cancel voids the tickets and writes {@code OrderCancelled}.
 */
@ModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES)
@Import(SaleFixture.class)
class PurchaseModuleTests {

	@Autowired
	CatalogManagement catalog;

	@Autowired
	Venues venues;

	@Autowired
	HoldManagement holds;

	@Autowired
	PurchaseManagement purchases;

	@Autowired
	Cancellations cancellations;

	@Autowired
	SaleFixture.Sold sold;

	@Autowired
	DatabaseClient db;

	@Autowired
	MutableClock clock;

	@Test
	void aPurchasePublishesSeatsSoldAndWritesOrderConfirmedToTheOutbox() {
		String buyer = "buyer-" + UUID.randomUUID();
		Order order = SaleFixture.bought(catalog, venues, holds, purchases, buyer, clock.instant(), 1, 2);
		assertThat(order.tickets()).extracting(t -> t.seatId() + " " + t.status())
			.containsExactly(SaleFixture.seat(1) + " VALID", SaleFixture.seat(2) + " VALID");
		assertThat(sold.of(order.id())).singleElement().satisfies(event -> {
			assertThat(event.holdId()).isEqualTo(order.holdId());
			assertThat(event.seatIds()).containsExactlyInAnyOrder(SaleFixture.seat(1), SaleFixture.seat(2));
		});
		StepVerifier.create(outbox(order)).assertNext(row -> {
			assertThat(row).containsEntry("type", "OrderConfirmed");
			assertThat((String) row.get("payload")).contains(buyer, SaleFixture.seat(1), SaleFixture.seat(2));
		}).verifyComplete();
	}

	@Test
	void aCancelVoidsTheTicketsAndWritesOrderCancelledAfterOrderConfirmed() {
		String buyer = "buyer-" + UUID.randomUUID();
		Order order = SaleFixture.bought(catalog, venues, holds, purchases, buyer, clock.instant(), 3);
		StepVerifier.create(cancellations.cancel(order.orderId(), buyer)).assertNext(cancelled -> {
			assertThat(cancelled.refundStatus()).isEqualTo(RefundStatus.REFUNDED);
			assertThat(cancelled.order().tickets()).extracting(t -> t.status()).containsExactly(TicketStatus.CANCELLED);
		}).verifyComplete();
		StepVerifier.create(outbox(order).map(row -> row.get("type")))
			.expectNext("OrderConfirmed", "OrderCancelled")
			.verifyComplete();
	}

	private Flux<Map<String, Object>> outbox(Order order) {
		return db.sql("select type, payload::text as payload from outbox where aggregate_id = :order order by id")
			.bind("order", order.id().toString())
			.fetch()
			.all();
	}

}
