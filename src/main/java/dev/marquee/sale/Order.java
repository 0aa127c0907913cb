package dev.marquee.sale;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.shared.Money;

/**
 * A confirmed purchase of a hold's seats, with one ticket per seat.
 */
public record Order(UUID id, UUID eventId, String userId, UUID holdId, Status status, Money total, String paymentId,
		Instant createdAt, List<Ticket> tickets) {

	/** Where an order stands. */
	public enum Status {

		CONFIRMED, CANCELLED

	}

	/** One seat of an order. */
	public record Ticket(UUID id, UUID orderId, UUID eventId, String seatId, String userId, String status,
			Money price, Instant createdAt) {
	}

}
