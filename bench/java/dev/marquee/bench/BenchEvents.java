package dev.marquee.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Makes the event a bench harness measures: a venue of one section {@code F} with the
 * given rows, and an event on sale now at one price, 100 tickets a buyer.
 */
final class BenchEvents {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private BenchEvents() {
	}

	/** The new event's id. */
	static String create(WebClient http, String admin, String name, List<Map<String, Object>> rows) {
		var venue = http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", name, "city", "Bench", "sections",
					List.of(Map.of("code", "F", "name", "Floor", "priceTier", "std", "rows", rows))))
			.retrieve()
			.bodyToMono(JSON)
			.block();
		var event = http.post()
			.uri("/api/v1/events")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venue.get("venueId"), "name", name, "startsAt",
					Instant.now().plusSeconds(86_400).toString(), "onSaleAt", Instant.now().minusSeconds(60).toString(),
					"maxTicketsPerUser", 100, "prices", Map.of("std", Map.of("amountMinor", 100, "currency", "EUR"))))
			.retrieve()
			.bodyToMono(JSON)
			.block();
		return (String) event.get("eventId");
	}

}
