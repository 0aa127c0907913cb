package dev.marquee.hold;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.hold.HoldProblems.AlreadyPurchased;
import dev.marquee.hold.HoldProblems.AreaFull;
import dev.marquee.hold.HoldProblems.HoldExpired;
import dev.marquee.hold.HoldProblems.HoldNotFound;
import dev.marquee.hold.HoldProblems.NoSeatsTogether;
import dev.marquee.hold.HoldProblems.NotOnSale;
import dev.marquee.hold.HoldProblems.PurchaseInProgress;
import dev.marquee.hold.HoldProblems.TicketLimit;
import dev.marquee.hold.internal.HoldRecords;
import dev.marquee.hold.internal.HoldState;
import dev.marquee.hold.internal.ReleaseScript;
import dev.marquee.queue.QueueManagement;
import dev.marquee.queue.QueueProblems;
import dev.marquee.shared.ProblemException;
import dev.marquee.shared.Violations;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The buyers' side of holds: place (chosen seats, best available, a quantity of a
 * general-admission area, a waitlist offer), look up and release them. Seat state lives
 * in Redis; every change bumps the event's {@code seq} and is published as
 * {@link SeatsHeld} or {@link SeatsReleased}. The sale's side is {@link SeatSales}, the
 * live seat state {@link SeatSnapshots}, the reconciler's {@link SeatReconciliation}.
 */
@Service
public class HoldManagement {

	private final CatalogManagement catalog;

	private final QueueManagement queue;

	private final HoldPlacement placement;

	private final BestAvailableRounds rounds;

	private final HoldRecords records;

	private final ReleaseScript release;

	private final HoldMetrics metrics;

	private final ApplicationEventPublisher events;

	private final HoldProperties properties;

	private final Clock clock;

	HoldManagement(CatalogManagement catalog, QueueManagement queue, HoldPlacement placement,
			BestAvailableRounds rounds, HoldRecords records, ReleaseScript release, HoldMetrics metrics,
			ApplicationEventPublisher events, HoldProperties properties, Clock clock) {
		this.catalog = catalog;
		this.queue = queue;
		this.placement = placement;
		this.rounds = rounds;
		this.records = records;
		this.release = release;
		this.metrics = metrics;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Holds all the seats or none, for the event's countdown. Fails with
	 * {@link SeatUnavailable}, {@link TicketLimit}, {@link NotOnSale},
	 * {@link QueueProblems.AdmissionRequired} (a queue-protected event without a valid
	 * admission token) or a validation problem; on failure nothing changed.
	 */
	public Mono<Hold> hold(EventId eventId, String userId, List<String> seatIds, String admissionToken) {
		return setup(eventId).flatMap(setup -> {
			HoldRequests.rejectPlaces(setup, seatIds);
			this.queue.requireAdmission(setup.event(), userId, admissionToken);
			HoldRequests.validateSeats(setup, seatIds);
			return this.placement.place(setup, userId, List.of(seatIds), setup.event().holdTtlSeconds());
		}).doOnError(ProblemException.class, ex -> this.metrics.rejected(ex.slug()));
	}

	/**
	 * As {@link #hold(EventId, String, List, String)} for an event without a waiting
	 * room.
	 */
	public Mono<Hold> hold(EventId eventId, String userId, List<String> seatIds) {
		return hold(eventId, userId, seatIds, null);
	}

	/**
	 * Holds {@code quantity} places of a general-admission area, all or none, never past
	 * its capacity, with the same countdown, purchase and expiry as seats. Fails with
	 * {@link AreaFull} when fewer places are free.
	 */
	public Mono<Hold> holdArea(EventId eventId, String userId, String areaCode, Integer quantity,
			String admissionToken) {
		return setup(eventId).flatMap(setup -> {
			this.queue.requireAdmission(setup.event(), userId, admissionToken);
			HoldRequests.validateArea(setup, areaCode, quantity);
			return this.rounds.area(setup, userId, areaCode, quantity);
		}).doOnError(ProblemException.class, ex -> this.metrics.rejected(ex.slug()));
	}

	/**
	 * Holds the best block of {@code quantity} adjacent free seats in a section (or
	 * anywhere up to a price), atomically like any hold; if others take the best block
	 * first, the next best is tried. Fails with {@link NoSeatsTogether} when no block
	 * fits.
	 */
	public Mono<Hold> holdBest(EventId eventId, String userId, String sectionCode, Integer quantity, Long maxPriceMinor,
			Integer wheelchair, String admissionToken) {
		BestAvailable.Request request = new BestAvailable.Request(sectionCode, quantity, maxPriceMinor, wheelchair);
		return setup(eventId).flatMap(setup -> {
			VenueLayout.Section asked = (sectionCode != null) ? setup.layout().section(sectionCode) : null;
			if (asked != null && asked.generalAdmission()) {
				return holdArea(eventId, userId, sectionCode, quantity, admissionToken);
			}
			this.queue.requireAdmission(setup.event(), userId, admissionToken);
			Violations v = new Violations();
			request.validate(setup, v);
			v.throwIfAny();
			return this.rounds.best(setup, userId, request);
		});
	}

	/**
	 * Holds seats for a waitlist offer: {@code quantity} seats of a section (the best
	 * adjacent block, or the best single seats when the buyer does not need them
	 * together) for {@code ttl}, the offer window. Empty when the section has not that
	 * many free seats (or others took them first).
	 */
	public Mono<Hold> offer(EventId eventId, String userId, String sectionCode, int quantity, boolean adjacent,
			Duration ttl) {
		return setup(eventId).flatMap(setup -> {
			VenueLayout.Section section = setup.layout().section(sectionCode);
			boolean together = adjacent && (section == null || !section.generalAdmission());
			return this.rounds.offer(setup, userId, sectionCode, quantity, together, (int) ttl.toSeconds());
		}).onErrorResume(TicketLimit.class, ex -> Mono.empty());
	}

	/**
	 * The caller's hold; {@link HoldNotFound} if there is none or it is someone else's.
	 */
	public Mono<Hold> find(HoldId holdId, String userId) {
		return this.records.eventOf(holdId)
			.flatMap(eventId -> this.records.read(eventId, holdId))
			.filter(hold -> hold.userId().equals(userId))
			.switchIfEmpty(Mono.error(() -> new HoldNotFound(holdId)));
	}

	/** The owner lets go: seats are AVAILABLE at once. Releasing twice is harmless. */
	public Mono<Void> release(HoldId holdId, String userId) {
		return this.records.eventOf(holdId)
			.switchIfEmpty(Mono.error(() -> new HoldNotFound(holdId)))
			.flatMap(eventId -> this.release
				.run(new ReleaseScript.Input(eventId, holdId, SeatsReleased.Reason.RELEASED, userId,
						this.clock.instant(), this.properties.paymentGrace()))
				.flatMap(outcome -> switch (outcome) {
					case ReleaseScript.Ended ended -> {
						if (!ended.seatIds().isEmpty()) {
							this.events.publishEvent(new SeatsReleased(eventId.value(), holdId.value(), ended.seatIds(),
									SeatsReleased.Reason.RELEASED, ended.seq(), ended.resaleSeatIds(),
									ended.soldSeatIds()));
						}
						yield Mono.<Void>empty();
					}
					case ReleaseScript.Final ended when ended.state() == HoldState.RELEASED -> Mono.<Void>empty();
					case ReleaseScript.Final ended when ended.state() == HoldState.PURCHASED ->
						Mono.<Void>error(new AlreadyPurchased(holdId, null));
					case ReleaseScript.Final ended ->
						Mono.<Void>error(new HoldExpired(holdId, "Hold " + holdId + " has expired"));
					case ReleaseScript.Paying paying -> Mono.<Void>error(new PurchaseInProgress(holdId));
					case ReleaseScript.NotExpired notExpired -> Mono.<Void>error(new HoldNotFound(holdId));
					case ReleaseScript.NotFound notFound -> Mono.<Void>error(new HoldNotFound(holdId));
				}));
	}

	/**
	 * Forgets everything this module keeps in Redis about the event: for a rehearsal that
	 * is over, never for an event on sale. Answers how many keys went.
	 */
	public Mono<Long> forgetEvent(EventId eventId) {
		return this.records.forgetEvent(eventId);
	}

	private Mono<EventSetup> setup(EventId eventId) {
		return this.catalog.setup(eventId);
	}

}
