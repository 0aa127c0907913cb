package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seat map across modules: held, sold and blocked seats read the same in full JSON,
 * compact glyphs and plain text, and a stadium of 100,000 seats works from creation to a
 * hold. What the catalog's own endpoints answer is proven by
 * {@code CatalogControllerTests} (the web slice) and {@code CatalogModuleTests} (the
 * module on PostgreSQL).
 */
class CatalogTests extends IntegrationTest {

	@Test
	void theSeatMapReadsTheSameInEveryForm() {
		UUID event = event(3, Map.of("blockedSeatIds", List.of("S-B-3")));
		String seller = buyer();
		String sold = held(event, seller, "S-A-2");
		purchase(sold, seller, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
		held(event, buyer(), "S-B-1");

		assertThat(statuses(event)).isEqualTo(".X.H.#");
		String text = http().get()
			.uri("/api/v1/events/{id}/map.txt", event)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/plain")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(text).isEqualTo("S-A .X.\nS-B H.#\n");

		var seats = read(null, "/api/v1/events/{id}/seats", event);
		assertThat(((Number) seats.get("seq")).longValue())
			.isEqualTo(((Number) availability(event).get("seq")).longValue());
		List<String> statuses = new ArrayList<>();
		for (var section : (List<Map<String, Object>>) seats.get("sections")) {
			for (var row : (List<Map<String, Object>>) section.get("rows")) {
				for (var seat : (List<Map<String, Object>>) row.get("seats")) {
					statuses.add(seat.get("seatId") + "=" + seat.get("status"));
					assertThat(seat.get("price")).isEqualTo(Map.of("amountMinor", 5000, "currency", "EUR"));
				}
			}
		}
		assertThat(statuses).containsExactly("S-A-1=AVAILABLE", "S-A-2=SOLD", "S-A-3=AVAILABLE", "S-B-1=HELD",
				"S-B-2=AVAILABLE", "S-B-3=BLOCKED");
	}

	@Test
	void aStadiumOfOneHundredThousandSeatsWorksEndToEnd() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int r = 1; r <= 100; r++) {
			rows.add(Map.of("label", "R" + r, "seats", 1000));
		}
		String admin = admin();
		var venue = http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Stadium", "city", "Madrid", "sections",
					List.of(Map.of("code", "BOWL", "name", "Bowl", "priceTier", "std", "rows", rows))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		var event = http().post()
			.uri("/api/v1/events")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venue.get("venueId"), "name", "Final", "startsAt",
					clock.instant().plusSeconds(86_400).toString(), "onSaleAt",
					clock.instant().minusSeconds(60).toString(), "prices",
					Map.of("std", Map.of("amountMinor", 9900, "currency", "EUR"))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		UUID eventId = UUID.fromString((String) event.get("eventId"));
		held(eventId, buyer(), "BOWL-R100-1000");
		String statuses = statuses(eventId);
		assertThat(statuses).hasSize(100_000).endsWith("H").startsWith("....");
	}

}
