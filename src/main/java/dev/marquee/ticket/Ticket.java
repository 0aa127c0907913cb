package dev.marquee.ticket;

import java.time.Instant;
import java.util.UUID;

import dev.marquee.shared.Money;

/**
 * A ticket for one seat, the one record of it: {@link TicketStatus#VALID} until scanned
 * in or its order is cancelled. Its code's version grows with every transfer.
 */
public record Ticket(UUID id, UUID orderId, UUID eventId, String seatId, String userId, TicketStatus status,
		int codeVersion, Instant usedAt, Money price, Instant createdAt) {

	/**
	 * A new, valid ticket of an order, as the sale issues it (with {@link TicketIssue}).
	 */
	public static Ticket issue(UUID orderId, UUID eventId, String seatId, String userId, Money price, Instant at) {
		return new Ticket(UUID.randomUUID(), orderId, eventId, seatId, userId, TicketStatus.VALID, 1, null, price, at);
	}

}
