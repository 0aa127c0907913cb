package dev.marquee.catalog.web;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.CreateEvent;
import dev.marquee.catalog.CreateVenue;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.Venue;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.shared.Money;
import dev.marquee.shared.NotFound;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Venues, events and the static seat layout over HTTP.
 */
@RestController
@RequestMapping("/api/v1")
class CatalogController {

	private final CatalogManagement catalog;

	CatalogController(CatalogManagement catalog) {
		this.catalog = catalog;
	}

	@PostMapping(path = "/venues", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<VenueView>> createVenue(@RequestBody CreateVenue command) {
		return catalog.createVenue(command)
			.map(venue -> ResponseEntity.created(URI.create("/api/v1/venues/" + venue.id())).body(VenueView.of(venue)));
	}

	@GetMapping("/venues/{venueId}")
	Mono<VenueView> venue(@PathVariable String venueId) {
		Mono<Venue> venue;
		try {
			venue = catalog.venue(UUID.fromString(venueId));
		}
		catch (IllegalArgumentException ex) {
			venue = Mono.empty();
		}
		return venue.map(VenueView::of)
			.switchIfEmpty(Mono.error(() -> new NotFound("venue-not-found", "No venue with id " + venueId)));
	}

	@PostMapping(path = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<EventView>> createEvent(@RequestBody CreateEvent command) {
		return catalog.createEvent(command)
			.flatMap(event -> catalog.setup(event.id()))
			.map(setup -> ResponseEntity.created(URI.create("/api/v1/events/" + setup.event().id()))
				.body(EventView.of(setup)));
	}

	@GetMapping("/events")
	Flux<EventView> events() {
		// read the list first: no query runs while another's rows are still streaming in
		return catalog.events()
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap(event -> catalog.setup(event.id()))
			.map(EventView::of);
	}

	@GetMapping("/events/{eventId}")
	Mono<EventView> event(@PathVariable String eventId) {
		return catalog.setup(EventId.parse(eventId)).map(EventView::of);
	}

	record VenueView(UUID venueId, String name, String city, int seatCount, List<SectionView> sections) {

		record SectionView(String code, String name, String priceTier, Integer capacity, List<RowView> rows) {
		}

		record RowView(String label, List<String> seatIds) {
		}

		static VenueView of(Venue venue) {
			VenueLayout layout = venue.layout();
			return new VenueView(venue.id(), venue.name(), venue.city(), layout.seatCount(),
					layout.sections()
						.stream()
						.map(s -> new SectionView(s.code(), s.name(), s.priceTier(), s.capacity(),
								s.rows().stream().map(r -> new RowView(r.label(), seatIds(s.code(), r))).toList()))
						.toList());
		}

	}

	record EventView(UUID eventId, UUID venueId, String venueName, String name, Instant startsAt, Instant onSaleAt,
			int holdTtlSeconds, int maxTicketsPerUser, Map<String, Money> prices, QueueView queue,
			List<String> blockedSeatIds, int seatCount, int refundCutoffHours, Instant refundUntil) {

		record QueueView(boolean enabled, Integer admitPerMinute) {
		}

		static EventView of(EventSetup setup) {
			Event e = setup.event();
			Map<String, Money> prices = new LinkedHashMap<>();
			e.pricesMinor().keySet().forEach(tier -> prices.put(tier, e.price(tier)));
			return new EventView(e.id().value(), e.venueId(), setup.venue().name(), e.name(), e.startsAt(),
					e.onSaleAt(), e.holdTtlSeconds(), e.maxTicketsPerUser(), prices,
					new QueueView(e.queueEnabled(), e.admitPerMinute()), List.copyOf(e.blockedSeatIds()),
					setup.layout().seatCount(), e.refundCutoffHours(), e.refundUntil());
		}

	}

	static List<String> seatIds(String sectionCode, VenueLayout.Row row) {
		List<String> ids = new ArrayList<>(row.seats());
		for (int n = 1; n <= row.seats(); n++) {
			ids.add(VenueLayout.seatId(sectionCode, row.label(), n));
		}
		return ids;
	}

}
