package dev.marquee.hold.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.SeatGeometry;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.hold.SeatSnapshot;
import dev.marquee.hold.SeatPricing;
import dev.marquee.hold.SeatSales;
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

	private final SeatPricing pricing;

	private final SeatSales sales;

	SeatMapController(CatalogManagement catalog, SeatSnapshots snapshots, SeatPricing pricing, SeatSales sales) {
		this.catalog = catalog;
		this.snapshots = snapshots;
		this.pricing = pricing;
		this.sales = sales;
	}

	/**
	 * The static layout: never changes for an event, so it carries a strong ETag and may
	 * be cached. Seat {@code k} (0-based) of a row is drawn at ({@code x + k},
	 * {@code y}).
	 */
	@GetMapping("/seatmap")
	Mono<ResponseEntity<SeatMapView>> seatmap(@PathVariable String eventId) {
		return setup(eventId).map(
				setup -> ResponseEntity.ok().eTag(etag(setup)).cacheControl(CACHE_CONTROL).body(SeatMapView.of(setup)));
	}

	static final CacheControl CACHE_CONTROL = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

	/** The layout's strong ETag: an event's layout never changes. */
	static String etag(EventSetup setup) {
		return "\"" + setup.event().id() + "-" + setup.venue().id() + "\"";
	}

	/** The event and its venue; fails with not found for a malformed id. */
	Mono<EventSetup> setup(String eventId) {
		return Mono.defer(() -> catalog.setup(EventId.parse(eventId)));
	}

	@GetMapping("/seats")
	Mono<ResponseEntity<SeatsView>> seats(@PathVariable String eventId) {
		// the prices of this moment, as a hold would charge them: the resale hash is read
		// only when the map shows a resale seat
		return snapshots.snapshot(EventId.parse(eventId))
			.flatMap(snapshot -> Mono
				.zip(pricing.currentTiers(snapshot.setup()),
						snapshot.statuses().indexOf(SeatStatus.RESALE.glyph()) < 0 ? Mono.just(Map.<String, Long>of())
								: sales.resaleSeats(snapshot.eventId()))
				.map(prices -> fresh(snapshot).body(SeatsView.of(snapshot, prices.getT1(), prices.getT2()))));
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

		/**
		 * The map at these prices: {@code tiers} each tier's price now (minor units),
		 * {@code resale} the listing price of each seat listed for resale.
		 */
		static SeatsView of(SeatSnapshot snapshot, Map<String, Long> tiers, Map<String, Long> resale) {
			EventSetup setup = snapshot.setup();
			String currency = setup.event().currency();
			List<SectionView> sections = new ArrayList<>();
			for (VenueLayout.Section section : setup.layout().sections()) {
				Money price = new Money(tiers.get(section.priceTier()), currency);
				List<RowView> rows = new ArrayList<>();
				for (VenueLayout.Row row : section.rows()) {
					List<SeatView> seats = new ArrayList<>(row.seats());
					for (String seatId : row.seatIds(section.code())) {
						Long listed = resale.get(seatId);
						long now = listed != null ? listed : tiers.get(setup.layout().priceTierOf(seatId));
						seats.add(new SeatView(seatId, snapshot.statusOf(seatId), new Money(now, currency)));
					}
					rows.add(new RowView(row.label(), seats));
				}
				sections.add(new SectionView(section.code(), section.name(), section.priceTier(), price, rows));
			}
			return new SeatsView(snapshot.eventId().value(), snapshot.seq(), sections);
		}

	}

	/**
	 * The static layout. Every seat is in the grid as it always was (seat {@code k} of a
	 * row at ({@code x + k}, {@code y})), and on the venue's plan: each section's frame
	 * ({@code planX}, {@code planY}, {@code rotation}) and {@code outline}, each row's
	 * shape in that frame ({@code cx}, {@code cy}, {@code spacing}, {@code radius},
	 * {@code gapsAfter}, {@code table}), from which a client computes each seat's
	 * position by the rule in {@code docs/API.md}; the stage, and the plan's
	 * {@code bounds}.
	 */
	record SeatMapView(UUID eventId, UUID venueId, int seatCount, int width, int height, List<SectionView> sections,
			StageView stage, double[] bounds, Map<String, Money> prices) {

		/**
		 * {@code capacity} marks a general-admission area: its rows are interchangeable
		 * places.
		 */
		record SectionView(String code, String name, String priceTier, Money price, Integer capacity,
				List<RowView> rows, double planX, double planY, double rotation, double[] outline) {
		}

		/**
		 * {@code categories}: one letter per seat ({@code -} standard, {@code W}
		 * wheelchair place, {@code C} companion seat, {@code R} restricted view), only in
		 * a row that has any; {@code priceTier} and {@code price} only where the row has
		 * its own; {@code seatTiers} (tier to seat numbers) where single seats have
		 * theirs, priced in the map's {@code prices}.
		 */
		record RowView(String label, int x, int y, List<String> seatIds, double cx, double cy, double spacing,
				Double radius, List<Integer> gapsAfter, Boolean table, String categories, String priceTier, Money price,
				Map<String, List<Integer>> seatTiers) {
		}

		record StageView(String label, double x, double y, double width, double height, double focusX, double focusY) {
		}

		static SeatMapView of(EventSetup setup) {
			return of(setup.event().id().value(), setup.venue().id(), setup.layout(), setup.event()::price);
		}

		/**
		 * The plan of a layout, priced by {@code price} (a tier's price, or null for a
		 * venue's preview, which has no event).
		 */
		static SeatMapView of(UUID eventId, UUID venueId, VenueLayout layout, Function<String, Money> price) {
			SeatGeometry geometry = layout.geometry();
			int width = layout.width();
			int y = 0;
			List<SectionView> sections = new ArrayList<>();
			for (int s = 0; s < layout.sections().size(); s++) {
				VenueLayout.Section section = layout.sections().get(s);
				SeatGeometry.SectionFrame frame = geometry.sections().get(s);
				List<RowView> rows = new ArrayList<>();
				for (int r = 0; r < section.rows().size(); r++) {
					VenueLayout.Row row = section.rows().get(r);
					List<String> seatIds = row.seatIds(section.code());
					VenueLayout.Shape shape = row.shape();
					double[] centre = frame.rowCentres().get(r);
					rows.add(new RowView(row.label(), (width - row.seats()) / 2, y++, seatIds, centre[0], centre[1],
							shape != null ? shape.spacingOr1() : 1, shape != null ? shape.radius() : null,
							shape != null ? shape.gapsAfter() : null, shape != null && shape.table() ? true : null,
							categories(row), row.priceTier(),
							row.priceTier() != null ? price.apply(row.priceTier()) : null, row.seatTiers()));
				}
				y++; // an aisle between sections
				sections.add(new SectionView(section.code(), section.name(), section.priceTier(),
						price.apply(section.priceTier()), section.capacity(), rows, frame.x(), frame.y(),
						frame.rotation(), frame.outline()));
			}
			VenueLayout.Stage stage = layout.stage();
			return new SeatMapView(eventId, venueId, layout.seatCount(), width, Math.max(0, y - 1), sections,
					stage == null ? null : new StageView(stage.label(), stage.x(), stage.y(), stage.width(),
							stage.height(), stage.focalX(), stage.focalY()),
					geometry.bounds(), prices(layout, price));
		}

		/** Every tier's price, or null for a preview, which has none. */
		private static Map<String, Money> prices(VenueLayout layout, Function<String, Money> price) {
			Map<String, Money> prices = new LinkedHashMap<>();
			for (String tier : layout.priceTiers()) {
				Money money = price.apply(tier);
				if (money != null) {
					prices.put(tier, money);
				}
			}
			return prices.isEmpty() ? null : prices;
		}

		private static String categories(VenueLayout.Row row) {
			if (row.wheelchair() == null && row.companion() == null && row.restrictedView() == null) {
				return null;
			}
			StringBuilder letters = new StringBuilder(row.seats());
			for (int k = 0; k < row.seats(); k++) {
				letters.append(switch (row.category(k)) {
					case WHEELCHAIR -> 'W';
					case COMPANION -> 'C';
					case RESTRICTED_VIEW -> 'R';
					case STANDARD -> '-';
				});
			}
			return letters.toString();
		}

	}

}
