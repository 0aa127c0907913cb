package dev.marquee.hold;

import java.util.List;
import java.util.UUID;

/**
 * A hold's seats became SOLD in Redis, under {@code orderId}, at {@code seq}: published
 * the moment they do, so every map shows them sold at once and the event's later changes
 * are not held back behind this one while PostgreSQL stores the order. If the order
 * cannot be stored after all, the seats go back on sale with a {@link SeatsReleased}. The
 * sale's own {@code SeatsSold} follows once the order is stored.
 */
public record HoldSold(UUID eventId, UUID holdId, UUID orderId, List<String> seatIds, long seq) {
}
