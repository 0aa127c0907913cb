package dev.marquee.catalog.web;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Parameter;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.CreateEvent;
import dev.marquee.catalog.CreateVenue;
import dev.marquee.catalog.EditEvent;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSearch;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.EventStatus;
import dev.marquee.catalog.Venue;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.catalog.VenueSummary;
import dev.marquee.catalog.Venues;
import dev.marquee.shared.Money;
import dev.marquee.shared.NotFound;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Venues, events and the static seat layout over HTTP.
 */
@RestController
@RequestMapping("/api/v1")
class CatalogController {

	private final CatalogManagement catalog;

	private final Venues venues;

	CatalogController(CatalogManagement catalog, Venues venues) {
		this.catalog = catalog;
		this.venues = venues;
	}

	@PostMapping(path = "/venues", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<VenueView>> createVenue(@RequestBody CreateVenue command) {
		return venues.createVenue(command)
			.map(venue -> ResponseEntity.created(URI.create("/api/v1/venues/" + venue.id())).body(VenueView.of(venue)));
	}

	/** Every venue, newest first, with whether an event is on it. */
	@GetMapping("/venues")
	Flux<VenueSummary> venues() {
		return venues.venues();
	}

	@GetMapping("/venues/{venueId}")
	Mono<VenueView> venue(@PathVariable String venueId) {
		Mono<Venue> venue;
		try {
			venue = venues.venue(UUID.fromString(venueId));
		}
		catch (IllegalArgumentException ex) {
			venue = Mono.empty();
		}
		return venue.map(VenueView::of)
			.switchIfEmpty(Mono.error(() -> new NotFound("venue-not-found", "No venue with id " + venueId)));
	}

	/**
	 * Replaces a venue's layout while no event is on it (409 {@code venue-in-use} once
	 * one is).
	 */
	@PutMapping(path = "/venues/{venueId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<VenueView> editVenue(@PathVariable String venueId, @RequestBody CreateVenue command) {
		UUID id;
		try {
			id = UUID.fromString(venueId);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new NotFound("venue-not-found", "No venue with id " + venueId));
		}
		return venues.editVenue(id, command).map(VenueView::of);
	}

	@PostMapping(path = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<EventView>> createEvent(@RequestBody CreateEvent command) {
		return catalog.createEvent(command)
			.flatMap(event -> catalog.setup(event.id()))
			.map(setup -> ResponseEntity.created(URI.create("/api/v1/events/" + setup.event().id()))
				.body(EventView.of(setup)));
	}

	/**
	 * Every event, soonest first; drafts only for the organizers (ADMIN). With any search
	 * parameter, one page of the events that match ({@link EventSearch}): still a JSON
	 * array of events, so every client reads it alike, with the next page's cursor in
	 * {@code X-Next-Cursor} and {@code Link: <...>; rel="next"} when there is one.
	 */
	@GetMapping("/events")
	Mono<ResponseEntity<List<EventView>>> events(ServerWebExchange exchange,
			@Parameter(description = "Words to find in the name, performer, venue and city: "
					+ "prefixes, any case, accents ignored") @RequestParam(required = false) String q,
			@Parameter(description = "Starts at or after: a date (2026-12-01) or an instant") @RequestParam(
					required = false) String from,
			@Parameter(description = "Starts before: an instant, or a date (that day included)") @RequestParam(
					required = false) String to,
			@Parameter(description = "The venue's city (any case)") @RequestParam(required = false) String city,
			@Parameter(description = "The category (any case)") @RequestParam(required = false) String category,
			@Parameter(description = "Minor units: the dearest tier costs at least this") @RequestParam(
					required = false) String minPrice,
			@Parameter(description = "Minor units: the cheapest tier costs at most this") @RequestParam(
					required = false) String maxPrice,
			@Parameter(description = "true: only events that can still be bought (published, not started, "
					+ "seats not all sold)") @RequestParam(required = false) String available,
			@Parameter(description = "startsAt (default), relevance (default with q), name or price") @RequestParam(
					required = false) String sort,
			@Parameter(description = "Events per page, 1-100 (default 20)") @RequestParam(
					required = false) String limit,
			@Parameter(description = "The X-Next-Cursor of the previous page") @RequestParam(
					required = false) String cursor) {
		var params = exchange.getRequest().getQueryParams().toSingleValueMap();
		Mono<Boolean> admin = exchange.getPrincipal()
			.map(principal -> principal instanceof Authentication auth
					&& auth.getAuthorities().stream().anyMatch(granted -> "ROLE_ADMIN".equals(granted.getAuthority())))
			.defaultIfEmpty(false);
		if (!EventSearch.asked(params)) {
			// read the list first: no query runs while another's rows are still streaming
			// in
			return admin
				.flatMapMany(
						isAdmin -> catalog.events().filter(event -> isAdmin || event.status() != EventStatus.DRAFT))
				.collectList()
				.flatMapMany(Flux::fromIterable)
				.concatMap(event -> catalog.setup(event.id()))
				.map(EventView::of)
				.collectList()
				.map(ResponseEntity::ok);
		}
		EventSearch search;
		try {
			search = EventSearch.parse(params);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		return admin.flatMap(isAdmin -> catalog.search(search, isAdmin))
			.flatMap(page -> Flux.fromIterable(page.events())
				.concatMap(catalog::setup)
				.map(EventView::of)
				.collectList()
				.map(events -> {
					var answer = ResponseEntity.ok();
					if (page.next() != null) {
						String next = page.next().encode();
						String link = UriComponentsBuilder.fromPath("/api/v1/events")
							.queryParams(exchange.getRequest().getQueryParams())
							.replaceQueryParam("cursor", next)
							.encode()
							.build()
							.toUriString();
						answer.header("X-Next-Cursor", next).header(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"");
					}
					return answer.body(events);
				}));
	}

	/** Puts a draft on sale (at its on-sale time). */
	@PostMapping(path = "/events/{eventId}/publish", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<EventView> publish(@PathVariable String eventId) {
		return Mono.defer(() -> catalog.publish(EventId.parse(eventId)))
			.flatMap(event -> catalog.setup(event.id()))
			.map(EventView::of);
	}

	/**
	 * Changes what can change while the event sells (name, on-sale time, hold time,
	 * ticket limit, refund cut-off); fields left out stay.
	 */
	@PatchMapping(path = "/events/{eventId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<EventView> edit(@PathVariable String eventId, @RequestBody EditEvent edit) {
		return Mono.defer(() -> catalog.edit(EventId.parse(eventId), edit))
			.flatMap(event -> catalog.setup(event.id()))
			.map(EventView::of);
	}

	@GetMapping("/events/{eventId}")
	Mono<EventView> event(@PathVariable String eventId) {
		return catalog.setup(EventId.parse(eventId)).map(EventView::of);
	}

	/**
	 * A venue as created, in the shape {@code POST /venues} takes (rows and tables, the
	 * stage, each section's place), with every row's seat ids: what a chart designer
	 * re-opens.
	 */
	record VenueView(UUID venueId, String name, String city, int seatCount, List<SectionView> sections,
			VenueLayout.Stage stage) {

		record SectionView(String code, String name, String priceTier, Integer capacity, List<RowView> rows,
				List<TableView> tables, Double x, Double y, Double rotation, Double width, Double depth) {
		}

		record RowView(String label, List<String> seatIds, int seats, Double x, Double y, Double spacing, Double radius,
				List<Integer> gapsAfter, Integer firstNumber, Integer numberStep, List<Integer> wheelchair,
				List<Integer> companion, List<Integer> restrictedView, String priceTier,
				Map<String, List<Integer>> seatTiers) {
		}

		record TableView(String label, List<String> seatIds, int seats, Double x, Double y, Double radius,
				List<Integer> wheelchair, List<Integer> companion, String priceTier) {
		}

		static VenueView of(Venue venue) {
			VenueLayout layout = venue.layout();
			List<SectionView> sections = new ArrayList<>();
			for (VenueLayout.Section s : layout.sections()) {
				List<RowView> rows = new ArrayList<>();
				List<TableView> tables = new ArrayList<>();
				for (VenueLayout.Row r : s.rows()) {
					VenueLayout.Shape shape = r.shape();
					if (shape != null && shape.table()) {
						tables.add(new TableView(r.label(), r.seatIds(s.code()), r.seats(), shape.x(), shape.y(),
								shape.radius(), r.wheelchair(), r.companion(), r.priceTier()));
						continue;
					}
					rows.add(new RowView(r.label(), r.seatIds(s.code()), r.seats(), shape != null ? shape.x() : null,
							shape != null ? shape.y() : null, shape != null ? shape.spacing() : null,
							shape != null ? shape.radius() : null, shape != null ? shape.gapsAfter() : null,
							r.firstNumber(), r.step(), r.wheelchair(), r.companion(), r.restrictedView(), r.priceTier(),
							r.seatTiers()));
				}
				VenueLayout.Placement p = s.placement();
				sections.add(new SectionView(s.code(), s.name(), s.priceTier(), s.capacity(), rows,
						tables.isEmpty() ? null : tables, p != null ? p.x() : null, p != null ? p.y() : null,
						p != null ? p.rotation() : null, p != null ? p.width() : null, p != null ? p.depth() : null));
			}
			return new VenueView(venue.id(), venue.name(), venue.city(), layout.seatCount(), sections, layout.stage());
		}

	}

	record EventView(UUID eventId, UUID venueId, String venueName, String name, Instant startsAt, Instant onSaleAt,
			int holdTtlSeconds, int maxTicketsPerUser, Map<String, Money> prices, QueueView queue,
			List<String> blockedSeatIds, int seatCount, int refundCutoffHours, Instant refundUntil, EventStatus status,
			String performer, String category, String city) {

		record QueueView(boolean enabled, Integer admitPerMinute) {
		}

		static EventView of(EventSetup setup) {
			Event e = setup.event();
			Map<String, Money> prices = new LinkedHashMap<>();
			e.pricesMinor().keySet().forEach(tier -> prices.put(tier, e.price(tier)));
			return new EventView(e.id().value(), e.venueId(), setup.venue().name(), e.name(), e.startsAt(),
					e.onSaleAt(), e.holdTtlSeconds(), e.maxTicketsPerUser(), prices,
					new QueueView(e.queueEnabled(), e.admitPerMinute()), List.copyOf(e.blockedSeatIds()),
					setup.layout().seatCount(), e.refundCutoffHours(), e.refundUntil(), e.status(), e.performer(),
					e.category(), setup.venue().city());
		}

	}

}
