package dev.marquee.sale;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resale under concurrency, against PostgreSQL and Redis: buyers racing for one resale
 * seat make one sale; a withdrawal, a door scan or a transfer racing a purchase leaves
 * exactly one winner, one live ticket for the seat, never a resold ticket that was
 * scanned in, and no money taken without a ticket; payout rounds racing each other pay a
 * seller once.
 */
class ResaleRaceTests extends IntegrationTest {

	private static final int ROUNDS = 8;

	static final String SCANNER = token("door-resale-race", "SCANNER");

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	ResalePayouts payouts;

	/** A seller of seat {@code seat} of {@code event}, listed at face value. */
	record Listed(UUID event, String seat, String seller, UUID ticket, String code, UUID listing) {
	}

	@SuppressWarnings("unchecked")
	Listed listed(UUID event, String seat) {
		String seller = token("seller-" + UUID.randomUUID());
		purchase(held(event, seller, seat), seller, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
		Map<String, Object> ticket = ((List<Map<String, Object>>) http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(seller))
			.exchange()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody()).getFirst();
		UUID ticketId = UUID.fromString((String) ticket.get("ticketId"));
		Map<String, Object> listing = http().post()
			.uri("/api/v1/tickets/{id}/resale", ticketId)
			.headers(h -> h.setBearerAuth(seller))
			.bodyValue(Map.of())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		return new Listed(event, seat, seller, ticketId, (String) ticket.get("code"),
				UUID.fromString((String) listing.get("listingId")));
	}

	long live(UUID event, String seat) {
		return db.sql(
				"select count(*) from ticket where event_id = :event and seat_id = :seat and status in ('VALID', 'USED')")
			.bind("event", event)
			.bind("seat", seat)
			.map(row -> row.get(0, Long.class))
			.one()
			.block();
	}

	String ticketStatus(UUID ticket) {
		return db.sql("select status from ticket where id = :id")
			.bind("id", ticket)
			.map(row -> row.get(0, String.class))
			.one()
			.block();
	}

	/** Money the buyer's attempt with this key kept (approved and not refunded). */
	long kept(String key, String userId) {
		return gateway.captured().stream().filter(e -> e.idempotencyKey().equals(key + ":" + userId)).count();
	}

	int status(WebTestClient.RequestHeadersSpec<?> request) {
		return request.exchange().returnResult(byte[].class).getStatus().value();
	}

	@Test
	void buyersRacingForOneResaleSeatMakeOneSale() {
		UUID event = event(ROUNDS);
		for (int round = 1; round <= ROUNDS; round++) {
			String seat = "S-A-" + round;
			Listed listed = listed(event, seat);
			List<String> buyers = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				buyers.add(token("racer-" + UUID.randomUUID()));
			}
			List<String> holds = new CopyOnWriteArrayList<>();
			Flux.fromIterable(buyers).parallel().runOn(Schedulers.boundedElastic()).doOnNext(buyer -> {
				var result = hold(event, buyer, seat).returnResult(Map.class);
				if (result.getStatus().value() == 201) {
					holds.add(buyer + " " + result.getResponseBody().blockFirst().get("holdId"));
				}
			}).sequential().blockLast();
			assertThat(holds).as("one buyer holds the resale seat").hasSize(1);
			String[] winner = holds.getFirst().split(" ");
			purchase(winner[1], winner[0], "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
			assertThat(live(event, seat)).isOne();
			assertThat(ticketStatus(listed.ticket())).isEqualTo("RESOLD");
		}
	}

	@Test
	void aWithdrawalRacingAPurchaseLeavesOneWinnerAndNoMoneyLost() {
		UUID event = event(ROUNDS);
		int sold = 0;
		int withdrawn = 0;
		for (int round = 1; round <= ROUNDS; round++) {
			String seat = "S-A-" + round;
			Listed listed = listed(event, seat);
			String buyerId = "buyer-" + UUID.randomUUID();
			String buyer = token(buyerId);
			String hold = held(event, buyer, seat);
			String key = "k-" + UUID.randomUUID();
			List<Integer> answers = Flux.merge(
					Mono.fromCallable(
							() -> purchase(hold, buyer, key, "tok_visa").returnResult(byte[].class).getStatus().value())
						.subscribeOn(Schedulers.boundedElastic()),
					Mono.fromCallable(() -> status(http().delete()
						.uri("/api/v1/resale/{id}", listed.listing())
						.headers(h -> h.setBearerAuth(listed.seller()))))
						.map(s -> -s)
						.subscribeOn(Schedulers.boundedElastic()))
				.collectList()
				.block();
			int purchase = answers.stream().filter(a -> a > 0).findFirst().orElseThrow();
			int withdrawal = -answers.stream().filter(a -> a < 0).findFirst().orElseThrow();
			assertThat(live(event, seat)).as("one live ticket for the seat").isOne();
			if (purchase == 201) {
				sold++;
				assertThat(withdrawal).isEqualTo(409);
				assertThat(ticketStatus(listed.ticket())).isEqualTo("RESOLD");
				assertThat(kept(key, buyerId)).isOne();
			}
			else {
				withdrawn++;
				assertThat(purchase).isEqualTo(409);
				assertThat(withdrawal).isEqualTo(200);
				assertThat(ticketStatus(listed.ticket())).isEqualTo("VALID");
				assertThat(kept(key, buyerId)).as("nobody pays without a ticket").isZero();
				assertThat(glyph(event, seat, ROUNDS)).isEqualTo('X');
			}
		}
		assertThat(sold + withdrawn).isEqualTo(ROUNDS);
	}

	@Test
	void aScanOrATransferRacingAPurchaseNeverLeavesTwoTicketsOrAResoldTicketScannedIn() {
		UUID event = event(ROUNDS);
		for (int round = 1; round <= ROUNDS; round++) {
			String seat = "S-A-" + round;
			boolean scan = round % 2 == 0;
			Listed listed = listed(event, seat);
			String buyerId = "buyer-" + UUID.randomUUID();
			String buyer = token(buyerId);
			String hold = held(event, buyer, seat);
			String key = "k-" + UUID.randomUUID();
			List<Integer> answers = Flux.merge(
					Mono.fromCallable(
							() -> purchase(hold, buyer, key, "tok_visa").returnResult(byte[].class).getStatus().value())
						.subscribeOn(Schedulers.boundedElastic()),
					Mono.fromCallable(() -> -(scan
							? status(http().post()
								.uri("/api/v1/tickets/scan")
								.headers(h -> h.setBearerAuth(SCANNER))
								.bodyValue(Map.of("code", listed.code())))
							: status(http().post()
								.uri("/api/v1/tickets/{id}/transfer", listed.ticket())
								.headers(h -> h.setBearerAuth(listed.seller()))
								.bodyValue(Map.of("toUserId", "friend-" + UUID.randomUUID())))))
						.subscribeOn(Schedulers.boundedElastic()))
				.collectList()
				.block();
			int purchase = answers.stream().filter(a -> a > 0).findFirst().orElseThrow();
			int other = -answers.stream().filter(a -> a < 0).findFirst().orElseThrow();
			assertThat(live(event, seat)).as("one live ticket for the seat").isOne();
			assertThat(count("select count(*) from ticket where event_id = :event and status = 'RESOLD'"
					+ " and used_at is not null", event))
				.as("no resold ticket was scanned in")
				.isZero();
			if (purchase == 201) {
				assertThat(other).as("scan or transfer after the sale").isNotEqualTo(200);
				assertThat(ticketStatus(listed.ticket())).isEqualTo("RESOLD");
				assertThat(kept(key, buyerId)).isOne();
			}
			else {
				assertThat(purchase).isEqualTo(409);
				assertThat(other).isEqualTo(200);
				assertThat(ticketStatus(listed.ticket())).isEqualTo(scan ? "USED" : "VALID");
				assertThat(kept(key, buyerId)).as("nobody pays without a ticket").isZero();
			}
		}
	}

	@Test
	void payoutRoundsRacingEachOtherPayASellerOnce() {
		UUID event = event(ROUNDS);
		List<UUID> listings = new ArrayList<>();
		for (int round = 1; round <= ROUNDS; round++) {
			String seat = "S-A-" + round;
			Listed listed = listed(event, seat);
			String buyer = buyer();
			purchase(held(event, buyer, seat), buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
			listings.add(listed.listing());
		}
		// the payouts made at each sale, and more rounds racing them and each other
		Flux.range(0, 12).parallel().runOn(Schedulers.boundedElastic()).flatMap(i -> payouts.payOut()).then().block();
		for (UUID listing : listings) {
			assertThat(gateway.partialRefundCalls("payout-" + listing)).as("paid out once").isOne();
			assertThat(
					count("select count(*) from resale_payout where listing_id = :event and status = 'PAID'", listing))
				.isOne();
		}
	}

}
