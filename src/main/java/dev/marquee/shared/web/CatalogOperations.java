package dev.marquee.shared.web;

import java.util.List;

import dev.marquee.shared.web.ApiOperations.Access;
import dev.marquee.shared.web.ApiOperations.Operation;

import static dev.marquee.shared.web.ApiOperations.Operation.op;

/**
 * The first part of {@link ApiOperations#ALL}: venues and events (the catalog module),
 * the organizers' views of an event's sales, orders, queue and waitlist, its status
 * changes, and how the browser pays and signs in.
 */
final class CatalogOperations {

	static final List<Operation> OPERATIONS = List.of(op("POST", "/venues", "createVenue", Access.ADMIN,
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
			op("GET", "/events/{eventId}", "getEvent", Access.PUBLIC, "An event", "event-not-found", null));

	private CatalogOperations() {
	}

}
