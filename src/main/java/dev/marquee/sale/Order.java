package dev.marquee.sale;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.shared.Money;
import dev.marquee.ticket.Ticket;

/**
 * A confirmed purchase of a hold's seats, with one ticket per seat (the ticket module's).
 */
public record Order(UUID id, UUID eventId, String userId, UUID holdId, Status status, Money total, String paymentId,
		Instant createdAt, List<Ticket> tickets) {

	/** Where an order stands. */
	public enum Status {

		CONFIRMED, CANCELLED

	}

	public OrderId orderId() {
		return OrderId.of(id);
	}

	/** The order's seats, one per ticket. */
	public List<String> seatIds() {
		return tickets.stream().map(Ticket::seatId).toList();
	}

}
