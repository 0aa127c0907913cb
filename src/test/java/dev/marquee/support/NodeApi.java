package dev.marquee.support;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The public HTTP API of a {@link MarqueeProcess} (or of any node, by its base URL), as
 * the tests that run whole nodes call it: make an event, hold a seat, buy, read.
 */
public final class NodeApi {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private NodeApi() {
	}

	public static WebClient client(MarqueeProcess node) {
		return client(node.baseUrl());
	}

	/** A client of the node at this base URL (a node started in this JVM, for one). */
	public static WebClient client(String baseUrl) {
		return WebClient.builder().baseUrl(baseUrl).build();
	}

	/** A POST with a fresh Idempotency-Key, answered 2xx. */
	public static Map<String, Object> post(MarqueeProcess node, String path, String token, Object body) {
		return post(node.baseUrl(), path, token, body);
	}

	/**
	 * {@link #post(MarqueeProcess, String, String, Object)} to the node at this base URL.
	 */
	public static Map<String, Object> post(String baseUrl, String path, String token, Object body) {
		return client(baseUrl).post().uri(path).headers(h -> {
			h.setBearerAuth(token);
			h.set("Idempotency-Key", UUID.randomUUID().toString());
		}).bodyValue(body).retrieve().bodyToMono(JSON).block(Duration.ofSeconds(30));
	}

	/** Any answer: its status and JSON body (empty if it had none). */
	public static Map.Entry<Integer, Map<String, Object>> answer(WebClient.RequestHeadersSpec<?> request) {
		return request
			.exchangeToMono(response -> response.bodyToMono(JSON)
				.defaultIfEmpty(Map.of())
				.map(body -> Map.entry(response.statusCode().value(), body)))
			.block(Duration.ofSeconds(30));
	}

	/** Holds one seat; answers the status. */
	public static int hold(MarqueeProcess node, UUID event, String token, String seat) {
		return holding(node, event, token, seat).getKey();
	}

	/** Holds one seat; answers the status and the hold. */
	public static Map.Entry<Integer, Map<String, Object>> holding(MarqueeProcess node, UUID event, String token,
			String seat) {
		return answer(client(node).post()
			.uri("/api/v1/events/{id}/holds", event)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(Map.of("seatIds", List.of(seat))));
	}

	/** Buys a hold with this Idempotency-Key and payment token. */
	public static Map.Entry<Integer, Map<String, Object>> purchase(MarqueeProcess node, Object holdId, String token,
			String key, String paymentToken) {
		return answer(client(node).post().uri("/api/v1/holds/{id}/purchase", holdId).headers(h -> {
			h.setBearerAuth(token);
			h.set("Idempotency-Key", key);
		}).bodyValue(Map.of("paymentToken", paymentToken)));
	}

	public static Map<String, Object> availability(MarqueeProcess node, UUID event) {
		return availability(node.baseUrl(), event);
	}

	/** {@link #availability(MarqueeProcess, UUID)} of the node at this base URL. */
	public static Map<String, Object> availability(String baseUrl, UUID event) {
		return client(baseUrl).get()
			.uri("/api/v1/events/{id}/availability", event)
			.retrieve()
			.bodyToMono(JSON)
			.block(Duration.ofSeconds(30));
	}

	/** A GET of an ADMIN-only endpoint (actuator), or null if it cannot be read. */
	public static Map<String, Object> adminRead(MarqueeProcess node, String uri) {
		return client(node).get()
			.uri(uri)
			.headers(h -> h.setBearerAuth(Tokens.admin()))
			.exchangeToMono(response -> response.bodyToMono(JSON))
			.block(Duration.ofSeconds(5));
	}

	/**
	 * An event on sale now, of one row of {@code seats} seats (S-A-1 ...) at 1 EUR each,
	 * made on this node by an ADMIN.
	 */
	public static UUID event(MarqueeProcess node, int holdTtlSeconds, int seats) {
		return event(node, Tokens.admin(), holdTtlSeconds, seats);
	}

	/** {@link #event(MarqueeProcess, int, int)}, made by the ADMIN of this token. */
	public static UUID event(MarqueeProcess node, String admin, int holdTtlSeconds, int seats) {
		return event(node.baseUrl(), admin, holdTtlSeconds, seats, Map.of());
	}

	/**
	 * {@link #event(MarqueeProcess, int, int)} on the node at this base URL, with these
	 * settings of the event over the defaults (a later {@code onSaleAt}, a
	 * {@code queue}).
	 */
	public static UUID event(String baseUrl, String admin, int holdTtlSeconds, int seats,
			Map<String, Object> settings) {
		var venue = post(baseUrl, "/api/v1/venues", admin,
				Map.of("name", "Two Processes", "city", "Ghent", "sections", List.of(Map.of("code", "S", "name",
						"Stalls", "priceTier", "std", "rows", List.of(Map.of("label", "A", "seats", seats))))));
		Map<String, Object> body = new HashMap<>(Map.of("venueId", venue.get("venueId"), "name", "Scaled out",
				"startsAt", Instant.now().plusSeconds(86_400).toString(), "onSaleAt",
				Instant.now().minusSeconds(60).toString(), "holdTtlSeconds", holdTtlSeconds, "prices",
				Map.of("std", Map.of("amountMinor", 100, "currency", "EUR"))));
		body.putAll(settings);
		var event = post(baseUrl, "/api/v1/events", admin, body);
		return UUID.fromString((String) event.get("eventId"));
	}

}
