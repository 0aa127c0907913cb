package dev.marquee.warmup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.CreateEvent;
import dev.marquee.catalog.CreateVenue;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.Venues;
import dev.marquee.hold.HoldManagement;
import dev.marquee.queue.QueueAdmitter;
import dev.marquee.queue.QueueManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * The warm-up's own on-sale: a queue-protected event of {@value #ROWS} rows of
 * {@value #SEATS} seats that the warm-up's buyers join, are admitted to, look at and hold
 * seats on, and that is removed again, PostgreSQL rows and Redis keys, before the node
 * reports ready. It is a rehearsal in the catalog's sense, so no list of events shows it
 * and no node's background jobs see it: its waiting room is moved on here, not by the
 * admitter's ticks. Nobody buys on it, so no payment is taken, no order is written and
 * nothing reaches the outbox. A rehearsal that a node stopped mid-way left behind is
 * removed by the next node to warm up, once it is an hour old.
 */
@Component
class Rehearsal {

	static final int ROWS = 20;

	static final int SEATS = 50;

	static final String SECTION = "S";

	/** How old a rehearsal must be before another node takes it for abandoned. */
	static final Duration ABANDONED = Duration.ofHours(1);

	private static final Logger log = LoggerFactory.getLogger(Rehearsal.class);

	/** How often its waiting room moves on: buyers wait about as long as a tick. */
	private static final Duration STEP = Duration.ofMillis(250);

	private final CatalogManagement catalog;

	private final Venues venues;

	private final QueueAdmitter admitter;

	private final QueueManagement queue;

	private final HoldManagement holds;

	private final Clock clock;

	Rehearsal(CatalogManagement catalog, Venues venues, QueueAdmitter admitter, QueueManagement queue,
			HoldManagement holds, Clock clock) {
		this.catalog = catalog;
		this.venues = venues;
		this.admitter = admitter;
		this.queue = queue;
		this.holds = holds;
		this.clock = clock;
	}

	/** A staged rehearsal: its event, and the admitting that runs until it is removed. */
	record Stage(Event event, Sinks.Empty<Void> stop, Mono<Void> admitting) {

		EventId eventId() {
			return event.id();
		}

	}

	/**
	 * Removes abandoned rehearsals, then creates this one and starts letting its buyers
	 * in.
	 */
	Mono<Stage> stage() {
		Instant now = this.clock.instant();
		CreateVenue venue = new CreateVenue("Warm-up rehearsal", "Nowhere", List.of(new CreateVenue.SectionSpec(SECTION,
				"Stalls", "std",
				IntStream.rangeClosed(1, ROWS).mapToObj(row -> new CreateVenue.RowSpec("R" + row, SEATS)).toList())));
		return this.catalog.rehearsalsCreatedBefore(now.minus(ABANDONED))
			.concatMap(abandoned -> forget(abandoned).filter(Boolean::booleanValue)
				.doOnNext(removed -> log.info("Removed the abandoned warm-up rehearsal {}", abandoned)))
			.then(this.venues.createVenue(venue))
			.flatMap(created -> this.catalog.createRehearsal(new CreateEvent(created.id().toString(),
					"Warm-up rehearsal", now.plus(Duration.ofDays(1)), now.minus(Duration.ofMinutes(1)), 120, 100,
					Map.of("std", new CreateEvent.PriceSpec(5_000L, "EUR")), new CreateEvent.QueueSpec(true, 1_000_000),
					null, null)))
			.map(event -> {
				Sinks.Empty<Void> stop = Sinks.empty();
				// a step that outlasts STEP (a busy core) skips ticks rather than failing
				// the interval, which would leave the rehearsal behind
				Mono<Void> admitting = Flux.interval(STEP)
					.onBackpressureDrop()
					.takeUntilOther(stop.asMono())
					.concatMap(tick -> this.admitter.advance(event).onErrorResume(ex -> Mono.empty()))
					.then()
					.cache();
				admitting.subscribe();
				return new Stage(event, stop, admitting);
			});
	}

	/**
	 * Stops letting buyers in, waits for the last step, then removes the event and
	 * everything the holds and the waiting room kept of it.
	 */
	Mono<Void> remove(Stage stage) {
		stage.stop().tryEmitEmpty();
		return stage.admitting()
			.onErrorResume(ex -> Mono.empty())
			.then(Mono.defer(() -> forget(stage.eventId())))
			.then();
	}

	/** The event first, so that nothing reads it back while its keys go. */
	private Mono<Boolean> forget(EventId eventId) {
		return this.catalog.removeRehearsal(eventId)
			.flatMap(removed -> this.holds.forgetEvent(eventId)
				.then(this.queue.forgetEvent(eventId))
				.thenReturn(removed));
	}

}
