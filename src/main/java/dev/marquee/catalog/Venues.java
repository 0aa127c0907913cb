package dev.marquee.catalog;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.validation.Validator;

import dev.marquee.shared.NotFound;
import dev.marquee.shared.Violations;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The catalog's venues: validated and stored, edited while no event is on one, and read,
 * from memory once an event is on it (from then on it never changes).
 * {@link CatalogManagement} reads an event's venue from here.
 */
@Service
public class Venues {

	private final CatalogRepository repository;

	private final Clock clock;

	private final Validator validator;

	private final Map<UUID, Venue> inUse = new ConcurrentHashMap<>();

	Venues(CatalogRepository repository, Clock clock, Validator validator) {
		this.repository = repository;
		this.clock = clock;
		this.validator = validator;
	}

	/**
	 * Validates and stores a venue; 400 with every violation if the layout is not
	 * acceptable.
	 */
	public Mono<Venue> createVenue(CreateVenue command) {
		return checkVenue(command)
			.map(layout -> new Venue(UUID.randomUUID(), command.name().strip(), command.city().strip(), layout,
					clock.instant()))
			.flatMap(repository::insert);
	}

	/**
	 * The layout a venue would have, validated as {@link #createVenue} validates it;
	 * nothing is stored.
	 */
	public Mono<VenueLayout> checkVenue(CreateVenue command) {
		return Mono.fromCallable(() -> command.validate(Violations.of(validator.validate(command))));
	}

	/** Every venue but the rehearsals', newest first. */
	public Flux<VenueSummary> venues() {
		return repository.findVenues();
	}

	/**
	 * The venue, remembered once an event is on it (from then on it never changes): a
	 * stadium's layout is large and every event on it shares the one copy. A venue no
	 * event is on yet may still be edited, on any node, so it is read afresh.
	 */
	public Mono<Venue> venue(UUID venueId) {
		Venue cached = inUse.get(venueId);
		return cached != null ? Mono.just(cached) : repository.findVenue(venueId)
			.map(found -> found.inUse() ? inUse.computeIfAbsent(venueId, id -> found.venue()) : found.venue());
	}

	/**
	 * Replaces a venue's name, city and layout, validated as a new one, while no event is
	 * on it; fails with {@link VenueInUse} once one is (an event keeps the layout it was
	 * sold on) and with {@code venue-not-found} when there is no such venue. Seat ids
	 * come from section codes, row labels and seat numbers, so moving, turning or curving
	 * rows keeps every id.
	 */
	public Mono<Venue> editVenue(UUID venueId, CreateVenue command) {
		return checkVenue(command).flatMap(layout -> repository.findVenue(venueId)
			.switchIfEmpty(Mono.error(() -> new NotFound("venue-not-found", "No venue with id " + venueId)))
			.flatMap(found -> {
				Venue edited = new Venue(venueId, command.name().strip(), command.city().strip(), layout,
						found.venue().createdAt());
				return repository.replace(edited)
					.flatMap(replaced -> replaced ? Mono.just(edited) : Mono.error(new VenueInUse(venueId)));
			}));
	}

	/** Forgets a venue deleted with its rehearsal. */
	void forget(UUID venueId) {
		inUse.remove(venueId);
	}

}
