package dev.marquee;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear 4xx problem that names every violation, and changes nothing: the
 * seat state (seq, glyphs, Redis keys) and the database look exactly as before.
 */
class BadInputTests extends IntegrationTest {

	record State(Map<String, Object> availability, List<String> keys, long orders, long venues, long events) {
	}

	private State state(UUID event) {
		// read first: the first read of an event's seat map seeds its seq key (seq.lua)
		Map<String, Object> availability = availability(event);
		List<String> keys = redisKeys(event);
		keys.sort(String::compareTo);
		return new State(availability, keys, orders(event),
				count("select count(*) from venue where :event is not null", event),
				count("select count(*) from event where :event is not null", event));
	}

	/** Sends the request, checks the problem, and checks that nothing changed. */
	private Map<String, Object> refused(UUID event, WebTestClient.RequestHeadersSpec<?> request, HttpStatus status,
			String slug) {
		State before = state(event);
		Map<String, Object> problem = request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, status, slug);
		assertThat(problem).doesNotContainKeys("trace", "exception");
		assertThat(state(event)).isEqualTo(before);
		return problem;
	}

	private WebTestClient.RequestHeadersSpec<?> postHold(UUID event, String token, String rawJson) {
		return http().post()
			.uri("/api/v1/events/{id}/holds", event)
			.headers(bearer(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(rawJson);
	}

	private static Consumer<HttpHeaders> bearer(String token) {
		return h -> {
			if (token != null) {
				h.setBearerAuth(token);
			}
		};
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> violations(Map<String, Object> problem) {
		return (List<Map<String, Object>>) problem.get("violations");
	}

	@Test
	void holdsOnAnUnknownEventAreNotFound() {
		UUID event = event(4);
		refused(event, postHold(UUID.randomUUID(), buyer(), "{\"seatIds\":[\"S-A-1\"]}"), HttpStatus.NOT_FOUND,
				"event-not-found");
		refused(event,
				http().post()
					.uri("/api/v1/events/not-a-uuid/holds")
					.headers(bearer(buyer()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"seatIds\":[\"S-A-1\"]}"),
				HttpStatus.NOT_FOUND, "event-not-found");
	}

	@Test
	void emptyDuplicateAndUnknownSeatsAreAllListed() {
		UUID event = event(4);
		var empty = refused(event, postHold(event, buyer(), "{\"seatIds\":[]}"), HttpStatus.BAD_REQUEST, "validation");
		assertThat(violations(empty)).extracting(v -> v.get("field")).containsExactly("seatIds");
		var missing = refused(event, postHold(event, buyer(), "{}"), HttpStatus.BAD_REQUEST, "validation");
		assertThat(violations(missing)).extracting(v -> v.get("field")).containsExactly("seatIds");

		var problem = refused(event,
				postHold(event, buyer(), "{\"seatIds\":[\"S-A-1\",\"S-Z-1\",\"S-A-1\",\"S-A-99\"]}"),
				HttpStatus.BAD_REQUEST, "validation");
		assertThat(violations(problem)).extracting(v -> v.get("field"))
			.containsExactly("seatIds[1]", "seatIds[2]", "seatIds[3]");
	}

	@Test
	void malformedJsonAndWrongTypesAreRefused() {
		UUID event = event(4);
		refused(event, postHold(event, buyer(), "{\"seatIds\":[\"S-A-1\""), HttpStatus.BAD_REQUEST, "validation");
		var wrongType = refused(event, postHold(event, buyer(), "{\"seatIds\":\"S-A-1\"}"), HttpStatus.BAD_REQUEST,
				"validation");
		assertThat(violations(wrongType)).singleElement().satisfies(v -> {
			assertThat(v.get("field")).isEqualTo("seatIds");
			assertThat(v.get("message")).isEqualTo("must be of type array");
		});
		var wrongElement = refused(event, postHold(event, buyer(), "{\"seatIds\":[7, {\"x\":1}]}"),
				HttpStatus.BAD_REQUEST, "validation");
		assertThat(violations(wrongElement)).isNotEmpty();
		refused(event,
				http().post()
					.uri("/api/v1/events/{id}/holds", event)
					.headers(bearer(buyer()))
					.contentType(MediaType.APPLICATION_JSON),
				HttpStatus.BAD_REQUEST, "malformed-request");
		refused(event,
				http().post()
					.uri("/api/v1/events/{id}/holds", event)
					.headers(bearer(buyer()))
					.contentType(MediaType.TEXT_PLAIN)
					.bodyValue("S-A-1"),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
	}

	@Test
	void moreSeatsThanAllowedIsATicketLimitProblem() {
		UUID event = event(4, Map.of("maxTicketsPerUser", 2));
		refused(event, postHold(event, buyer(), "{\"seatIds\":[\"S-A-1\",\"S-A-2\",\"S-A-3\"]}"), HttpStatus.CONFLICT,
				"ticket-limit");
	}

	@Test
	void theTicketLimitCountsHeldAndBoughtSeats() {
		UUID event = event(4, Map.of("maxTicketsPerUser", 3));
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1", "S-A-2");
		var problem = refused(event, postHold(event, buyer, "{\"seatIds\":[\"S-A-3\",\"S-A-4\"]}"), HttpStatus.CONFLICT,
				"ticket-limit");
		assertThat(problem.get("current")).isEqualTo(2);
		purchase(holdId, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
		refused(event, postHold(event, buyer, "{\"seatIds\":[\"S-A-3\",\"S-A-4\"]}"), HttpStatus.CONFLICT,
				"ticket-limit");
		held(event, buyer, "S-A-3");
		// another buyer has their own allowance
		held(event, buyer(), "S-B-1", "S-B-2", "S-B-3");
	}

	@Test
	void missingBadAndExpiredTokensAreUnauthorized() {
		UUID event = event(4);
		refused(event, postHold(event, null, "{\"seatIds\":[\"S-A-1\"]}"), HttpStatus.UNAUTHORIZED, "unauthorized");
		refused(event, postHold(event, "not.a.jwt", "{\"seatIds\":[\"S-A-1\"]}"), HttpStatus.UNAUTHORIZED,
				"unauthorized");
		String forged = token("mallory").substring(0, token("mallory").lastIndexOf('.')) + ".c2lnbmF0dXJl";
		refused(event, postHold(event, forged, "{\"seatIds\":[\"S-A-1\"]}"), HttpStatus.UNAUTHORIZED, "unauthorized");
	}

	@Test
	void foreignUnknownAndExpiredHoldsCannotBeBoughtOrReleased() {
		UUID event = event(4);
		String owner = buyer();
		String holdId = held(event, owner, "S-A-1");
		refused(event, purchaseRequest(holdId, buyer()), HttpStatus.NOT_FOUND, "hold-not-found");
		refused(event, purchaseRequest(UUID.randomUUID().toString(), owner), HttpStatus.NOT_FOUND, "hold-not-found");
		refused(event, purchaseRequest("not-a-hold", owner), HttpStatus.NOT_FOUND, "hold-not-found");
		refused(event, http().delete().uri("/api/v1/holds/{id}", holdId).headers(bearer(buyer())), HttpStatus.NOT_FOUND,
				"hold-not-found");
		refused(event, http().get().uri("/api/v1/holds/{id}", holdId).headers(bearer(buyer())), HttpStatus.NOT_FOUND,
				"hold-not-found");
		clock.advance(Duration.ofMinutes(11));
		refused(event, purchaseRequest(holdId, owner), HttpStatus.GONE, "hold-expired");
	}

	private WebTestClient.RequestHeadersSpec<?> purchaseRequest(String holdId, String token) {
		return http().post().uri("/api/v1/holds/{id}/purchase", holdId).headers(h -> {
			h.setBearerAuth(token);
			h.set("Idempotency-Key", "k-" + UUID.randomUUID());
		}).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"paymentToken\":\"tok_visa\"}");
	}

	@Test
	void catalogWritesNeedAnAdmin() {
		UUID event = event(4);
		refused(event,
				http().post()
					.uri("/api/v1/venues")
					.headers(bearer(buyer()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{}"),
				HttpStatus.FORBIDDEN, "forbidden");
		refused(event, http().post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue("{}"),
				HttpStatus.UNAUTHORIZED, "unauthorized");
	}

	@Test
	void anInvalidVenueListsEveryViolationAndStoresNothing() {
		UUID event = event(4);
		var problem = refused(event,
				http().post()
					.uri("/api/v1/venues")
					.headers(bearer(admin()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(
							"""
									{"name": "", "sections": [
									  {"code": "FLOOR-1", "name": "Floor", "priceTier": "std", "rows": [{"label": "A", "seats": 0}]},
									  {"code": "B", "name": "Balcony", "priceTier": "std", "rows": [{"label": "A", "seats": 5}, {"label": "A", "seats": -1}]},
									  {"code": "B", "name": "Again", "priceTier": "std", "rows": []}
									]}"""),
				HttpStatus.BAD_REQUEST, "validation");
		assertThat(violations(problem)).extracting(v -> v.get("field"))
			.containsExactlyInAnyOrder("name", "city", "sections[0].code", "sections[0].rows[0].seats",
					"sections[1].rows[1].label", "sections[1].rows[1].seats", "sections[2].code", "sections[2].rows");
	}

	@Test
	void anInvalidEventListsEveryViolationAndStoresNothing() {
		UUID event = event(4);
		String venueId = (String) http().get()
			.uri("/api/v1/events/{id}", event)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("venueId");
		var problem = refused(event, http().post()
			.uri("/api/v1/events")
			.headers(bearer(admin()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("venueId", venueId, "name", "Bad", "startsAt", "2030-01-01T20:00:00Z", "onSaleAt",
					"2030-02-01T10:00:00Z", "holdTtlSeconds", 0, "maxTicketsPerUser", 1000, "prices",
					Map.of("vip", Map.of("amountMinor", -5, "currency", "eur")), "blockedSeatIds", List.of("S-Q-9"))),
				HttpStatus.BAD_REQUEST, "validation");
		assertThat(violations(problem)).extracting(v -> v.get("field"))
			.containsExactlyInAnyOrder("onSaleAt", "holdTtlSeconds", "maxTicketsPerUser", "prices.vip.amountMinor",
					"prices.vip.currency", "prices.std", "blockedSeatIds[0]");

		var unknownVenue = refused(event,
				http().post()
					.uri("/api/v1/events")
					.headers(bearer(admin()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("venueId", UUID.randomUUID().toString(), "name", "Nowhere", "startsAt",
							"2030-01-01T20:00:00Z", "onSaleAt", "2029-12-01T10:00:00Z", "prices",
							Map.of("std", Map.of("amountMinor", 100, "currency", "EUR")))),
				HttpStatus.BAD_REQUEST, "validation");
		assertThat(violations(unknownVenue)).extracting(v -> v.get("field")).containsExactly("venueId");

		var badTime = refused(event,
				http().post()
					.uri("/api/v1/events")
					.headers(bearer(admin()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"venueId\": \"" + venueId + "\", \"name\": \"x\", \"startsAt\": \"tomorrow\"}"),
				HttpStatus.BAD_REQUEST, "validation");
		assertThat(violations(badTime)).singleElement()
			.satisfies(v -> assertThat(v.get("field")).isEqualTo("startsAt"));
	}

	@Test
	void holdsBeforeTheSaleOpensAreRefused() {
		UUID event = event(4, Map.of("onSaleAt", clock.instant().plusSeconds(3600).toString()));
		refused(event, postHold(event, buyer(), "{\"seatIds\":[\"S-A-1\"]}"), HttpStatus.CONFLICT, "not-on-sale");
	}

	@Test
	void hugeAndDeeplyNestedBodiesAreRefused() {
		UUID event = event(4);
		String huge = "{\"seatIds\":[" + "\"S-A-1\",".repeat(40_000) + "\"S-A-2\"]}";
		refused(event, postHold(event, buyer(), huge), HttpStatus.CONTENT_TOO_LARGE, "payload-too-large");
		String deep = "{\"seatIds\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
		refused(event, postHold(event, buyer(), deep), HttpStatus.BAD_REQUEST, "validation");
		refused(event, postHold(event, buyer(), "{\"seatIds\":[\"S-A-1\u0000'; DROP TABLE ticket;--\"]}"),
				HttpStatus.BAD_REQUEST, "validation");
	}

	@Test
	void anAnswerTheCallerCannotReadChangesNothing() {
		UUID event = event(4);
		String buyer = buyer();
		refused(event, postHold(event, buyer, "{\"seatIds\":[\"S-A-1\"]}").accept(MediaType.TEXT_HTML),
				HttpStatus.NOT_ACCEPTABLE, "not-acceptable");
		refused(event,
				http().post()
					.uri("/api/v1/events/{id}/holds/best-available", event)
					.headers(bearer(buyer))
					.accept(MediaType.TEXT_PLAIN)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"sectionCode\":\"S\",\"quantity\":1}"),
				HttpStatus.NOT_ACCEPTABLE, "not-acceptable");
		String hold = held(event, buyer, "S-A-2");
		refused(event, http().post().uri("/api/v1/holds/{id}/purchase", hold).headers(h -> {
			h.setBearerAuth(buyer);
			h.set("Idempotency-Key", "unreadable-" + hold);
		})
			.accept(MediaType.TEXT_HTML)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"paymentToken\":\"tok_visa\"}"), HttpStatus.NOT_ACCEPTABLE, "not-acceptable");
	}

	@Test
	void unknownPathsAndMethodsAreProblemsToo() {
		UUID event = event(4);
		var problem = refused(event, http().get().uri("/api/v1/nothing-here").headers(bearer(buyer())),
				HttpStatus.NOT_FOUND, "not-found");
		assertThat((String) problem.get("detail")).doesNotContain("static resource");
		refused(event, http().delete().uri("/api/v1/events/{id}/seats", event).headers(bearer(admin())),
				HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed");
	}

}
