package dev.marquee.hold;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * General admission: a standing area with a capacity; buyers hold a quantity, all or
 * none, never past the capacity even when many ask at once, with the same countdown,
 * purchase and expiry.
 */
class GeneralAdmissionTests extends IntegrationTest {

	@Autowired
	HoldExpiry expiry;

	/**
	 * A venue with four seats in section S and a standing floor of {@code capacity}; an
	 * event on sale.
	 */
	private UUID eventWithFloor(int capacity) {
		String admin = admin();
		Map<String, Object> venue = http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Club", "city", "Berlin", "sections",
					List.of(Map.of("code", "S", "name", "Seats", "priceTier", "std", "rows",
							List.of(Map.of("label", "A", "seats", 4))),
							Map.of("code", "FLOOR", "name", "Floor", "priceTier", "floor", "capacity", capacity))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		return UUID.fromString((String) http().post()
			.uri("/api/v1/events")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venue.get("venueId"), "name", "Rave", "startsAt",
					clock.instant().plus(Duration.ofDays(3)).toString(), "onSaleAt",
					clock.instant().minusSeconds(60).toString(), "holdTtlSeconds", 300, "prices",
					Map.of("std", Map.of("amountMinor", 4000, "currency", "EUR"), "floor",
							Map.of("amountMinor", 2500, "currency", "EUR"))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("eventId"));
	}

	private WebTestClient.ResponseSpec holdArea(UUID event, String token, Object quantity) {
		return http().post()
			.uri("/api/v1/events/{id}/holds", event)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(Map.of("areaCode", "FLOOR", "quantity", quantity))
			.exchange();
	}

	private long heldPlaces(UUID event) {
		// the four seats of S come first in layout order; the floor's places follow
		return statuses(event).substring(4).chars().filter(c -> c == 'H').count();
	}

	@Test
	void aQuantityOfTheFloorIsHeldBoughtAndTicketedLikeSeats() {
		UUID event = eventWithFloor(120);
		String buyer = buyer();
		Map<String, Object> hold = holdArea(event, buyer, 3).expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat((List<String>) hold.get("seatIds")).hasSize(3).allMatch(id -> id.startsWith("FLOOR-GA"));
		assertThat(hold.get("total")).isEqualTo(Map.of("amountMinor", 7500, "currency", "EUR"));
		assertThat(heldPlaces(event)).isEqualTo(3);

		Map<String, Object> order = purchase((String) hold.get("holdId"), buyer, "ga-1", "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat((List<?>) order.get("tickets")).hasSize(3);
		assertThat(statuses(event).substring(4).chars().filter(c -> c == 'X').count()).isEqualTo(3);
		// the seatmap says which section is standing room
		http().get()
			.uri("/api/v1/events/{id}/seatmap", event)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sections[1].capacity")
			.isEqualTo(120)
			.jsonPath("$.sections[0].capacity")
			.doesNotExist();
	}

	@Test
	void manyBuyersAtOnceNeverGoPastTheCapacity() {
		UUID event = eventWithFloor(10);
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		Flux.range(0, 16)
			.parallel(16)
			.runOn(Schedulers.boundedElastic())
			.doOnNext(
					i -> statuses.add(holdArea(event, buyer(), 1).expectBody(JSON).returnResult().getStatus().value()))
			.sequential()
			.blockLast();
		assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
		assertThat(statuses).filteredOn(s -> s == 409).hasSize(6);
		assertThat(heldPlaces(event)).isEqualTo(10);
		Map<String, Object> full = holdArea(event, buyer(), 1).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(full, HttpStatus.CONFLICT, "area-full");
		assertThat(full).containsEntry("available", 0);
	}

	@Test
	void anAbandonedFloorHoldExpiresAndItsPlacesGoBack() {
		UUID event = eventWithFloor(4);
		holdArea(event, buyer(), 4).expectStatus().isCreated();
		holdArea(event, buyer(), 1).expectStatus().isEqualTo(HttpStatus.CONFLICT);
		clock.advance(Duration.ofSeconds(301));
		expiry.sweep().block();
		assertThat(heldPlaces(event)).isZero();
		holdArea(event, buyer(), 2).expectStatus().isCreated();
		// best available on a standing area is a quantity hold too
		http().post()
			.uri("/api/v1/events/{id}/holds/best-available", event)
			.headers(h -> h.setBearerAuth(buyer()))
			.bodyValue(Map.of("sectionCode", "FLOOR", "quantity", 2))
			.exchange()
			.expectStatus()
			.isCreated();
		assertThat(heldPlaces(event)).isEqualTo(4);
	}

	/**
	 * (Which requests are refused before anything is held is {@link HoldRequestsTests}.)
	 */
	@Test
	void aFloorWithoutACapacityOrWithRowsIsRefused() {
		String admin = admin();
		for (Map<String, Object> section : List.<Map<String, Object>>of(
				Map.of("code", "F", "name", "Floor", "priceTier", "f", "capacity", 0),
				Map.of("code", "F", "name", "Floor", "priceTier", "f", "capacity", 10, "rows",
						List.of(Map.of("label", "A", "seats", 2))))) {
			http().post()
				.uri("/api/v1/venues")
				.headers(h -> h.setBearerAuth(admin))
				.bodyValue(Map.of("name", "Bad", "city", "X", "sections", List.of(section)))
				.exchange()
				.expectStatus()
				.isBadRequest();
		}
	}

}
