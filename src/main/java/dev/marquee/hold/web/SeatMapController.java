package dev.marquee.hold.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
 * The seat map with live statuses: full JSON, the compact glyph string, and a text map.
 */
@RestController
@RequestMapping("/api/v1/events/{eventId}")
class SeatMapController {

	static final String SEQ_HEADER = "Marquee-Seq";

	private final SeatSnapshots snapshots;

	SeatMapController(SeatSnapshots snapshots) {
		this.snapshots = snapshots;
	}

	@GetMapping("/seats")
	Mono<ResponseEntity<SeatsView>> seats(@PathVariable String eventId) {
		return snapshots.snapshot(EventId.parse(eventId)).map(snapshot -> fresh(snapshot).body(SeatsView.of(snapshot)));
	}

	@GetMapping("/availability")
	Mono<ResponseEntity<AvailabilityView>> availability(@PathVariable String eventId) {
		return snapshots.snapshot(EventId.parse(eventId))
			.map(snapshot -> fresh(snapshot)
				.body(new AvailabilityView(snapshot.eventId().value(), snapshot.seq(), snapshot.statuses())));
	}

	@GetMapping(path = "/map.txt", produces = MediaType.TEXT_PLAIN_VALUE)
	Mono<ResponseEntity<String>> text(@PathVariable String eventId) {
		return snapshots.snapshot(EventId.parse(eventId)).map(snapshot -> fresh(snapshot).body(textMap(snapshot)));
	}

	private static ResponseEntity.BodyBuilder fresh(SeatSnapshot snapshot) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(SEQ_HEADER, String.valueOf(snapshot.seq()));
	}

	/** One line per row: its label, then one glyph per seat. */
	static String textMap(SeatSnapshot snapshot) {
		VenueLayout layout = snapshot.setup().layout();
		int labelWidth = layout.sections().stream()
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

}
