package dev.marquee.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CreateVenue.RowSpec;
import dev.marquee.catalog.CreateVenue.SectionSpec;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.support.ModuleTest;
import dev.marquee.support.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog module on its own against real PostgreSQL: a venue and an event on it are stored
 * and found again with their layout; an unknown event and an event on an unknown venue are
 * refused. The catalog publishes no events, so there is no scenario to observe.
 */
@ModuleTest
class CatalogModuleTests {

	@Autowired
	CatalogManagement catalog;

	@Autowired
	MutableClock clock;

	@Test
	void anEventOnANewVenueIsStoredAndFoundWithItsLayout() {
		Venue venue = catalog.createVenue(new CreateVenue("Hall", "Porto",
				List.of(new SectionSpec("S", "Stalls", "std", List.of(new RowSpec("A", 3))))))
			.block();
		Instant now = clock.instant();
		StepVerifier.create(catalog.createEvent(event(venue.id().toString(), now))
			.flatMap(event -> catalog.setup(event.id())))
			.assertNext(setup -> {
				assertThat(setup.event().name()).isEqualTo("Night");
				assertThat(setup.venue().id()).isEqualTo(venue.id());
				assertThat(setup.layout().seatCount()).isEqualTo(3);
			})
			.verifyComplete();
	}

	@Test
	void anEventOnAnUnknownVenueIsRefusedNamingTheVenue() {
		StepVerifier.create(catalog.createEvent(event(UUID.randomUUID().toString(), clock.instant())))
			.expectErrorSatisfies(ex -> assertThat(((ValidationFailed) ex).violations())
				.anySatisfy(v -> assertThat(v.field()).isEqualTo("venueId")))
			.verify();
	}

	@Test
	void anUnknownEventIsNotFound() {
		StepVerifier.create(catalog.setup(EventId.of(UUID.randomUUID()))).expectError(EventNotFound.class).verify();
	}

	private static CreateEvent event(String venueId, Instant now) {
		return new CreateEvent(venueId, "Night", now.plus(Duration.ofDays(10)), now.minus(Duration.ofHours(1)), null,
				null, Map.of("std", new CreateEvent.PriceSpec(5000L, "EUR")), null, null, null);
	}

}
