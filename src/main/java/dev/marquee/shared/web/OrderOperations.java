package dev.marquee.shared.web;

import java.util.List;

import dev.marquee.shared.web.ApiOperations.Access;
import dev.marquee.shared.web.ApiOperations.Operation;

import static dev.marquee.shared.web.ApiOperations.Operation.op;

/**
 * The third part of {@link ApiOperations#ALL}: purchases, orders and resale (the sale
 * module), tickets and the door (the ticket module).
 */
final class OrderOperations {

	static final List<Operation> OPERATIONS = List.of(op("POST", "/holds/{holdId}/purchase", "purchaseHold",
			Access.USER, "Buy a hold, exactly once per Idempotency-Key",
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
					"Admissions at the door, in total and per gate", "event-not-found", null));

	private OrderOperations() {
	}

}
