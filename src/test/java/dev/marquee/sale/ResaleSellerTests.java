package dev.marquee.sale;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seller and their own resale listing, over the HTTP API against PostgreSQL and Redis:
 * they cannot hold it back (chosen seats fail with {@code own-listing}, best available
 * passes over it), and once it is resold it no longer counts against their ticket limit.
 */
class ResaleSellerTests extends IntegrationTest {

	@Autowired
	Resales resales;

	@Autowired
	SoldSeatsReconciler reconciler;

	void bought(UUID event, String token, String... seats) {
		purchase(held(event, token, seats), token, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
	}

	void listed(String token, UUID ticket, long price) {
		http().post()
			.uri("/api/v1/tickets/{id}/resale", ticket)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(Map.of("priceMinor", price))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	Map<String, Object> bestAvailable(UUID event, String token, HttpStatus status) {
		return http().post()
			.uri("/api/v1/events/{id}/holds/best-available", event)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(Map.of("sectionCode", "S", "quantity", 1))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void aSellerCannotHoldTheirOwnListingAndNothingIsHeld() {
		UUID event = event(2);
		String seller = token("seller-" + UUID.randomUUID());
		bought(event, seller, "S-A-1");
		listed(seller, ticketOf(seller, event, "S-A-1"), 4000L);
		long seq = seq(event);

		Map<String, Object> problem = hold(event, seller, "S-A-1", "S-A-2").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.CONFLICT, "own-listing");
		assertThat(problem.get("seatIds")).isEqualTo(List.of("S-A-1"));
		assertThat(statuses(event)).startsWith("R.");
		assertThat(seq(event)).isEqualTo(seq);
		// anyone else holds it at the listing's price
		String hold = held(event, buyer(), "S-A-1");
		assertThat(hold).isNotNull();
	}

	@Test
	void bestAvailablePassesOverTheSellersOwnListingRatherThanFail() {
		UUID event = event(2);
		String seller = token("seller-" + UUID.randomUUID());
		bought(event, seller, "S-A-1", "S-A-2", "S-B-1");
		listed(seller, ticketOf(seller, event, "S-A-1"), 3000L);
		// S-B-2 is the only seat free; the seller's own listing, front and centre, is not
		// theirs
		Map<String, Object> hold = bestAvailable(event, seller, HttpStatus.CREATED);
		assertThat(hold.get("seatIds")).isEqualTo(List.of("S-B-2"));
		// with nothing else left, the seller finds no seat rather than their own listing
		Map<String, Object> none = bestAvailable(event, seller, HttpStatus.CONFLICT);
		assertProblem(none, HttpStatus.CONFLICT, "no-seats-together");
		assertThat(bestAvailable(event, buyer(), HttpStatus.CREATED).get("seatIds")).isEqualTo(List.of("S-A-1"));
	}

	@Test
	void aListingWrittenBeforeSellersWereKeptStillPricesAndGetsItsSeller() {
		UUID event = event(2);
		String sellerId = "seller-" + UUID.randomUUID();
		String seller = token(sellerId);
		bought(event, seller, "S-A-1");
		listed(seller, ticketOf(seller, event, "S-A-1"), 3500L);
		String resaleKey = redisKeys(event).stream().filter(key -> key.endsWith(":resale")).findFirst().orElseThrow();
		assertThat(redis.opsForHash().get(resaleKey, "S-A-1").block()).isEqualTo("3500:" + sellerId);
		// as the resale hash was written before sellers were kept: the price alone
		redis.opsForHash().put(resaleKey, "S-A-1", "3500").block();
		String buyer = buyer();
		String hold = held(event, buyer, "S-A-1");
		assertThat(holdView(hold, buyer).get("total")).isEqualTo(Map.of("amountMinor", 3500, "currency", "EUR"));
		http().delete().uri("/api/v1/holds/{id}", hold).headers(h -> h.setBearerAuth(buyer)).exchange();
		// the sweep writes the seller in, and the seller is refused from then on
		resales.sweep().block();
		assertThat(redis.opsForHash().get(resaleKey, "S-A-1").block()).isEqualTo("3500:" + sellerId);
		hold(event, seller, "S-A-1").expectStatus().isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void aSellerAtTheTicketLimitWhoResoldASeatCanHoldOneMore() {
		UUID event = event(2, Map.of("maxTicketsPerUser", 2));
		String sellerId = "seller-" + UUID.randomUUID();
		String seller = token(sellerId);
		bought(event, seller, "S-A-1", "S-A-2");
		hold(event, seller, "S-B-1").expectStatus().isEqualTo(HttpStatus.CONFLICT);
		listed(seller, ticketOf(seller, event, "S-A-1"), 4000L);
		bought(event, buyer(), "S-A-1");

		String boughtKey = redisKeys(event).stream()
			.filter(key -> key.endsWith(":userbought"))
			.findFirst()
			.orElseThrow();
		assertThat(redis.opsForHash().get(boughtKey, sellerId).block()).isEqualTo("1");
		// the rebuild from PostgreSQL counts live tickets only, so it agrees
		redis.delete(boughtKey).block();
		reconciler.rebuild(EventId.of(event)).block();
		assertThat(redis.opsForHash().get(boughtKey, sellerId).block()).isEqualTo("1");
		held(event, seller, "S-B-1");
		hold(event, seller, "S-B-2").expectStatus().isEqualTo(HttpStatus.CONFLICT);
	}

}
