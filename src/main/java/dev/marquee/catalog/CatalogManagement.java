package dev.marquee.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.validation.Validator;

import dev.marquee.shared.Text;
import dev.marquee.shared.Timestamps;
import dev.marquee.shared.Violations;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The catalog's public face: create events ({@link Venues} keeps the venues), and look
 * events up with their layouts ({@link EventSetups} caches them), publish, postpone, edit
 * and cancel events.
 * <p>
 * Commands carry their single-field rules as Bean Validation constraints and are
 * validated here, by calling the {@link Validator}, rather than by {@code @Valid} on the
 * controller: the constraints' violations and the rules checked in code (unique codes,
 * the venue's size, what the event's venue has) then form one problem that lists all of
 * them in the order they have always been listed, and the catalog refuses a bad command
 * whoever calls it.
 */
@Service
public class CatalogManagement {

	private final CatalogRepository repository;

	private final EventSearchRepository searches;

	private final Clock clock;

	private final Validator validator;

	private final EventSetups setups;

	private final Venues venues;

	private final TransactionalOperator tx;

	CatalogManagement(CatalogRepository repository, EventSearchRepository searches, EventSetups setups, Venues venues,
			Clock clock, Validator validator, TransactionalOperator tx) {
		this.repository = repository;
		this.searches = searches;
		this.setups = setups;
		this.venues = venues;
		this.tx = tx;
		this.clock = clock;
		this.validator = validator;
	}

	/** Validates and stores an event on an existing venue. */
	public Mono<Event> createEvent(CreateEvent command) {
		return create(command, false);
	}

	/**
	 * Validates and stores a rehearsal: an event like any other, except that no list of
	 * events shows it ({@link #events()}, {@link #eventsStartingAfter}), so no buyer
	 * finds it and no background job of any node works on it. Whoever rehearses on it
	 * removes it again ({@link #removeRehearsal}).
	 */
	public Mono<Event> createRehearsal(CreateEvent command) {
		return create(command, true);
	}

	/**
	 * Deletes a rehearsal with its venue (unless a real event is on it) and forgets both;
	 * answers whether there was such a rehearsal. A real event is never touched.
	 */
	public Mono<Boolean> removeRehearsal(EventId eventId) {
		return repository.deleteRehearsal(eventId).doOnNext(removed -> {
			Mono<EventSetup> setup = setups.forget(eventId);
			if (removed && setup != null) {
				setup.subscribe(found -> venues.forget(found.venue().id()));
			}
		});
	}

	/**
	 * The rehearsals created before {@code before}: those a node stopped in the middle of
	 * its warm-up left behind.
	 */
	public Flux<EventId> rehearsalsCreatedBefore(Instant before) {
		return repository.findRehearsalsCreatedBefore(before);
	}

	private Mono<Event> create(CreateEvent command, boolean rehearsal) {
		Violations violations;
		UUID venueId;
		try {
			violations = Violations.of(validator.validate(command));
			venueId = command.validateShape(violations);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		if (venueId == null) {
			return Mono.<Event>fromRunnable(violations::throwIfAny);
		}
		// the venue's row is claimed (marked in use, locked) and read in the transaction
		// that stores the event: an edit of the venue waits for it, then is refused
		return repository.claimVenue(venueId).map(Venue::layout).map(layout -> {
			command.validateAgainst(layout, violations);
			return true;
		}).switchIfEmpty(Mono.fromSupplier(() -> {
			violations.add("venueId", "no venue has this id");
			return false;
		})).map(ignored -> {
			violations.throwIfAny();
			return toEvent(command, venueId);
		}).flatMap(event -> repository.insert(event, rehearsal)).as(tx::transactional);
	}

	private Event toEvent(CreateEvent command, UUID venueId) {
		Map<String, Long> prices = new LinkedHashMap<>();
		command.prices().forEach((tier, price) -> prices.put(tier, price.amountMinor()));
		String currency = command.prices().values().iterator().next().currency();
		Set<String> blocked = new LinkedHashSet<>(
				command.blockedSeatIds() == null ? List.of() : command.blockedSeatIds());
		boolean queue = command.queue() != null && Boolean.TRUE.equals(command.queue().enabled());
		return new Event(EventId.of(UUID.randomUUID()), venueId, command.name().strip(), command.startsAt(),
				command.onSaleAt(),
				command.holdTtlSeconds() == null ? CreateEvent.DEFAULT_HOLD_TTL_SECONDS : command.holdTtlSeconds(),
				command.maxTicketsPerUser() == null ? CreateEvent.DEFAULT_MAX_TICKETS_PER_USER
						: command.maxTicketsPerUser(),
				currency, prices, blocked, queue, queue ? command.queue().admitPerMinute() : null,
				command.refundCutoffHours() == null ? CreateEvent.DEFAULT_REFUND_CUTOFF_HOURS
						: command.refundCutoffHours(),
				clock.instant(), Boolean.TRUE.equals(command.draft()) ? EventStatus.DRAFT : EventStatus.PUBLISHED,
				command.performer() == null ? "" : command.performer().strip(),
				command.category() == null ? "" : command.category().strip());
	}

	/** Puts a draft on sale (at its on-sale time). */
	public Mono<Event> publish(EventId eventId) {
		return change(eventId, List.of(EventStatus.DRAFT), "status = :to", spec -> spec.bind("to", "PUBLISHED"),
				"only a draft can be published");
	}

	/**
	 * Cancels the event for good: nobody can hold or buy for it any more (on every node
	 * within {@code marquee.catalog.refresh-interval}); the sale module refunds its
	 * orders.
	 */
	public Mono<Event> cancel(EventId eventId) {
		return change(eventId, List.of(EventStatus.DRAFT, EventStatus.PUBLISHED), "status = :to",
				spec -> spec.bind("to", "CANCELLED"), "it is already cancelled");
	}

	/**
	 * Moves the event to a new start; its refund cut-off moves with it. The caller tells
	 * the buyers (in the same transaction, when it runs in one).
	 */
	public Mono<Event> postpone(EventId eventId, Instant startsAt) {
		Violations violations = new Violations();
		violations.check(startsAt != null, "startsAt", "is required (ISO-8601)");
		violations.check(startsAt == null || startsAt.isAfter(clock.instant()), "startsAt", "must be in the future");
		violations.throwIfAny();
		return setup(eventId).flatMap(setup -> {
			Violations late = new Violations();
			late.check(startsAt.isAfter(setup.event().onSaleAt()), "startsAt", "must be after the event goes on sale");
			late.throwIfAny();
			return change(eventId, List.of(EventStatus.DRAFT, EventStatus.PUBLISHED), "starts_at = :startsAt",
					spec -> spec.bind("startsAt", Timestamps.utc(startsAt)), "a cancelled event keeps its date");
		});
	}

	/**
	 * Changes what can change while an event sells: its name, when it goes on sale, how
	 * long a hold lasts (new holds), how many tickets a buyer may have, the refund
	 * cut-off. A field left out stays as it is.
	 */
	public Mono<Event> edit(EventId eventId, EditEvent edit) {
		Violations violations = new Violations();
		violations.check(edit.name() == null || Text.isClean(edit.name(), 200), "name", "must be 1-200 characters");
		violations.check(edit.performer() == null || edit.performer().isEmpty() || Text.isClean(edit.performer(), 200),
				"performer", "must be 1-200 characters");
		violations.check(edit.category() == null || edit.category().isEmpty() || Text.isClean(edit.category(), 100),
				"category", "must be 1-100 characters");
		for (var violation : validator.validate(edit)) {
			violations.add(violation.getPropertyPath().toString(), violation.getMessage());
		}
		violations.throwIfAny();
		return change(eventId, List.of(EventStatus.DRAFT, EventStatus.PUBLISHED),
				"name = coalesce(:name, name), on_sale_at = coalesce(:onSaleAt, on_sale_at),"
						+ " hold_ttl_seconds = coalesce(:ttl, hold_ttl_seconds),"
						+ " max_tickets_per_user = coalesce(:max, max_tickets_per_user),"
						+ " refund_cutoff_hours = coalesce(:cutoff, refund_cutoff_hours),"
						+ " performer = coalesce(:performer, performer), category = coalesce(:category, category)",
				spec -> {
					GenericExecuteSpec bound = bindOrNull(spec, "name", stripped(edit.name()), String.class);
					bound = bindOrNull(bound, "onSaleAt",
							edit.onSaleAt() == null ? null : Timestamps.utc(edit.onSaleAt()), OffsetDateTime.class);
					bound = bindOrNull(bound, "ttl", edit.holdTtlSeconds(), Integer.class);
					bound = bindOrNull(bound, "max", edit.maxTicketsPerUser(), Integer.class);
					bound = bindOrNull(bound, "cutoff", edit.refundCutoffHours(), Integer.class);
					bound = bindOrNull(bound, "performer", stripped(edit.performer()), String.class);
					return bindOrNull(bound, "category", stripped(edit.category()), String.class);
				}, "a cancelled event no longer changes");
	}

	private static String stripped(String text) {
		return text == null ? null : text.strip();
	}

	private static <T> GenericExecuteSpec bindOrNull(GenericExecuteSpec spec, String name, T value, Class<T> type) {
		return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
	}

	private Mono<Event> change(EventId eventId, List<EventStatus> from, String set,
			UnaryOperator<GenericExecuteSpec> binds, String refusal) {
		return repository.change(eventId, from, set, binds, clock.instant())
			.switchIfEmpty(Mono.defer(() -> repository.findEvent(eventId)
				.switchIfEmpty(Mono.error(() -> new EventNotFound(eventId)))
				.flatMap(now -> Mono.error(new EventStatusConflict(eventId, now.status(),
						"Event " + eventId.value() + " is " + now.status().name().toLowerCase(Locale.ROOT) + ": "
								+ refusal)))))
			.doOnNext(changed -> setups.forget(eventId));
	}

	/**
	 * Forgets this node's copies of the events changed on any node lately (as
	 * {@link EventSetups} does on its own every
	 * {@code marquee.catalog.refresh-interval}).
	 */
	public Mono<Void> forgetChanged() {
		return setups.forgetChanged();
	}

	/** The cancelled events, whose orders are to be refunded. */
	public Flux<EventId> cancelledEvents() {
		return repository.findCancelled();
	}

	/** Every event but the rehearsals. */
	public Flux<Event> events() {
		return repository.findEvents();
	}

	/**
	 * One page of a search of the events (rehearsals never; drafts only if
	 * {@code drafts}).
	 */
	public Mono<SearchPage> search(EventSearch search, boolean drafts) {
		if (search.words().isEmpty()) {
			return searches.search(search, drafts, clock.instant());
		}
		// a planner setting for this statement only: SET LOCAL lasts until the
		// transaction ends
		return searches.preferIndexScans()
			.then(Mono.defer(() -> searches.search(search, drafts, clock.instant())))
			.as(tx::transactional);
	}

	/**
	 * The ids of the events that start after {@code since}: the ones whose seat maps
	 * anybody still looks at.
	 */
	public Flux<EventId> eventsStartingAfter(Instant since) {
		return repository.findEventIdsStartingAfter(since).map(EventId::of);
	}

	/** The event with its venue; fails with {@link EventNotFound} if there is none. */
	public Mono<EventSetup> setup(EventId eventId) {
		return setups.setup(eventId);
	}

}
