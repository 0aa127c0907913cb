package dev.marquee.hold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Seats of an event became HELD; {@code seq} orders this change among the event's
 * changes.
 */
public record SeatsHeld(UUID eventId, UUID holdId, List<String> seatIds, Instant expiresAt, long seq) {
}
