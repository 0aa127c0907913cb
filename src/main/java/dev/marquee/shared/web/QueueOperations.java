package dev.marquee.shared.web;

import java.util.List;

import dev.marquee.shared.web.ApiOperations.Access;
import dev.marquee.shared.web.ApiOperations.Operation;

import static dev.marquee.shared.web.ApiOperations.Operation.op;

/**
 * The last part of {@link ApiOperations#ALL}: the waiting room (the queue module) and the
 * waitlist (the waitlist module).
 */
final class QueueOperations {

	static final List<Operation> OPERATIONS = List.of(op("POST", "/events/{eventId}/queue", "joinQueue", Access.USER,
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

	private QueueOperations() {
	}

}
