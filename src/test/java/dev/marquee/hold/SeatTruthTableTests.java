package dev.marquee.hold;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.marquee.sale.SeatsSold;
import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seat truth table of DESIGN.md, row by row: from each state, each action either
 * moves the seat to the state the table names or fails with the named problem and changes
 * nothing. Time is the injected clock, never a sleep. (The cancel column arrives with
 * order cancellation.)
 */
class SeatTruthTableTests extends IntegrationTest {

	static final int SEATS = 4;

	@Autowired
	HoldExpiry expiry;

	@Nested
	class FromAvailable {

		@Test
		void holdMakesTheSeatHeld() {
			UUID event = event(SEATS);
			long before = seq(event);
			String holdId = held(event, buyer(), "S-A-1");
			assertThat(glyph(event, "S-A-1", SEATS)).isEqualTo('H');
			assertThat(seq(event)).isEqualTo(before + 1);
			assertThat(recorded.of(event, SeatsHeld.class)).singleElement().satisfies(e -> {
				assertThat(e.holdId()).hasToString(holdId);
				assertThat(e.seatIds()).containsExactly("S-A-1");
				assertThat(e.seq()).isEqualTo(before + 1);
			});
		}

		@Test
		void purchaseWithoutAHoldIsRefused() {
			UUID event = event(SEATS);
			var problem = purchase(UUID.randomUUID().toString(), buyer(), "k-" + UUID.randomUUID(), "tok_visa")
				.expectStatus()
				.isNotFound()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertProblem(problem, HttpStatus.NOT_FOUND, "hold-not-found");
			assertThat(statuses(event)).isEqualTo("........");
		}

		@Test
		void releaseWithoutAHoldIsRefused() {
			UUID event = event(SEATS);
			http().delete()
				.uri("/api/v1/holds/{id}", UUID.randomUUID())
				.headers(h -> h.setBearerAuth(buyer()))
				.exchange()
				.expectStatus()
				.isNotFound();
			assertThat(statuses(event)).isEqualTo("........");
		}

		@Test
		void expiryHasNothingToDo() {
			UUID event = event(SEATS);
			long before = seq(event);
			clock.advance(Duration.ofHours(1));
			expiry.sweep().block();
			assertThat(statuses(event)).isEqualTo("........");
			assertThat(seq(event)).isEqualTo(before);
		}

	}

	@Nested
	class FromHeld {

		@Test
		void anotherHoldIsRefusedAsSeatUnavailable() {
			UUID event = event(SEATS);
			held(event, buyer(), "S-A-1");
			long before = seq(event);
			var problem = hold(event, buyer(), "S-A-1", "S-A-2").expectStatus()
				.isEqualTo(HttpStatus.CONFLICT)
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertProblem(problem, HttpStatus.CONFLICT, "seat-unavailable");
			assertThat(problem.get("unavailableSeatIds")).isEqualTo(List.of("S-A-1"));
			assertThat(statuses(event)).isEqualTo("H.......");
			assertThat(seq(event)).isEqualTo(before);
		}

		@Test
		void theOwnersHoldCannotBeTakenAgainEither() {
			UUID event = event(SEATS);
			String buyer = buyer();
			held(event, buyer, "S-A-1");
			hold(event, buyer, "S-A-1").expectStatus().isEqualTo(HttpStatus.CONFLICT);
		}

		@Test
		void purchaseByTheOwnerMakesItSold() {
			UUID event = event(SEATS);
			String buyer = buyer();
			String holdId = held(event, buyer, "S-A-1");
			long before = seq(event);
			Map<String, Object> order = purchase(holdId, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
				.isCreated()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(order.get("status")).isEqualTo("CONFIRMED");
			assertThat(statuses(event)).isEqualTo("X.......");
			assertThat(seq(event)).isEqualTo(before + 1);
			assertThat(tickets(event)).isEqualTo(1);
			assertThat(recorded.of(event, HoldSold.class)).singleElement()
				.satisfies(sold -> assertThat(sold.seq()).isEqualTo(before + 1));
			assertThat(recorded.of(event, SeatsSold.class)).singleElement()
				.satisfies(sold -> assertThat(sold.orderId()).hasToString((String) order.get("orderId")));
		}

		@Test
		void purchaseBySomeoneElseIsRefused() {
			UUID event = event(SEATS);
			String holdId = held(event, buyer(), "S-A-1");
			purchase(holdId, buyer(), "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isNotFound();
			assertThat(statuses(event)).isEqualTo("H.......");
			assertThat(tickets(event)).isZero();
		}

		@Test
		void releaseByTheOwnerMakesItAvailableAtOnce() {
			UUID event = event(SEATS);
			String buyer = buyer();
			String holdId = held(event, buyer, "S-A-1", "S-A-2");
			long before = seq(event);
			http().delete()
				.uri("/api/v1/holds/{id}", holdId)
				.headers(h -> h.setBearerAuth(buyer))
				.exchange()
				.expectStatus()
				.isNoContent();
			assertThat(statuses(event)).isEqualTo("........");
			assertThat(seq(event)).isEqualTo(before + 1);
			assertThat(recorded.of(event, SeatsReleased.class)).singleElement().satisfies(e -> {
				assertThat(e.reason()).isEqualTo(SeatsReleased.Reason.RELEASED);
				assertThat(e.seatIds()).containsExactlyInAnyOrder("S-A-1", "S-A-2");
			});
			assertThat(holdView(holdId, buyer).get("status")).isEqualTo("RELEASED");
			// releasing again changes nothing and is not an error
			http().delete()
				.uri("/api/v1/holds/{id}", holdId)
				.headers(h -> h.setBearerAuth(buyer))
				.exchange()
				.expectStatus()
				.isNoContent();
			assertThat(seq(event)).isEqualTo(before + 1);
		}

		@Test
		void releaseBySomeoneElseIsRefused() {
			UUID event = event(SEATS);
			String holdId = held(event, buyer(), "S-A-1");
			http().delete()
				.uri("/api/v1/holds/{id}", holdId)
				.headers(h -> h.setBearerAuth(buyer()))
				.exchange()
				.expectStatus()
				.isNotFound();
			assertThat(statuses(event)).isEqualTo("H.......");
		}

		@Test
		void expiryMakesItAvailable() {
			UUID event = event(SEATS);
			String buyer = buyer();
			String holdId = held(event, buyer, "S-A-1");
			clock.advance(Duration.ofSeconds(599));
			expiry.sweep().block();
			assertThat(statuses(event)).isEqualTo("H.......");
			clock.advance(Duration.ofSeconds(1));
			expiry.sweep().block();
			assertThat(statuses(event)).isEqualTo("........");
			assertThat(recorded.of(event, SeatsReleased.class)).singleElement()
				.satisfies(e -> assertThat(e.reason()).isEqualTo(SeatsReleased.Reason.EXPIRED));
			var body = holdView(holdId, buyer);
			assertThat(body.get("status")).isEqualTo("EXPIRED");
		}

		@Test
		void anExpiredHoldCannotBePurchasedEvenBeforeTheSweep() {
			UUID event = event(SEATS);
			String buyer = buyer();
			String holdId = held(event, buyer, "S-A-1");
			clock.advance(Duration.ofSeconds(600));
			var problem = purchase(holdId, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
				.isEqualTo(HttpStatus.GONE)
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertProblem(problem, HttpStatus.GONE, "hold-expired");
			assertThat(tickets(event)).isZero();
		}

	}

	@Nested
	class FromSold {

		String sell(UUID event, String buyer, String seat) {
			String holdId = held(event, buyer, seat);
			purchase(holdId, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
			return holdId;
		}

		@Test
		void holdIsRefusedAsSeatUnavailable() {
			UUID event = event(SEATS);
			sell(event, buyer(), "S-A-1");
			var problem = hold(event, buyer(), "S-A-1").expectStatus()
				.isEqualTo(HttpStatus.CONFLICT)
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertProblem(problem, HttpStatus.CONFLICT, "seat-unavailable");
			assertThat(statuses(event)).isEqualTo("X.......");
		}

		@Test
		void purchaseAgainIsRefused() {
			UUID event = event(SEATS);
			String buyer = buyer();
			String holdId = sell(event, buyer, "S-A-1");
			var problem = purchase(holdId, buyer, "another-key", "tok_visa").expectStatus()
				.isEqualTo(HttpStatus.CONFLICT)
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertProblem(problem, HttpStatus.CONFLICT, "hold-already-purchased");
			assertThat(tickets(event)).isEqualTo(1);
		}

		@Test
		void releaseIsRefused() {
			UUID event = event(SEATS);
			String buyer = buyer();
			String holdId = sell(event, buyer, "S-A-1");
			http().delete()
				.uri("/api/v1/holds/{id}", holdId)
				.headers(h -> h.setBearerAuth(buyer))
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.CONFLICT);
			assertThat(statuses(event)).isEqualTo("X.......");
		}

		@Test
		void expiryLeavesItSold() {
			UUID event = event(SEATS);
			sell(event, buyer(), "S-A-1");
			long before = seq(event);
			clock.advance(Duration.ofHours(2));
			expiry.sweep().block();
			assertThat(statuses(event)).isEqualTo("X.......");
			assertThat(seq(event)).isEqualTo(before);
		}

	}

	@Nested
	class Blocked {

		@Test
		void blockedSeatsShowAsBlockedAndCannotBeHeld() {
			UUID event = event(SEATS, Map.of("blockedSeatIds", List.of("S-B-4")));
			assertThat(statuses(event)).isEqualTo(".......#");
			var problem = hold(event, buyer(), "S-B-3", "S-B-4").expectStatus()
				.isEqualTo(HttpStatus.CONFLICT)
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(problem.get("unavailableSeatIds")).isEqualTo(List.of("S-B-4"));
			assertThat(statuses(event)).isEqualTo(".......#");
		}

	}

}
