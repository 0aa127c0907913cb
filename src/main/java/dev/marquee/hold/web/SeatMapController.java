package dev.marquee.hold.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.hold.SeatSnapshot;
import dev.marquee.hold.SeatSnapshots;
import dev.marquee.shared.Money;
import dev.marquee.shared.SeatStatus;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The seat map of an event: its static layout, and the live statuses as full JSON, the
 * compact glyph string and a text map. (The live streams of the same statuses,
 * {@code seat-events} and the WebSocket, are the live module's: they are served from its
 * feeds, which depend on this module.)
 */
@RestController
@RequestMapping("/api/v1/events/{eventId}")
class SeatMapController {

	static final String SEQ_HEADER = "Marquee-Seq";

	private final CatalogManagement catalog;

	private final SeatSnapshots snapshots;

	SeatMapController(CatalogManagement catalog, SeatSnapshots snapshots) {
		this.catalog = catalog;
		this.snapshots = snapshots;
	}

	/**
	 * The static layout: never changes for an event, so it carries a strong ETag and may
	 * be cached. Seat {@code k} (0-based) of a row is drawn at ({@code x + k},
	 * {@code y}).
	 */
	@GetMapping("/seatmap")
	Mono<ResponseEntity<SeatMapView>> seatmap(@PathVariable String eventId) {
		return catalog.setup(EventId.parse(eventId))
			.map(setup -> ResponseEntity.ok()
				.eTag("\"" + setup.event().id() + "-" + setup.venue().id() + "\"")
				.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
				.body(SeatMapView.of(setup)));
	}

	@GetMapping("/seats")
	Mono<ResponseEntity<SeatsView>> seats(@PathVariable String eventId) {
		return snapshots.snapshot(EventId.parse(eventId)).map(snapshot -> fresh(snapshot).body(SeatsView.of(snapshot)));
	}

	@GetMapping("/availability")
	Mono<ResponseEntity<AvailabilityView>> availability(@PathVariable String eventId) {
		return snapshot(eventId).map(snapshot -> fresh(snapshot).body(AvailabilityView.of(snapshot)));
	}

	/** The live statuses of an event's seats; fails with not found for a malformed id. */
	Mono<SeatSnapshot> snapshot(String eventId) {
		return Mono.defer(() -> snapshots.snapshot(EventId.parse(eventId)));
	}

	@GetMapping(path = "/map.txt", produces = MediaType.TEXT_PLAIN_VALUE)
	Mono<ResponseEntity<String>> text(@PathVariable String eventId) {
		return snapshots.snapshot(EventId.parse(eventId)).map(snapshot -> fresh(snapshot).body(textMap(snapshot)));
	}

	private static ResponseEntity.BodyBuilder fresh(SeatSnapshot snapshot) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header(SEQ_HEADER, String.valueOf(snapshot.seq()));
	}

	/** One line per row: its label, then one glyph per seat. */
	static String textMap(SeatSnapshot snapshot) {
		VenueLayout layout = snapshot.setup().layout();
		int labelWidth = layout.sections()
			.stream()
			.flatMap(s -> s.rows().stream().map(r -> s.code().length() + 1 + r.label().length()))
			.max(Integer::compare)
			.orElse(0);
		StringBuilder text = new StringBuilder();
		int index = 0;
		for (VenueLayout.Section section : layout.sections()) {
			for (VenueLayout.Row row : section.rows()) {
				String label = section.code() + "-" + row.label();
				text.append(label).append(" ".repeat(labelWidth - label.length() + 1));
				text.append(snapshot.statuses(), index, index + row.seats()).append('\n');
				index += row.seats();
			}
		}
		return text.toString();
	}

	record AvailabilityView(UUID eventId, long seq, String statuses) {

		static AvailabilityView of(SeatSnapshot snapshot) {
			return new AvailabilityView(snapshot.eventId().value(), snapshot.seq(), snapshot.statuses());
		}

	}

	record SeatsView(UUID eventId, long seq, List<SectionView> sections) {

		record SectionView(String code, String name, String priceTier, Money price, List<RowView> rows) {
		}

		record RowView(String label, List<SeatView> seats) {
		}

		record SeatView(String seatId, SeatStatus status, Money price) {
		}

		static SeatsView of(SeatSnapshot snapshot) {
			EventSetup setup = snapshot.setup();
			List<SectionView> sections = new ArrayList<>();
			for (VenueLayout.Section section : setup.layout().sections()) {
				Money price = setup.event().price(section.priceTier());
				List<RowView> rows = new ArrayList<>();
				for (VenueLayout.Row row : section.rows()) {
					List<SeatView> seats = new ArrayList<>(row.seats());
					for (int n = 1; n <= row.seats(); n++) {
						String seatId = VenueLayout.seatId(section.code(), row.label(), n);
						seats.add(new SeatView(seatId, snapshot.statusOf(seatId), price));
					}
					rows.add(new RowView(row.label(), seats));
				}
				sections.add(new SectionView(section.code(), section.name(), section.priceTier(), price, rows));
			}
			return new SeatsView(snapshot.eventId().value(), snapshot.seq(), sections);
		}

	}

	record SeatMapView(UUID eventId, UUID venueId, int seatCount, int width, int height, List<SectionView> sections) {

		/**
		 * {@code capacity} marks a general-admission area: its rows are interchangeable
		 * places.
		 */
		record SectionView(String code, String name, String priceTier, Money price, Integer capacity,
				List<RowView> rows) {
		}

		record RowView(String label, int x, int y, List<String> seatIds) {
		}

		static SeatMapView of(EventSetup setup) {
			VenueLayout layout = setup.layout();
			int width = layout.width();
			int y = 0;
			List<SectionView> sections = new ArrayList<>();
			for (VenueLayout.Section section : layout.sections()) {
				List<RowView> rows = new ArrayList<>();
				for (VenueLayout.Row row : section.rows()) {
					List<String> seatIds = new ArrayList<>(row.seats());
					for (int n = 1; n <= row.seats(); n++) {
						seatIds.add(VenueLayout.seatId(section.code(), row.label(), n));
					}
					rows.add(new RowView(row.label(), (width - row.seats()) / 2, y++, seatIds));
				}
				y++; // an aisle between sections
				sections.add(new SectionView(section.code(), section.name(), section.priceTier(),
						setup.event().price(section.priceTier()), section.capacity(), rows));
			}
			return new SeatMapView(setup.event().id().value(), setup.venue().id(), layout.seatCount(), width,
					Math.max(0, y - 1), sections);
		}

	}

}
