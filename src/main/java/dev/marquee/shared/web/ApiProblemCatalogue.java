package dev.marquee.shared.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import dev.marquee.shared.Problems;

import org.springframework.http.HttpStatus;

/**
 * Every problem slug the HTTP API answers with, its status and an example body, for the
 * OpenAPI document ({@link ApiOperations} says which operation answers which). The slugs
 * are the contract of docs/API.md; a slug here never changes once published.
 */
final class ApiProblemCatalogue {

	record Entry(String slug, int status, String detail, Map<String, Object> members) {

		Map<String, Object> example() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", Problems.TYPE_BASE + slug);
			body.put("title", ApiProblemCatalogue.title(status));
			body.put("status", status);
			body.put("detail", detail);
			body.putAll(members);
			body.put("requestId", "5f0c9a3e2b7d4c18");
			return body;
		}

	}

	private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

	static {
		add("validation", 400, "1 field is invalid: seatIds",
				Map.of("violations", List.of(Map.of("field", "seatIds", "message", "must name 1 to 8 seats"))));
		add("malformed-request", 400, "The request could not be read",
				Map.of("violations", List.of(Map.of("field", "body", "message", "is not valid JSON"))));
		add("unauthorized", 401, "A valid bearer token is required", Map.of());
		add("payment-declined", 402, "The card was declined: insufficient funds; your hold is kept until it expires",
				Map.of("declineReason", "insufficient_funds"));
		add("payment-action-required", 402,
				"Your bank asks you to confirm this payment. Confirm it, then repeat the purchase with the same"
						+ " Idempotency-Key; your hold is kept meanwhile.",
				Map.of("holdId", "5f0c7e52-8c2e-4f6e-9d1a-2b3c4d5e6f70", "paymentId", "pi_3Pq1", "clientSecret",
						"pi_3Pq1_secret_x"));
		add("forbidden", 403, "Your token does not allow this", Map.of());
		add("admission-required", 403, "This event has a waiting room: join it and hold with your admission token",
				Map.of("eventId", "0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10", "reason", "missing", "queue",
						"/api/v1/events/0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10/queue"));
		add("proof-of-work-required", 403, "This waiting room asks for a proof of work of 18 bits (missing)",
				Map.of("eventId", "0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10", "reason", "missing", "difficulty", 18,
						"challenge", "/api/v1/events/0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10/queue-challenge"));
		add("too-many-accounts", 403, "At most 3 accounts may join this waiting room from one device",
				Map.of("eventId", "0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10", "by", "device", "limit", 3));
		add("not-found", 404, "There is nothing at /api/v1/nothing", Map.of());
		add("venue-not-found", 404, "No venue with id 7e3c1f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f5", Map.of());
		add("event-not-found", 404, "No event 0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10",
				Map.of("eventId", "0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10"));
		add("hold-not-found", 404, "No hold 3d5e7f90-1a2b-4c3d-9e8f-7a6b5c4d3e2f of yours", Map.of());
		add("order-not-found", 404, "No order 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d of yours", Map.of());
		add("ticket-not-found", 404, "No ticket 1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9 of yours", Map.of());
		add("queue-ticket-not-found", 404, "No queue ticket q-4f1c2b of yours", Map.of());
		add("price-rule-not-found", 404, "No price rule with id 2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c",
				Map.of("ruleId", "2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c"));
		add("waitlist-entry-not-found", 404, "No waitlist entry w-8d2e1a of yours", Map.of());
		add("resale-listing-not-found", 404, "No open listing of ticket 1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",
				Map.of());
		add("resale-not-allowed", 409, "This event does not allow resale.", Map.of("reason", "resale-not-allowed"));
		add("resale-price-too-high", 409,
				"Ticket 1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9 can be resold for at most 5000 (100 % of its price, 5000),"
						+ " not 6000.",
				Map.of("ticketId", "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "maxPriceMinor", 5000));
		add("resale-ended", 409,
				"The resale of seat(s) FLOOR-A-12 ended before your purchase completed; the payment was refunded.",
				Map.of("seatIds", List.of("FLOOR-A-12")));
		add("own-listing", 409,
				"You listed FLOOR-A-12 for resale yourself: withdraw the listing instead. Nothing was held.",
				Map.of("seatIds", List.of("FLOOR-A-12")));
		add("venue-in-use", 409,
				"Venue 7e3c1f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f5 has events on it, which keep the layout they were sold on: "
						+ "save the edit as a new venue",
				Map.of("venueId", "7e3c1f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f5"));
		add("event-status", 409, "Event 0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10 is cancelled; it can no longer change",
				Map.of("eventId", "0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10", "eventStatus", "CANCELLED"));
		add("order-cancelled", 409,
				"Order 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d is cancelled; it has no tickets to send.",
				Map.of("orderId", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
		add("seat-unavailable", 409, "Not available: FLOOR-A-12. Nothing was held.",
				Map.of("unavailableSeatIds", List.of("FLOOR-A-12")));
		add("ticket-limit", 409, "This event allows 8 tickets per buyer; you have 6 and asked for 4",
				Map.of("limit", 8, "current", 6, "requested", 4));
		add("not-on-sale", 409, "Sales open at 2026-11-22T10:00:00Z", Map.of("onSaleAt", "2026-11-22T10:00:00Z"));
		add("no-seats-together", 409, "No 4 adjacent free seats in section FLOOR",
				Map.of("quantity", 4, "sectionCode", "FLOOR"));
		add("area-full", 409, "General-admission area PIT has 1 place left, 2 asked for",
				Map.of("areaCode", "PIT", "quantity", 2, "available", 1));
		add("purchase-in-progress", 409, "A purchase of this hold is in progress",
				Map.of("holdId", "3d5e7f90-1a2b-4c3d-9e8f-7a6b5c4d3e2f"));
		add("hold-already-purchased", 409, "Hold 3d5e7f90-1a2b-4c3d-9e8f-7a6b5c4d3e2f was already purchased", Map
			.of("holdId", "3d5e7f90-1a2b-4c3d-9e8f-7a6b5c4d3e2f", "orderId", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
		add("order-not-cancellable", 409, "Ticket FLOOR-A-12 was already used",
				Map.of("orderId", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "reason", "used"));
		add("ticket-not-transferable", 409, "Ticket 1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9 is USED",
				Map.of("ticketId", "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "ticketStatus", "USED"));
		add("already-used", 409, "Ticket for FLOOR-A-12 was already scanned in at 2026-11-22T19:02:11Z",
				Map.of("ticketId", "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "seatId", "FLOOR-A-12", "usedAt",
						"2026-11-22T19:02:11Z"));
		add("queue-not-enabled", 409, "This event has no waiting room",
				Map.of("eventId", "0b6f6a8e-6d41-4c43-9e4f-8d1b2b6a3f10"));
		add("seats-available", 409, "Section FLOOR has 12 free seats: hold them instead",
				Map.of("sectionCode", "FLOOR", "freeSeats", 12));
		add("hold-expired", 410, "Hold 3d5e7f90-1a2b-4c3d-9e8f-7a6b5c4d3e2f has expired",
				Map.of("holdId", "3d5e7f90-1a2b-4c3d-9e8f-7a6b5c4d3e2f"));
		add("payload-too-large", 413, "The request body is too large", Map.of());
		add("unsupported-media-type", 415, "Send the body as application/json", Map.of());
		add("invalid-code", 422, "This code is not a ticket of this event", Map.of("reason", "signature"));
		add("idempotency-key-reused", 422, "This Idempotency-Key was used for another hold", Map.of());
		add("rate-limited", 429, "Too many hold requests from this user; try again in 1 s",
				Map.of("retryAfterSeconds", 1, "limitPerMinute", 60));
		add("internal", 500, "Something went wrong on our side; nothing was changed by this request.", Map.of());
		add("service-unavailable", 503,
				"A backing service (Redis or PostgreSQL) is unreachable; nothing was changed. Try again shortly.",
				Map.of());
		add("payment-unavailable", 503, "The payment service did not answer; you were not charged", Map.of());
		add("order-pending", 503, "The order of this purchase is still being written; ask again shortly",
				Map.of("holdId", "3d5e7f90-1a2b-4c3d-9e8f-7a6b5c4d3e2f"));
	}

	private ApiProblemCatalogue() {
	}

	private static void add(String slug, int status, String detail, Map<String, Object> members) {
		ENTRIES.put(slug, new Entry(slug, status, detail, new TreeMap<>(members)));
	}

	static Entry entry(String slug) {
		Entry entry = ENTRIES.get(slug);
		if (entry == null) {
			throw new IllegalArgumentException("No problem slug " + slug + " in the catalogue");
		}
		return entry;
	}

	static Set<String> slugs() {
		return ENTRIES.keySet();
	}

	/** The Problem and Violation schemas, and an example of every problem. */
	static void addSchemasAndExamples(Components components) {
		components
			.addSchemas("Violation",
					new ObjectSchema().addProperty("field", new StringSchema())
						.addProperty("message", new StringSchema())
						.required(List.of("field", "message")))
			.addSchemas("Problem", problemSchema());
		ENTRIES
			.forEach((slug, entry) -> components.addExamples(slug, new Example().summary(slug).value(entry.example())));
	}

	private static Schema<?> problemSchema() {
		Schema<?> problem = new ObjectSchema()
			.description("RFC 9457 problem details; extension members (unavailableSeatIds, limit, holdId, ...) "
					+ "depend on the type")
			.addProperty("type",
					new StringSchema().format("uri")
						.description("https://marquee.dev/problems/<slug>; the slug never changes once published"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema().description("For people; never parse it"))
			.addProperty("instance", new StringSchema().format("uri-reference"))
			.addProperty("requestId", new StringSchema().description("The X-Request-Id of the answer"))
			.addProperty("violations",
					new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Violation"))
						.description("Every invalid field of a validation or malformed-request problem"))
			.required(List.of("type", "title", "status", "detail"));
		problem.setAdditionalProperties(true);
		return problem;
	}

	static String title(int status) {
		return HttpStatus.valueOf(status).getReasonPhrase();
	}

}
