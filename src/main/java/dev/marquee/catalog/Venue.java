package dev.marquee.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * A place with seats.
 */
public record Venue(UUID id, String name, String city, VenueLayout layout, Instant createdAt) {
}
