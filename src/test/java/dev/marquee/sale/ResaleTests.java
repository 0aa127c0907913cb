package dev.marquee.sale;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.internal.HoldKeys;
import dev.marquee.hold.internal.HoldScript;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resale at face value, end to end over the HTTP API against PostgreSQL and Redis: a
 * listed seat shows as RESALE and is held and bought like any seat, at the listing's
 * price; the sale voids the seller's ticket, issues the buyer's, pays the seller out
 * once; a hold that ends gives the seat back to resale; a withdrawal, the event's start
 * or a price above the cap end or refuse a listing.
 */
class ResaleTests extends IntegrationTest {

	static final String SCANNER = token("door-resale", "SCANNER");

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	Resales resales;

	@Autowired
	HoldScript holdScript;

	@Autowired
	HoldKeys holdKeys;

	/** A seller who bought S-A-1 (at 5000) of a new event of 4 seats a row. */
	record Sale(UUID event, String seller, String sellerId, UUID ticket, String orderId) {
	}

	Sale sellerBought() {
		UUID event = event(4);
		String sellerId = "seller-" + UUID.randomUUID();
		String seller = token(sellerId);
		String hold = held(event, seller, "S-A-1");
		Map<String, Object> order = purchase(hold, seller, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		return new Sale(event, seller, sellerId, ticketOf(seller, event, "S-A-1"), (String) order.get("orderId"));
	}

	WebTestClient.ResponseSpec list(String token, UUID ticket, Long price) {
		return http().post()
			.uri("/api/v1/tickets/{id}/resale", ticket)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(price == null ? Map.of() : Map.of("priceMinor", price))
			.exchange();
	}

	Map<String, Object> listed(String token, UUID ticket, Long price) {
		return list(token, ticket, price).expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
	}

	String status(String table, Object id) {
		return db.sql("select status from " + table + " where id = :id")
			.bind("id", id)
			.map(row -> row.get(0, String.class))
			.one()
			.block();
	}

	@Test
	void aListedSeatIsResaleOnTheMapAndIsBoughtAtItsPriceInOneStep() {
		Sale sale = sellerBought();
		assertThat(glyph(sale.event(), "S-A-1", 4)).isEqualTo('X');
		Map<String, Object> listing = listed(sale.seller(), sale.ticket(), 4000L);
		assertThat(listing.get("status")).isEqualTo("OPEN");
		assertThat(glyph(sale.event(), "S-A-1", 4)).isEqualTo('R');
		assertThat(read(null, "/api/v1/events/{id}/resale-settings", sale.event())).containsEntry("capPercent", 100);

		String buyer = buyer();
		String hold = held(sale.event(), buyer, "S-A-1");
		assertThat(glyph(sale.event(), "S-A-1", 4)).isEqualTo('H');
		Map<String, Object> held = holdView(hold, buyer);
		assertThat(held.get("total")).isEqualTo(Map.of("amountMinor", 4000, "currency", "EUR"));
		// the hold says which seat came from a listing
		assertThat(held.get("prices")).isEqualTo(List
			.of(Map.of("seatId", "S-A-1", "price", Map.of("amountMinor", 4000, "currency", "EUR"), "resale", true)));
		purchase(hold, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();

		assertThat(glyph(sale.event(), "S-A-1", 4)).isEqualTo('X');
		assertThat(status("ticket", sale.ticket())).isEqualTo("RESOLD");
		UUID bought = ticketOf(buyer, sale.event(), "S-A-1");
		assertThat(bought).isNotEqualTo(sale.ticket());
		assertThat(count("select count(*) from ticket where event_id = :event and status in ('VALID', 'USED')",
				sale.event()))
			.isOne();
		assertThat(count("select price_minor from ticket where id = :event", bought)).isEqualTo(4000);
		UUID listingId = UUID.fromString((String) listing.get("listingId"));
		assertThat(status("resale_listing", listingId)).isEqualTo("SOLD");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "PAID".equals(db.sql("select status from resale_payout where listing_id = :id")
				.bind("id", listingId)
				.map(row -> row.get(0, String.class))
				.one()
				.block()));
		assertThat(gateway.partialRefunds()).filteredOn(r -> r.key().equals("payout-" + listingId))
			.singleElement()
			.satisfies(r -> assertThat(r.amount().amountMinor()).isEqualTo(4000));
		assertThat(count("select count(*) from outbox where type = 'TicketResold' and aggregate_id = :event",
				sale.orderId()))
			.isOne();
		// the seller sees it sold and paid
		assertThat(http().get()
			.uri("/api/v1/me/resale")
			.headers(h -> h.setBearerAuth(sale.seller()))
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()).contains("\"status\":\"SOLD\"").contains("\"payout\":\"PAID\"");
		// the old code no longer admits
		http().post()
			.uri("/api/v1/tickets/{id}/resale", sale.ticket())
			.headers(h -> h.setBearerAuth(sale.seller()))
			.bodyValue(Map.of())
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void aSeatListedAfterTheHoldWasPricedIsHeldAtTheListingsPrice() {
		// a hold is priced, then its script runs: a listing that appears between the two
		// must not let the seat go at the price the caller saw (the catalog's)
		Sale sale = sellerBought();
		listed(sale.seller(), sale.ticket(), 4000L);
		EventId eventId = EventId.of(sale.event());
		HoldId holdId = HoldId.of(UUID.randomUUID());
		HoldScript.Outcome outcome = holdScript
			.run(new HoldScript.Input(eventId, holdId, "buyer-" + UUID.randomUUID(),
					List.of(new HoldScript.Block(List.of("S-A-1"), 5000, "5000")), "EUR",
					Instant.now().truncatedTo(ChronoUnit.MILLIS), Duration.ofMinutes(5), Duration.ofMinutes(10), 8))
			.block();
		assertThat(outcome).isInstanceOfSatisfying(HoldScript.Held.class, held -> {
			assertThat(held.totalMinor()).isEqualTo(4000);
			assertThat(held.prices()).isEqualTo("4000:R");
		});
		// and so the record says, which the purchase charges
		assertThat(redis.<String, String>opsForHash()
			.multiGet(holdKeys.hold(eventId, holdId), List.of("totalMinor", "prices"))
			.block()).containsExactly("4000", "4000:R");
	}

	@Test
	void aPriceAboveFaceValueOrTheEventsCapIsRefused() {
		Sale sale = sellerBought();
		Map<String, Object> problem = list(sale.seller(), sale.ticket(), 5001L).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.CONFLICT, "resale-price-too-high");
		http().put()
			.uri("/api/v1/events/{id}/resale-settings", sale.event())
			.headers(h -> h.setBearerAuth(admin()))
			.bodyValue(Map.of("allowed", true, "capPercent", 80))
			.exchange()
			.expectStatus()
			.isOk();
		list(sale.seller(), sale.ticket(), 4500L).expectStatus().isEqualTo(HttpStatus.CONFLICT);
		assertThat(listed(sale.seller(), sale.ticket(), null).get("price"))
			.isEqualTo(Map.of("amountMinor", 4000, "currency", "EUR"));
		// someone else's ticket is not theirs to list
		list(buyer(), sale.ticket(), null).expectStatus().isNotFound();
	}

	@Test
	void aHoldThatEndsGivesTheSeatBackToResaleAndAWithdrawalToItsSeller() {
		Sale sale = sellerBought();
		listed(sale.seller(), sale.ticket(), null);
		String buyer = buyer();
		String hold = held(sale.event(), buyer, "S-A-1");
		http().delete().uri("/api/v1/holds/{id}", hold).headers(h -> h.setBearerAuth(buyer)).exchange();
		assertThat(glyph(sale.event(), "S-A-1", 4)).isEqualTo('R');

		http().delete()
			.uri("/api/v1/tickets/{id}/resale", sale.ticket())
			.headers(h -> h.setBearerAuth(sale.seller()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.value(body -> assertThat(body.get("status")).isEqualTo("WITHDRAWN"));
		assertThat(glyph(sale.event(), "S-A-1", 4)).isEqualTo('X');
		hold(sale.event(), buyer(), "S-A-1").expectStatus().isEqualTo(HttpStatus.CONFLICT);
		assertThat(status("ticket", sale.ticket())).isEqualTo("VALID");
	}

	@Test
	void aScanOrATransferEndsTheListing() {
		Sale sale = sellerBought();
		listed(sale.seller(), sale.ticket(), null);
		http().post()
			.uri("/api/v1/tickets/{id}/transfer", sale.ticket())
			.headers(h -> h.setBearerAuth(sale.seller()))
			.bodyValue(Map.of("toUserId", "friend-" + UUID.randomUUID()))
			.exchange()
			.expectStatus()
			.isOk();
		await().atMost(Duration.ofSeconds(10)).until(() -> glyph(sale.event(), "S-A-1", 4) == 'X');
		assertThat(count("select count(*) from resale_listing where event_id = :event and status = 'ENDED'"
				+ " and end_reason = 'transferred'", sale.event()))
			.isOne();
	}

	@Test
	void theEventStartingEndsItsListings() {
		Sale sale = sellerBought();
		listed(sale.seller(), sale.ticket(), null);
		clock.advance(Duration.ofDays(11));
		resales.sweep().block();
		assertThat(glyph(sale.event(), "S-A-1", 4)).isEqualTo('X');
		assertThat(count("select count(*) from resale_listing where event_id = :event and status = 'ENDED'"
				+ " and end_reason = 'event-started'", sale.event()))
			.isOne();
	}

	@Test
	void bestAvailableOffersAResaleSeatWhenNoOtherIsFree() {
		UUID event = event(2);
		String sellerId = "seller-" + UUID.randomUUID();
		String seller = token(sellerId);
		purchase(held(event, seller, "S-A-1", "S-A-2", "S-B-1", "S-B-2"), seller, "k-" + UUID.randomUUID(), "tok_visa")
			.expectStatus()
			.isCreated();
		listed(seller, ticketOf(seller, event, "S-B-2"), 3000L);
		String buyer = buyer();
		Map<String, Object> hold = http().post()
			.uri("/api/v1/events/{id}/holds/best-available", event)
			.headers(h -> h.setBearerAuth(buyer))
			.bodyValue(Map.of("sectionCode", "S", "quantity", 1))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(hold.get("seatIds")).isEqualTo(List.of("S-B-2"));
		assertThat(hold.get("total")).isEqualTo(Map.of("amountMinor", 3000, "currency", "EUR"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void bestAvailableAndTheSeatsMapPriceAResaleSeatAtItsListingPrice() {
		Sale sale = sellerBought();
		listed(sale.seller(), sale.ticket(), 3000L);
		Map<String, Object> section = ((List<Map<String, Object>>) read(null, "/api/v1/events/{id}/seats", sale.event())
			.get("sections")).get(0);
		List<Map<String, Object>> seats = (List<Map<String, Object>>) ((List<Map<String, Object>>) section.get("rows"))
			.get(0)
			.get("seats");
		assertThat(seats.get(0).get("price")).isEqualTo(Map.of("amountMinor", 3000, "currency", "EUR"));
		assertThat(seats.get(1).get("price")).isEqualTo(Map.of("amountMinor", 5000, "currency", "EUR"));
		// every free seat costs 5000, over the buyer's 4000; the resale seat 3000
		Map<String, Object> hold = http().post()
			.uri("/api/v1/events/{id}/holds/best-available", sale.event())
			.headers(h -> h.setBearerAuth(buyer()))
			.bodyValue(Map.of("quantity", 1, "maxPriceMinor", 4000))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(hold.get("seatIds")).isEqualTo(List.of("S-A-1"));
		assertThat(hold.get("total")).isEqualTo(Map.of("amountMinor", 3000, "currency", "EUR"));
	}

	@Test
	void cancellingTheEventEndsListingsAndRefundsTheSellerLessWhatTheResalePaidOut() {
		Sale sale = sellerBought();
		Map<String, Object> listing = listed(sale.seller(), sale.ticket(), 4000L);
		String buyer = buyer();
		purchase(held(sale.event(), buyer, "S-A-1"), buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
			.isCreated();
		// a second ticket of another seller, still listed when the event is cancelled
		String other = buyer();
		purchase(held(sale.event(), other, "S-A-2"), other, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
			.isCreated();
		listed(other, ticketOf(other, sale.event(), "S-A-2"), null);
		assertThat(glyph(sale.event(), "S-A-2", 4)).isEqualTo('R');
		// the seller cannot cancel an order whose ticket was resold
		http().post()
			.uri("/api/v1/orders/{id}/cancel", sale.orderId())
			.headers(h -> h.setBearerAuth(sale.seller()))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);

		http().post()
			.uri("/api/v1/events/{id}/cancel", sale.event())
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isAccepted();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count("select count(*) from orders where event_id = :event and status = 'CANCELLED'",
					sale.event()) == 3);
		assertThat(count("select refund_minor from orders where id = :event", UUID.fromString(sale.orderId())))
			.as("the seller's refund less the payout")
			.isEqualTo(1000);
		resales.sweep().block();
		assertThat(
				count("select count(*) from resale_listing where event_id = :event and status = 'OPEN'", sale.event()))
			.isZero();
		assertThat(listing.get("status")).isEqualTo("OPEN");
	}

}
