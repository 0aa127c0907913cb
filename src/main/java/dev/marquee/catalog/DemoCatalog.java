package dev.marquee.catalog;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * already. The hall is drawn as one is: a stage, a floor of curved rows with a centre
 * aisle and wheelchair places at the back, and a balcony behind it.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "marquee.demo.seed", havingValue = "true")
class DemoCatalog {

	private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

	private final CatalogManagement catalog;

	private final Venues venues;

	private final Clock clock;

	DemoCatalog(CatalogManagement catalog, Venues venues, Clock clock) {
		this.catalog = catalog;
		this.venues = venues;
		this.clock = clock;
	}

	/**
	 * Rows A-H of 20 on the floor (wheelchair places at the ends of H), A-D of 24 above.
	 */
	static CreateVenue hall() {
		var rows = List.of("A", "B", "C", "D", "E", "F", "G", "H");
		List<CreateVenue.RowSpec> floor = new ArrayList<>();
		for (int r = 0; r < rows.size(); r++) {
			boolean last = r == rows.size() - 1;
			floor.add(new CreateVenue.RowSpec(rows.get(r), 20, null, null, 1.05, 22.0 + r, List.of(10), null, null,
					last ? List.of(1, 20) : null, last ? List.of(2, 19) : null, null, null));
		}
		List<CreateVenue.RowSpec> balcony = new ArrayList<>();
		for (int r = 0; r < 4; r++) {
			balcony.add(new CreateVenue.RowSpec(rows.get(r), 24, null, null, null, 30.0 + r, List.of(6, 18), null, null,
					null, null, r == 3 ? List.of(1, 2, 23, 24) : null, null));
		}
		return new CreateVenue("Marquee Hall", "Lisbon",
				List.of(new CreateVenue.SectionSpec("FLOOR", "Floor", "floor", floor, null, 0.0, 0.0, null, null, null,
						null),
						new CreateVenue.SectionSpec("BALC", "Balcony", "balcony", balcony, null, 0.0, 11.0, null, null,
								null, null)),
				new CreateVenue.StageSpec("Stage", 0.0, -5.5, 16.0, 3.0, null, null));
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		CreateVenue venue = hall();
		var now = clock.instant();
		catalog.events()
			.hasElements()
			.filter(has -> !has)
			.flatMap(none -> venues.createVenue(venue))
			.flatMap(created -> catalog.createEvent(new CreateEvent(created.id().toString(), "Opening Night",
					now.plus(Duration.ofDays(30)), now.minus(Duration.ofHours(1)), 600, 8,
					Map.of("floor", new CreateEvent.PriceSpec(15_000L, "USD"), "balcony",
							new CreateEvent.PriceSpec(7_500L, "USD")),
					null, List.of("FLOOR-A-1", "FLOOR-A-20"), null)))
			.subscribe(event -> log.info("Demo event '{}' is on sale: GET /api/v1/events/{}/map.txt", event.name(),
					event.id()), ex -> log.warn("Could not seed the demo catalog: {}", ex.toString()));
	}

}
