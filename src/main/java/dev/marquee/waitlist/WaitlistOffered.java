package dev.marquee.waitlist;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A waiter got an offer: seats held for them until {@code expiresAt}. The live bus
 * carries it between nodes as JSON, so the event's and the hold's ids keep their wire
 * form (UUIDs).
 */
public record WaitlistOffered(UUID eventId, WaitlistEntryId entryId, UUID holdId, List<String> seatIds,
		Instant expiresAt) {
}
