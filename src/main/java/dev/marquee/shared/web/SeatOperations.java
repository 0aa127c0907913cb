package dev.marquee.shared.web;

import java.util.List;

import dev.marquee.shared.web.ApiOperations.Access;
import dev.marquee.shared.web.ApiOperations.Operation;

import static dev.marquee.shared.web.ApiOperations.Operation.op;

/**
 * The second part of {@link ApiOperations#ALL}: prices and their rules (the pricing
 * module), the seat map, the seat stream and holds (the hold and live modules).
 */
final class SeatOperations {

	private static final String HOLD_PROBLEMS = "admission-required event-not-found seat-unavailable ticket-limit "
			+ "not-on-sale area-full rate-limited";

	static final List<Operation> OPERATIONS = List.of(
			op("GET", "/events/{eventId}/prices", "getPrices", Access.PUBLIC,
					"Each tier's price now: the base price moved by the price rules, the rule, until when",
					"event-not-found", null),
			op("GET", "/events/{eventId}/price-rules", "listPriceRules", Access.ADMIN,
					"An event's price rules (time windows, demand steps)", "event-not-found", null),
			op("POST", "/events/{eventId}/price-rules", "createPriceRule", Access.ADMIN,
					"Add a price rule: a tier's price within a time window or from a share sold", "event-not-found",
					"{\"tier\":\"A\",\"kind\":\"TIME_WINDOW\",\"label\":\"Early bird\","
							+ "\"from\":\"2026-11-01T10:00:00Z\",\"until\":\"2026-11-08T10:00:00Z\",\"priceMinor\":12000,"
							+ "\"priority\":0}"),
			op("PUT", "/events/{eventId}/price-rules/{ruleId}", "replacePriceRule", Access.ADMIN,
					"Replace a price rule's terms (new holds only; held seats keep their price)",
					"event-not-found price-rule-not-found",
					"{\"tier\":\"A\",\"kind\":\"DEMAND_STEP\",\"label\":\"Last seats\",\"minShare\":0.8,"
							+ "\"priceMinor\":18000,\"priority\":0}"),
			op("DELETE", "/events/{eventId}/price-rules/{ruleId}", "deletePriceRule", Access.ADMIN,
					"Delete a price rule (new holds only; held seats keep their price)",
					"event-not-found price-rule-not-found", null),
			op("GET", "/events/{eventId}/price-audit", "priceAudit", Access.ADMIN,
					"What every sold seat was charged, its base price and the rule version that priced it",
					"event-not-found", null),
			op("GET", "/events/{eventId}/seatmap", "getSeatMap", Access.PUBLIC,
					"The static layout, seats in drawing order (cacheable, ETag)", "event-not-found", null),
			op("GET", "/events/{eventId}/seats", "getSeats", Access.PUBLIC, "The full map with every seat's status",
					"event-not-found", null),
			op("GET", "/events/{eventId}/availability", "getAvailability", Access.PUBLIC,
					"One status glyph per seat in seatmap order, at a seq", "event-not-found", null),
			op("GET", "/events/{eventId}/map.txt", "getTextMap", Access.PUBLIC, "A plain-text map, one line per row",
					"event-not-found", null),
			op("GET", "/events/{eventId}/seat-events", "streamSeatEvents", Access.PUBLIC,
					"The seat stream as Server-Sent Events (see docs/asyncapi.yaml)", "event-not-found", null),
			op("POST", "/events/{eventId}/holds", "createHold", Access.USER,
					"Hold seats (all or none), or a quantity of a general-admission area",
					HOLD_PROBLEMS + " own-listing", "{\"seatIds\":[\"FLOOR-A-12\",\"FLOOR-A-13\"]}"),
			op("POST", "/events/{eventId}/holds/best-available", "createBestAvailableHold", Access.USER,
					"Hold the best block of adjacent seats in a section, or anywhere up to a price",
					HOLD_PROBLEMS + " no-seats-together", "{\"sectionCode\":\"FLOOR\",\"quantity\":2}"),
			op("GET", "/holds/{holdId}", "getHold", Access.USER, "One of your holds", "hold-not-found", null),
			op("DELETE", "/holds/{holdId}", "releaseHold", Access.USER, "Release your hold: its seats are free at once",
					"hold-not-found hold-already-purchased purchase-in-progress hold-expired", null));

	private SeatOperations() {
	}

}
