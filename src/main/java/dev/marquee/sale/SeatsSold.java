package dev.marquee.sale;

import java.util.List;
import java.util.UUID;

/**
 * Seats of an event became SOLD; {@code seq} orders this change among the event's
 * changes.
 */
public record SeatsSold(UUID eventId, UUID orderId, UUID holdId, List<String> seatIds, long seq) {
}
