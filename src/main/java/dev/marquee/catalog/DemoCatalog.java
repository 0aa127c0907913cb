package dev.marquee.catalog;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo profile: seeds a small hall and an event on sale now, unless there are events
 * already.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "marquee.demo.seed", havingValue = "true")
class DemoCatalog {

	private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

	private final CatalogManagement catalog;

	private final Clock clock;

	DemoCatalog(CatalogManagement catalog, Clock clock) {
		this.catalog = catalog;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		var rows = List.of("A", "B", "C", "D", "E", "F", "G", "H");
		CreateVenue venue = new CreateVenue("Marquee Hall", "Lisbon",
				List.of(new CreateVenue.SectionSpec("FLOOR", "Floor", "floor",
						rows.stream().map(r -> new CreateVenue.RowSpec(r, 20)).toList()),
						new CreateVenue.SectionSpec("BALC", "Balcony", "balcony",
								rows.subList(0, 4).stream().map(r -> new CreateVenue.RowSpec(r, 24)).toList())));
		var now = clock.instant();
		catalog.events()
			.hasElements()
			.filter(has -> !has)
			.flatMap(none -> catalog.createVenue(venue))
			.flatMap(created -> catalog.createEvent(new CreateEvent(created.id().toString(), "Opening Night",
					now.plus(Duration.ofDays(30)), now.minus(Duration.ofHours(1)), 600, 8,
					Map.of("floor", new CreateEvent.PriceSpec(15_000L, "USD"), "balcony",
							new CreateEvent.PriceSpec(7_500L, "USD")),
					null, List.of("FLOOR-A-1", "FLOOR-A-20"), null)))
			.subscribe(event -> log.info("Demo event '{}' is on sale: GET /api/v1/events/{}/map.txt", event.name(),
					event.id()), ex -> log.warn("Could not seed the demo catalog: {}", ex.toString()));
	}

}
