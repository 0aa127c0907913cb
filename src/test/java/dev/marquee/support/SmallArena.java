package dev.marquee.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventStatus;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.Venue;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.catalog.VenueLayout.Row;
import dev.marquee.catalog.VenueLayout.Section;

/**
 * A six-seat venue and one event in it, as the catalog would answer them: what the web
 * slices stub the catalog with. FLOOR row A has three gold seats, UP rows 1 and 2 three
 * silver ones, and UP-2-1 is blocked.
 */
public final class SmallArena {

	public static final Instant STARTS_AT = Instant.parse("2026-12-24T20:00:00Z");

	public static final Venue VENUE = new Venue(UUID.randomUUID(), "Arena", "Lyon",
			new VenueLayout(List.of(new Section("FLOOR", "Floor", "gold", List.of(new Row("A", 3)), null),
					new Section("UP", "Upper", "silver", List.of(new Row("1", 2), new Row("2", 1)), null))),
			STARTS_AT);

	public static final Event EVENT = new Event(EventId.of(UUID.randomUUID()), VENUE.id(), "Final", STARTS_AT,
			STARTS_AT.minus(Duration.ofDays(30)), 600, 8, "EUR", Map.of("gold", 9000L, "silver", 4500L),
			Set.of("UP-2-1"), false, null, 48, STARTS_AT.minus(Duration.ofDays(31)), EventStatus.PUBLISHED);

	public static final EventSetup SETUP = new EventSetup(EVENT, VENUE);

	private SmallArena() {
	}

}
