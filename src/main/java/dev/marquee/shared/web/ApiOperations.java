package dev.marquee.shared.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The HTTP operations of docs/API.md as the OpenAPI document names them: a stable
 * operation id, who may call it (as security/SecurityConfiguration decides), the problems
 * it answers beyond those every operation shares, and an example request body.
 * {@link OpenApiConfiguration} applies them; {@code OpenApiDocumentTests} fails when an
 * operation is missing here.
 */
final class ApiOperations {

	enum Access {

		PUBLIC, USER, ADMIN("ADMIN"), SCANNER("SCANNER"), SCANNER_OR_ADMIN("SCANNER or ADMIN");

		private final String roles;

		Access() {
			this(null);
		}

		Access(String roles) {
			this.roles = roles;
		}

		/** The roles a token needs, as the document says it; null when none. */
		String roles() {
			return roles;
		}

	}

	record Operation(String method, String path, String id, Access access, String summary, List<String> problems,
			String exampleBody) {

		String key() {
			return key(method, path);
		}

		static String key(String method, String path) {
			return method.toUpperCase() + " " + path;
		}

	}

	private static final String V1 = "/api/v1";

	private static final String HOLD_PROBLEMS = "admission-required event-not-found seat-unavailable ticket-limit "
			+ "not-on-sale area-full rate-limited";

	static final List<Operation> ALL = List.of(op("POST", "/venues", "createVenue", Access.ADMIN,
			"Create a venue and its seat layout", "",
			"{\"name\":\"Riverside Arena\",\"city\":\"Lisbon\",\"sections\":[{\"code\":\"FLOOR\",\"name\":\"Floor\","
					+ "\"priceTier\":\"A\",\"rows\":[{\"label\":\"A\",\"seats\":20}]}]}"),
			op("GET", "/venues", "listVenues", Access.PUBLIC,
					"Every venue, newest first, with its seat count and whether an event is on it", "", null),
			op("POST", "/venues/preview", "previewVenue", Access.ADMIN,
					"A venue's plan as /seatmap would carry it, validated, nothing stored", "",
					"{\"name\":\"Riverside Arena\",\"city\":\"Lisbon\",\"sections\":[{\"code\":\"FLOOR\",\"name\":\"Floor\","
							+ "\"priceTier\":\"A\",\"rows\":[{\"label\":\"A\",\"seats\":20,\"radius\":16}]}]}"),
			op("GET", "/venues/{venueId}", "getVenue", Access.PUBLIC, "A venue and its layout", "venue-not-found",
					null),
			op("PUT", "/venues/{venueId}", "editVenue", Access.ADMIN,
					"Replace a venue's layout while no event is on it", "venue-not-found venue-in-use",
					"{\"name\":\"Riverside Arena\",\"city\":\"Lisbon\",\"stage\":{\"label\":\"Stage\",\"x\":0,\"y\":-4,"
							+ "\"width\":12,\"height\":3},\"sections\":[{\"code\":\"FLOOR\",\"name\":\"Floor\","
							+ "\"priceTier\":\"A\",\"x\":0,\"y\":0,\"rows\":[{\"label\":\"A\",\"seats\":20,\"radius\":16,"
							+ "\"wheelchair\":[1],\"companion\":[2]}]}]}"),
			op("GET", "/events/{eventId}/sales", "eventSales", Access.ADMIN,
					"An event's confirmed orders, tickets and revenue, in total and per minute", "event-not-found",
					null),
			op("GET", "/events/{eventId}/orders", "searchOrders", Access.ADMIN,
					"An event's orders named by an order or ticket id, a seat, or the start of a buyer's id",
					"event-not-found", null),
			op("GET", "/events/{eventId}/orders.csv", "exportOrders", Access.ADMIN,
					"Every order of an event with its seats and tickets, as CSV", "event-not-found", null),
			op("GET", "/events/{eventId}/queue-summary", "queueSummary", Access.ADMIN,
					"The waiting room at a glance: joined, admitted, waiting, the admission rate", "event-not-found",
					null),
			op("GET", "/events/{eventId}/waitlist-summary", "waitlistSummary", Access.ADMIN,
					"The waitlist at a glance: entries waiting, in all and per section", "event-not-found", null),
			op("POST", "/events/{eventId}/publish", "publishEvent", Access.ADMIN, "Put a draft event on sale",
					"event-not-found event-status", null),
			op("PATCH", "/events/{eventId}", "editEvent", Access.ADMIN,
					"Change an event's name, on-sale time, hold time, ticket limit or refund cut-off",
					"event-not-found event-status", "{\"name\":\"Opening night (late show)\",\"maxTicketsPerUser\":4}"),
			op("POST", "/events/{eventId}/postpone", "postponeEvent", Access.ADMIN,
					"Move an event to a new start; every buyer is emailed", "event-not-found event-status",
					"{\"startsAt\":\"2026-12-22T19:00:00Z\"}"),
			op("POST", "/events/{eventId}/cancel", "cancelEvent", Access.ADMIN,
					"Cancel an event: every order refunded in full, every buyer emailed",
					"event-not-found event-status", null),
			op("POST", "/orders/{orderId}/resend", "resendTickets", Access.ADMIN,
					"Email an order's tickets to its buyer again", "order-not-found order-cancelled", null),
			op("POST", "/events", "createEvent", Access.ADMIN, "Create an event at a venue", "",
					"{\"venueId\":\"7e3c1f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f5\",\"name\":\"Opening night\","
							+ "\"startsAt\":\"2026-11-22T19:00:00Z\",\"onSaleAt\":\"2026-11-01T10:00:00Z\",\"holdTtlSeconds\":600,"
							+ "\"maxTicketsPerUser\":8,\"prices\":{\"A\":{\"amountMinor\":15000,\"currency\":\"USD\"}},"
							+ "\"queue\":{\"enabled\":true,\"admitPerMinute\":600}}"),
			op("GET", "/events", "listEvents", Access.PUBLIC,
					"Every event; or, with any search parameter, a page of the events that match", "validation", null),
			op("GET", "/payments/config", "getPaymentConfig", Access.PUBLIC,
					"How the browser collects a card: the gateway, and Stripe's publishable key", "", null),
			op("GET", "/auth/config", "getSignIn", Access.PUBLIC,
					"How the browser signs in: at the OpenID Connect provider (with PKCE), by name (demo), or not", "",
					null),
			op("GET", "/events/{eventId}", "getEvent", Access.PUBLIC, "An event", "event-not-found", null),
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
					"hold-not-found hold-already-purchased purchase-in-progress hold-expired", null),
			op("POST", "/holds/{holdId}/purchase", "purchaseHold", Access.USER,
					"Buy a hold, exactly once per Idempotency-Key",
					"payment-declined payment-action-required hold-not-found seat-unavailable purchase-in-progress hold-already-purchased "
							+ "hold-expired idempotency-key-reused payment-unavailable order-pending resale-ended",
					"{\"paymentToken\":\"tok_visa\"}"),
			op("GET", "/orders/{orderId}", "getOrder", Access.USER, "One of your orders", "order-not-found", null),
			op("POST", "/orders/{orderId}/cancel", "cancelOrder", Access.USER,
					"Cancel an order: refund per the event's policy, seats back on sale",
					"order-not-found order-not-cancellable", null),
			op("POST", "/orders/{orderId}/refund", "refundOrder", Access.ADMIN,
					"Refund any order in full (organizers): tickets void, seats back on sale",
					"order-not-found order-not-cancellable", null),
			op("GET", "/me/orders", "listMyOrders", Access.USER, "Your orders", "", null),
			op("GET", "/me/tickets", "listMyTickets", Access.USER, "Your tickets, each with its signed code", "", null),
			op("GET", "/tickets/{ticketId}/qr.svg", "getTicketQr", Access.USER, "Your ticket's QR code",
					"ticket-not-found", null),
			op("POST", "/tickets/{ticketId}/transfer", "transferTicket", Access.USER,
					"Give your ticket to another user (its code changes)", "ticket-not-found ticket-not-transferable",
					"{\"toUserId\":\"bob\"}"),
			op("POST", "/tickets/{ticketId}/resale", "listTicketForResale", Access.USER,
					"List your ticket for resale at no more than its price (and the event's cap)",
					"resale-listing-not-found resale-not-allowed resale-price-too-high", "{\"priceMinor\":4500}"),
			op("DELETE", "/tickets/{ticketId}/resale", "withdrawTicketResale", Access.USER,
					"Withdraw your ticket's open resale listing", "resale-listing-not-found resale-not-allowed", null),
			op("POST", "/orders/{orderId}/resale", "listOrderTicketsForResale", Access.USER,
					"List several tickets of your order for resale, at one price each",
					"resale-listing-not-found resale-not-allowed resale-price-too-high",
					"{\"ticketIds\":[\"1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9\"]}"),
			op("DELETE", "/resale/{listingId}", "withdrawResale", Access.USER, "Withdraw one of your resale listings",
					"resale-listing-not-found resale-not-allowed", null),
			op("GET", "/me/resale", "listMyResale", Access.USER, "Your resale listings with their status and payout",
					"", null),
			op("GET", "/events/{eventId}/resale", "listEventResale", Access.PUBLIC,
					"The event's open resale listings: seat, price, face value", "event-not-found", null),
			op("GET", "/events/{eventId}/resale-settings", "getResaleSettings", Access.PUBLIC,
					"Whether the event allows resale, and its cap in percent of a ticket's price", "event-not-found",
					null),
			op("PUT", "/events/{eventId}/resale-settings", "putResaleSettings", Access.ADMIN,
					"Set whether the event allows resale and its cap in percent of a ticket's price", "event-not-found",
					"{\"allowed\":true,\"capPercent\":100}"),
			op("POST", "/tickets/scan", "scanTicket", Access.SCANNER, "Admit a ticket at the door (first scan only)",
					"already-used invalid-code", "{\"code\":\"<the QR code's text>\"}"),
			op("GET", "/events/{eventId}/door-list", "getDoorList", Access.SCANNER_OR_ADMIN,
					"The event's live tickets as a signed list a scanner can trust offline", "event-not-found", null),
			op("GET", "/door/public-key", "getDoorKey", Access.PUBLIC, "The key that verifies door lists (ES256)", "",
					null),
			op("POST", "/events/{eventId}/scans", "syncScans", Access.SCANNER,
					"Settle scans a device made offline: the first to reach the server admits", "event-not-found",
					"{\"scans\":[{\"code\":\"<the QR code's text>\",\"scannedAt\":\"2026-11-22T19:02:11Z\","
							+ "\"gate\":\"North\",\"deviceId\":\"door-7f3a\"}]}"),
			op("GET", "/events/{eventId}/door-counts", "getDoorCounts", Access.SCANNER_OR_ADMIN,
					"Admissions at the door, in total and per gate", "event-not-found", null),
			op("POST", "/events/{eventId}/queue", "joinQueue", Access.USER,
					"Join the waiting room (201 new ticket, 200 the one you have)",
					"event-not-found queue-not-enabled not-on-sale rate-limited proof-of-work-required too-many-accounts",
					null),
			op("POST", "/events/{eventId}/queue/{queueTicket}/reminder", "remindQueueTurn", Access.USER,
					"Be emailed when this ticket's turn comes", "queue-ticket-not-found", null),
			op("GET", "/events/{eventId}/queue/{queueTicket}", "getQueueStanding", Access.USER,
					"Where your queue ticket stands", "event-not-found queue-ticket-not-found", null),
			op("GET", "/events/{eventId}/queue-fairness", "getQueueFairness", Access.PUBLIC,
					"The commitment to the waiting room's shuffle; its seed once the queue opened",
					"event-not-found queue-not-enabled", null),
			op("POST", "/events/{eventId}/queue-challenge", "getQueueChallenge", Access.USER,
					"A proof-of-work challenge to solve before joining the waiting room",
					"event-not-found queue-not-enabled", null),
			op("GET", "/events/{eventId}/queue-difficulty", "getQueueDifficulty", Access.ADMIN,
					"The waiting room's proof-of-work difficulty", "event-not-found queue-not-enabled", null),
			op("PUT", "/events/{eventId}/queue-difficulty", "setQueueDifficulty", Access.ADMIN,
					"Change the waiting room's proof-of-work difficulty, from the next join on",
					"event-not-found queue-not-enabled validation", "{\"difficulty\":18}"),
			op("POST", "/events/{eventId}/waitlist", "joinWaitlist", Access.USER,
					"Join a sold-out section's waitlist (201 new entry, 200 the one you have)",
					"admission-required event-not-found seats-available not-on-sale",
					"{\"sectionCode\":\"FLOOR\",\"quantity\":2,\"adjacent\":true}"),
			op("GET", "/events/{eventId}/waitlist/{entryId}", "getWaitlistEntry", Access.USER,
					"Where your waitlist entry stands, and its offer", "event-not-found waitlist-entry-not-found",
					null),
			op("DELETE", "/events/{eventId}/waitlist/{entryId}", "leaveWaitlist", Access.USER, "Leave the waitlist",
					"event-not-found waitlist-entry-not-found", null));

	/**
	 * What the request headers the controllers read mean; the server refuses a purchase
	 * without its key.
	 */
	static final Map<String, String> HEADERS = Map.ofEntries(
			Map.entry("Idempotency-Key",
					"Required: the same key again answers the same order, never a second charge (1-255 characters)"),
			Map.entry("X-Admission-Token", "The admissionToken of your queue ticket, on a queue-protected event"),
			Map.entry("X-Queue-Challenge",
					"A challenge from /queue-challenge, when the waiting room asks for a proof of work"),
			Map.entry("X-Queue-Solution", "Your solution to it"),
			Map.entry("X-Device-Id", "An id your client keeps for this device (8-64 letters, digits, _ or -)"),
			Map.entry("Location", "Where the new resource (or the one you already had) is read"),
			Map.entry("Idempotent-Replayed",
					"true when this answer is the order of an earlier request with the same Idempotency-Key"),
			Map.entry("Marquee-Seq", "The seq of the statuses shown: changes after it arrive on the seat stream"),
			Map.entry("ETag", "Strong; the layout never changes (304 on If-None-Match)"),
			Map.entry("Retry-After", "Seconds to wait before trying again"),
			Map.entry("X-Next-Cursor", "The cursor of the next page of a search (absent on the last page)"),
			Map.entry("Link", "The next page of a search as rel=\"next\" (absent on the last page)"));

	/**
	 * Headers of an operation's success answer, by operation id; every answer has
	 * X-Request-Id.
	 */
	static final Map<String, List<String>> RESPONSE_HEADERS = Map.ofEntries(
			Map.entry("createVenue", List.of("Location")), Map.entry("createEvent", List.of("Location")),
			Map.entry("createHold", List.of("Location")), Map.entry("createBestAvailableHold", List.of("Location")),
			Map.entry("purchaseHold", List.of("Location", "Idempotent-Replayed")),
			Map.entry("joinQueue", List.of("Location")), Map.entry("joinWaitlist", List.of("Location")),
			Map.entry("getSeatMap", List.of("ETag")), Map.entry("getSeats", List.of("Marquee-Seq")),
			Map.entry("getAvailability", List.of("Marquee-Seq")),
			Map.entry("listEvents", List.of("X-Next-Cursor", "Link")), Map.entry("getTextMap", List.of("Marquee-Seq")));

	static final String REQUIRED_HEADER = "Idempotency-Key";

	/** Operations whose success is a stream rather than JSON, by id: their media type. */
	static final Map<String, String> STREAMED = Map.of("streamSeatEvents", "text/event-stream");

	/**
	 * Operations that answer something else than 200 on success, by id: their statuses.
	 */
	static final Map<String, List<String>> SUCCESS = Map.ofEntries(Map.entry("createVenue", List.of("201")),
			Map.entry("createEvent", List.of("201")), Map.entry("createHold", List.of("201")),
			Map.entry("createBestAvailableHold", List.of("201")), Map.entry("purchaseHold", List.of("201")),
			Map.entry("releaseHold", List.of("204")), Map.entry("joinQueue", List.of("201", "200")),
			Map.entry("joinWaitlist", List.of("201", "200")), Map.entry("listTicketForResale", List.of("201")),
			Map.entry("listOrderTicketsForResale", List.of("201")));

	private static final Map<String, Operation> BY_KEY = ALL.stream()
		.collect(Collectors.toMap(Operation::key, Function.identity()));

	private ApiOperations() {
	}

	private static Operation op(String method, String path, String id, Access access, String summary, String problems,
			String exampleBody) {
		List<String> slugs = problems.isBlank() ? List.of() : List.of(problems.split(" "));
		slugs.forEach(ApiProblemCatalogue::entry);
		return new Operation(method, V1 + path, id, access, summary, slugs, exampleBody);
	}

	/** The part of the API an operation belongs to, after the module that serves it. */
	static String tagOf(String path) {
		String[] parts = path.substring(V1.length() + 1).split("/");
		String first = parts[0].equals("me") ? parts[1] : parts[0];
		if (parts.length > 2 && parts[0].equals("events")) {
			return switch (parts[2]) {
				case "holds" -> "holds";
				case "queue" -> "queue";
				case "waitlist" -> "waitlist";
				case "door-list", "scans", "door-counts" -> "door";
				case "prices", "price-rules", "price-audit" -> "prices";
				default -> "seats";
			};
		}
		if (path.endsWith("/purchase")) {
			return "orders";
		}
		return first.equals("venues") || first.equals("events") ? "catalog" : first;
	}

	static Operation find(String method, String path) {
		return BY_KEY.get(Operation.key(method, path));
	}

}
