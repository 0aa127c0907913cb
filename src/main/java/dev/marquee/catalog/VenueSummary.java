package dev.marquee.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * A venue in a list: its name, where, how many seats, and whether an event is on it (then
 * its layout can no longer be edited).
 */
public record VenueSummary(UUID venueId, String name, String city, int seatCount, boolean inUse, Instant createdAt) {
}
