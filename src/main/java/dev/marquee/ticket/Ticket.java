package dev.marquee.ticket;

import java.time.Instant;
import java.util.UUID;

import dev.marquee.shared.Money;

/**
 * A ticket for one seat: VALID until scanned in (USED) or its order is cancelled (CANCELLED).
 * Its code's version grows with every transfer.
 */
public record Ticket(UUID id, UUID orderId, UUID eventId, String seatId, String userId, String status,
		int codeVersion, Instant usedAt, Money price, Instant createdAt) {
}
