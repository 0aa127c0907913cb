package dev.marquee.sale;

import java.util.List;
import java.util.UUID;

/**
 * Seats of an event were sold: their order is stored. (The maps were told when the seats
 * became SOLD in Redis, by the hold module's {@code HoldSold}.)
 */
public record SeatsSold(UUID eventId, UUID orderId, UUID holdId, List<String> seatIds) {
}
