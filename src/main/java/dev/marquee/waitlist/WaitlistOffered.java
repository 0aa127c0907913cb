package dev.marquee.waitlist;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A waiter got an offer: seats held for them until {@code expiresAt}.
 */
public record WaitlistOffered(UUID eventId, String entryId, UUID holdId, List<String> seatIds, Instant expiresAt) {
}
