package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin creates venues and events; anyone reads the event, its static layout (with ETag),
 * and its live seat map in full JSON, compact glyphs and plain text.
 */
class CatalogTests extends IntegrationTest {

	@Test
	void aVenueAnswersItsSeatIdsInLayoutOrder() {
		var venue = http().post().uri("/api/v1/venues").headers(h -> h.setBearerAuth(admin()))
			.bodyValue(Map.of("name", " Arena ", "city", "Lyon", "sections", List.of(
					Map.of("code", "FLOOR", "name", "Floor", "priceTier", "gold", "rows",
							List.of(Map.of("label", "A", "seats", 3))),
					Map.of("code", "UP", "name", "Upper", "priceTier", "silver", "rows",
							List.of(Map.of("label", "1", "seats", 2), Map.of("label", "2", "seats", 1))))))
			.exchange().expectStatus().isCreated()
			.expectHeader().valueMatches("Location", "/api/v1/venues/[0-9a-f-]{36}")
			.expectBody(JSON).returnResult().getResponseBody();
		assertThat(venue.get("name")).isEqualTo("Arena");
		assertThat(venue.get("seatCount")).isEqualTo(6);
		assertThat(venue.get("sections")).isEqualTo(List.of(
				Map.of("code", "FLOOR", "name", "Floor", "priceTier", "gold", "rows",
						List.of(Map.of("label", "A", "seatIds", List.of("FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3")))),
				Map.of("code", "UP", "name", "Upper", "priceTier", "silver", "rows",
						List.of(Map.of("label", "1", "seatIds", List.of("UP-1-1", "UP-1-2")),
								Map.of("label", "2", "seatIds", List.of("UP-2-1"))))));
		http().get().uri("/api/v1/venues/{id}", venue.get("venueId")).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.seatCount").isEqualTo(6);
	}

	@Test
	void anEventHasSensibleDefaultsAndIsListed() {
		UUID event = event(3);
		var view = http().get().uri("/api/v1/events/{id}", event).exchange().expectStatus().isOk()
			.expectBody(JSON).returnResult().getResponseBody();
		assertThat(view.get("holdTtlSeconds")).isEqualTo(600);
		assertThat(view.get("maxTicketsPerUser")).isEqualTo(8);
		assertThat(view.get("seatCount")).isEqualTo(6);
		assertThat(view.get("prices")).isEqualTo(Map.of("std", Map.of("amountMinor", 5000, "currency", "EUR")));
		assertThat(view.get("queue")).isEqualTo(Map.of("enabled", false));
		http().get().uri("/api/v1/events").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$[?(@.eventId == '%s')].name".formatted(event)).isEqualTo("Test Night");
	}

	@Test
	void theSeatmapIsCacheableWithAnETag() {
		UUID event = event(3);
		var result = http().get().uri("/api/v1/events/{id}/seatmap", event).exchange().expectStatus().isOk()
			.expectHeader().exists("ETag")
			.expectBody(JSON).returnResult();
		var seatmap = result.getResponseBody();
		assertThat(seatmap.get("seatCount")).isEqualTo(6);
		assertThat(seatmap.get("width")).isEqualTo(3);
		@SuppressWarnings("unchecked")
		var rows = (List<Map<String, Object>>) ((List<Map<String, Object>>) seatmap.get("sections")).get(0).get("rows");
		assertThat(rows).extracting(r -> r.get("y")).containsExactly(0, 1);
		assertThat(rows.get(1).get("seatIds")).isEqualTo(List.of("S-B-1", "S-B-2", "S-B-3"));

		String etag = result.getResponseHeaders().getETag();
		http().get().uri("/api/v1/events/{id}/seatmap", event).header("If-None-Match", etag).exchange()
			.expectStatus().isNotModified()
			.expectHeader().valueEquals("ETag", etag);
	}

	@Test
	void theSeatMapReadsTheSameInEveryForm() {
		UUID event = event(3, Map.of("blockedSeatIds", List.of("S-B-3")));
		String seller = buyer();
		String sold = held(event, seller, "S-A-2");
		purchase(sold, seller, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
		held(event, buyer(), "S-B-1");

		assertThat(statuses(event)).isEqualTo(".X.H.#");
		String text = http().get().uri("/api/v1/events/{id}/map.txt", event).exchange().expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith("text/plain")
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(text).isEqualTo("S-A .X.\nS-B H.#\n");

		var seats = http().get().uri("/api/v1/events/{id}/seats", event).exchange().expectStatus().isOk()
			.expectBody(JSON).returnResult().getResponseBody();
		assertThat(((Number) seats.get("seq")).longValue()).isEqualTo(((Number) availability(event).get("seq")).longValue());
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
		var venue = http().post().uri("/api/v1/venues").headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Stadium", "city", "Madrid", "sections",
					List.of(Map.of("code", "BOWL", "name", "Bowl", "priceTier", "std", "rows", rows))))
			.exchange().expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
		var event = http().post().uri("/api/v1/events").headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venue.get("venueId"), "name", "Final",
					"startsAt", clock.instant().plusSeconds(86_400).toString(),
					"onSaleAt", clock.instant().minusSeconds(60).toString(),
					"prices", Map.of("std", Map.of("amountMinor", 9900, "currency", "EUR"))))
			.exchange().expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
		UUID eventId = UUID.fromString((String) event.get("eventId"));
		held(eventId, buyer(), "BOWL-R100-1000");
		String statuses = statuses(eventId);
		assertThat(statuses).hasSize(100_000).endsWith("H").startsWith("....");
	}

}
