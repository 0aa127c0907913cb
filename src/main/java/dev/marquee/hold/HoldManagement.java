package dev.marquee.hold;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.hold.HoldProblems.AlreadyPurchased;
import dev.marquee.hold.HoldProblems.HoldExpired;
import dev.marquee.hold.HoldProblems.HoldNotFound;
import dev.marquee.hold.HoldProblems.NotOnSale;
import dev.marquee.hold.HoldProblems.PurchaseInProgress;
import dev.marquee.hold.HoldProblems.TicketLimit;
import dev.marquee.queue.QueueManagement;
import dev.marquee.queue.QueueProblems;
import dev.marquee.shared.Money;
import dev.marquee.shared.ProblemException;
import dev.marquee.shared.SeatStatus;
import dev.marquee.shared.Violations;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The hold module's public face: place, look up and release holds, hand them to a purchase,
 * and read the live seat state. Seat state lives in Redis; every change bumps the event's
 * {@code seq} and is published as {@link SeatsHeld} or {@link SeatsReleased}.
 */
@Service
public class HoldManagement {

	private static final Logger log = LoggerFactory.getLogger(HoldManagement.class);

	static final int MAX_SEATS_PER_HOLD = 100;

	private final CatalogManagement catalog;

	private final QueueManagement queue;

	private final HoldMetrics metrics;

	private final RedisScripts scripts;

	private final ReactiveStringRedisTemplate redis;

	private final ApplicationEventPublisher events;

	private final HoldProperties properties;

	private final HoldKeys keys;

	private final Clock clock;

	private record SnapshotKey(UUID eventId, long seq) {
	}

	// what anyone may ask for at any rate (seat maps, stream connects, resyncs) is read from Redis
	// once per event and seq; kept briefly, since the seq of a busy event moves on within moments
	private final AsyncCache<SnapshotKey, SeatSnapshot> shared = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(256)
		.buildAsync();

	HoldManagement(CatalogManagement catalog, QueueManagement queue, HoldMetrics metrics, RedisScripts scripts, ReactiveStringRedisTemplate redis,
			ApplicationEventPublisher events, HoldProperties properties, Clock clock) {
		this.catalog = catalog;
		this.queue = queue;
		this.metrics = metrics;
		this.scripts = scripts;
		this.redis = redis;
		this.events = events;
		this.properties = properties;
		this.keys = new HoldKeys(properties.keyPrefix());
		this.clock = clock;
	}

	HoldKeys keys() {
		return keys;
	}

	/**
	 * Holds all the seats or none, for the event's countdown. Fails with {@link SeatUnavailable},
	 * {@link TicketLimit}, {@link NotOnSale}, {@link QueueProblems.AdmissionRequired} (a
	 * queue-protected event without a valid admission token) or a validation problem; on failure
	 * nothing changed.
	 */
	public Mono<Hold> hold(String eventId, String userId, List<String> seatIds, String admissionToken) {
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(setup -> {
			rejectPlaces(setup, seatIds);
			return hold(setup, userId, seatIds, admissionToken);
		}).doOnError(ProblemException.class, ex -> metrics.rejected(ex.slug()));
	}

	/** General-admission places are interchangeable: buyers hold a quantity of the area, never a place. */
	private static void rejectPlaces(EventSetup setup, List<String> seatIds) {
		if (seatIds == null) {
			return;
		}
		Violations v = new Violations();
		for (int i = 0; i < seatIds.size(); i++) {
			String seat = seatIds.get(i);
			VenueLayout.Section section = seat == null || !setup.layout().contains(seat) ? null : setup.layout().sectionOf(seat);
			v.check(section == null || !section.generalAdmission(), "seatIds[" + i + "]",
					"is a place in general-admission area " + (section == null ? "" : section.code())
							+ ": hold a quantity of the area (areaCode, quantity) instead");
		}
		v.throwIfAny();
	}

	/**
	 * Holds {@code quantity} places of a general-admission area, all or none, never past its
	 * capacity, with the same countdown, purchase and expiry as seats. Fails with
	 * {@link HoldProblems.AreaFull} when fewer places are free.
	 */
	public Mono<Hold> holdArea(String eventId, String userId, String areaCode, Integer quantity, String admissionToken) {
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(setup -> {
			queue.requireAdmission(setup.event(), userId, admissionToken);
			VenueLayout.Section area = areaCode == null ? null : setup.layout().section(areaCode);
			int max = Math.min(setup.event().maxTicketsPerUser(), MAX_SEATS_PER_HOLD);
			Violations v = new Violations();
			v.check(area != null && area.generalAdmission(), "areaCode", "is not a general-admission area of this event");
			v.check(quantity != null && quantity >= 1 && quantity <= max, "quantity", "must be between 1 and " + max);
			v.throwIfAny();
			return areaRound(setup, userId, areaCode, quantity, 1);
		}).doOnError(ProblemException.class, ex -> metrics.rejected(ex.slug()));
	}

	/** One draw of places; when others took some first, draw again. The caller checked the admission. */
	private Mono<Hold> areaRound(EventSetup setup, String userId, String areaCode, int quantity, int round) {
		return snapshot(setup).flatMap(snapshot -> {
			var places = BestAvailable.randomPlaces(snapshot, areaCode, quantity, java.util.concurrent.ThreadLocalRandom.current());
			if (places.isEmpty()) {
				return Mono.error(new HoldProblems.AreaFull(areaCode, quantity, BestAvailable.free(snapshot, areaCode)));
			}
			return hold(setup, userId, places.get().seatIds(), setup.event().holdTtlSeconds())
				.onErrorResume(SeatUnavailable.class, taken -> round < BestAvailable.AREA_ROUNDS
						? areaRound(setup, userId, areaCode, quantity, round + 1)
						: Mono.error(new HoldProblems.AreaFull(areaCode, quantity, -1)));
		});
	}

	/**
	 * Holds the best block of {@code quantity} adjacent free seats in a section (or anywhere up to a
	 * price), atomically like any hold; if others take the best block first, the next best is tried.
	 * Fails with {@link HoldProblems.NoSeatsTogether} when no block fits.
	 */
	public Mono<Hold> holdBest(String eventId, String userId, String sectionCode, Integer quantity, Long maxPriceMinor,
			String admissionToken) {
		BestAvailable.Request request = new BestAvailable.Request(sectionCode, quantity, maxPriceMinor);
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(setup -> {
			VenueLayout.Section asked = sectionCode == null ? null : setup.layout().section(sectionCode);
			if (asked != null && asked.generalAdmission()) {
				return holdArea(eventId, userId, sectionCode, quantity, admissionToken);
			}
			queue.requireAdmission(setup.event(), userId, admissionToken);
			Violations v = new Violations();
			request.validate(setup, v);
			v.throwIfAny();
			return bestRound(setup, userId, request, 1);
		});
	}

	/**
	 * One look at the map and its best blocks; when others took them all first, look again (a few
	 * times). The caller checked the admission.
	 */
	private Mono<Hold> bestRound(EventSetup setup, String userId, BestAvailable.Request request, int round) {
		return snapshot(setup).flatMap(snapshot -> {
			List<BestAvailable.Block> blocks = BestAvailable.find(snapshot, request);
			if (blocks.isEmpty()) {
				return Mono.error(new HoldProblems.NoSeatsTogether(request.quantity(), request.sectionCode()));
			}
			return holdAny(setup, userId, blocks, setup.event().holdTtlSeconds())
				.switchIfEmpty(Mono.defer(() -> round < BestAvailable.ROUNDS
						? bestRound(setup, userId, request, round + 1)
						: Mono.error(new HoldProblems.NoSeatsTogether(request.quantity(), request.sectionCode()))));
		});
	}

	/**
	 * Holds seats for a waitlist offer: {@code quantity} seats of a section (the best adjacent block,
	 * or the best single seats when the buyer does not need them together) for {@code ttl}, the
	 * offer window. Empty when the section has not that many free seats (or others took them first).
	 */
	public Mono<Hold> offer(UUID eventId, String userId, String sectionCode, int quantity, boolean adjacent, Duration ttl) {
		BestAvailable.Request request = new BestAvailable.Request(sectionCode, quantity, null);
		return catalog.setup(EventId.of(eventId)).flatMap(setup -> snapshot(setup).flatMap(snapshot -> {
			VenueLayout.Section section = setup.layout().section(sectionCode);
			boolean together = adjacent && (section == null || !section.generalAdmission());
			List<BestAvailable.Block> blocks = together ? BestAvailable.find(snapshot, request)
					: BestAvailable.loose(snapshot, sectionCode, quantity).stream().toList();
			return holdAny(setup, userId, blocks, (int) ttl.toSeconds());
		})).onErrorResume(HoldProblems.TicketLimit.class, ex -> Mono.empty());
	}

	/** Holds the first of these blocks still free; empty if others took every one first. */
	private Mono<Hold> holdAny(EventSetup setup, String userId, List<BestAvailable.Block> blocks, int ttlSeconds) {
		return blocks.isEmpty() ? Mono.empty()
				: holdFirst(setup, userId, blocks.stream().map(BestAvailable.Block::seatIds).toList(), ttlSeconds)
					.onErrorResume(SeatUnavailable.class, taken -> Mono.empty());
	}

	/** As {@link #hold(String, String, List, String)} for an event without a waiting room. */
	public Mono<Hold> hold(String eventId, String userId, List<String> seatIds) {
		return hold(eventId, userId, seatIds, null);
	}

	private Mono<Hold> hold(EventSetup setup, String userId, List<String> seatIds, String admissionToken) {
		queue.requireAdmission(setup.event(), userId, admissionToken);
		return hold(setup, userId, seatIds, setup.event().holdTtlSeconds());
	}

	private Mono<Hold> hold(EventSetup setup, String userId, List<String> seatIds, int ttlSeconds) {
		validateSeats(setup, seatIds);
		return holdFirst(setup, userId, List.of(seatIds), ttlSeconds);
	}

	/**
	 * Holds the first of these blocks (all of one size, valid seats of the event) whose seats are
	 * all free, in one script, so buyers asking at the same moment get the next block rather than
	 * colliding on the first. Fails with {@link SeatUnavailable} when every block is taken.
	 */
	private Mono<Hold> holdFirst(EventSetup setup, String userId, List<List<String>> blocks, int ttlSeconds) {
		Event event = setup.event();
		List<String> seatIds = blocks.get(0);
		Instant now = clock.instant();
		if (now.isBefore(event.onSaleAt())) {
			return Mono.error(new NotOnSale("Sales open at " + event.onSaleAt(), event.onSaleAt()));
		}
		if (!now.isBefore(event.startsAt())) {
			return Mono.error(new NotOnSale("The event has started; sales are closed", event.onSaleAt()));
		}
		if (seatIds.size() > event.maxTicketsPerUser()) {
			return Mono.error(new TicketLimit(event.maxTicketsPerUser(), 0, seatIds.size()));
		}
		List<List<String>> open = blocks.stream().filter(block -> block.stream().noneMatch(setup::isBlocked)).toList();
		if (open.isEmpty()) {
			return Mono.error(new SeatUnavailable(seatIds.stream().filter(setup::isBlocked).toList()));
		}
		UUID holdId = UUID.randomUUID();
		UUID id = event.id().value();
		Instant createdAt = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		Instant expiresAt = createdAt.plusSeconds(ttlSeconds);
		List<Money> totals = open.stream()
			.map(block -> block.stream().map(setup::priceOf).reduce(Money::plus).orElseThrow())
			.toList();
		long recordTtl = ttlSeconds + properties.recordRetention().toSeconds();
		List<String> scriptKeys = new ArrayList<>(List.of(keys.seq(id), keys.sold(id), keys.heldSeats(id),
				keys.holds(id), keys.userHeld(id), keys.userBought(id), keys.hold(id, holdId)));
		open.forEach(block -> block.forEach(seat -> scriptKeys.add(keys.seat(id, seat))));
		List<String> args = new ArrayList<>(List.of(holdId.toString(), userId, String.valueOf(ttlSeconds),
				String.valueOf(expiresAt.toEpochMilli()), String.valueOf(event.maxTicketsPerUser()),
				String.valueOf(recordTtl), keys.holdPrefix(id), totals.get(0).currency(),
				String.valueOf(createdAt.toEpochMilli()), String.valueOf(seatIds.size()), String.valueOf(open.size())));
		totals.forEach(total -> args.add(String.valueOf(total.amountMinor())));
		open.forEach(args::addAll);
		// The ref (hold id -> event) lies outside the event's hash slot, so hold.lua cannot write it
		// without becoming a cross-slot script (Redis Cluster is planned). It is written first, for
		// as long as the hold record lives: a hold is then never placed without its ref, whatever
		// fails between the two, and a ref to a hold that was never placed is harmless (find answers
		// not found). Not pipelined with the script: two commands issued at once through the shared
		// template are not promised to reach Redis in that order, and one round trip is cheap.
		Mono<Boolean> ref = redis.opsForValue().set(keys.holdRef(holdId), id.toString(), Duration.ofSeconds(recordTtl));
		return ref.then(scripts.run(scripts.hold, scriptKeys, args)).flatMap(result -> switch (result.get(0)) {
			case "OK" -> {
				long seq = Long.parseLong(result.get(1));
				int chosen = Integer.parseInt(result.get(2)) - 1;
				List<String> seats = List.copyOf(open.get(chosen));
				Money total = totals.get(chosen);
				events.publishEvent(new SeatsHeld(id, holdId, seats, expiresAt, seq));
				yield Mono.just(new Hold(holdId, id, userId, seats, expiresAt, total, Hold.Status.ACTIVE, createdAt, null));
			}
			case "LIMIT" -> forget(holdId).then(Mono.error(new TicketLimit(event.maxTicketsPerUser(),
					Integer.parseInt(result.get(1)), seatIds.size())));
			case "UNAVAILABLE" -> forget(holdId).then(Mono.error(new SeatUnavailable(result.subList(1, result.size()))));
			default -> Mono.error(new IllegalStateException("hold.lua answered " + result));
		});
	}

	/** An attempt that placed nothing takes its ref back, rather than leave it in Redis for a day. */
	private Mono<Void> forget(UUID holdId) {
		return redis.delete(keys.holdRef(holdId)).onErrorResume(ex -> Mono.just(0L)).then();
	}

	private static void validateSeats(EventSetup setup, List<String> seatIds) {
		Violations v = new Violations();
		if (seatIds == null || seatIds.isEmpty()) {
			v.add("seatIds", "must list at least one seat");
		}
		else if (seatIds.size() > MAX_SEATS_PER_HOLD) {
			v.add("seatIds", "must list at most " + MAX_SEATS_PER_HOLD + " seats");
		}
		else {
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < seatIds.size(); i++) {
				String seat = seatIds.get(i);
				if (seat == null || !setup.layout().contains(seat)) {
					v.add("seatIds[" + i + "]", "is not a seat of this event");
				}
				else if (!seen.add(seat)) {
					v.add("seatIds[" + i + "]", "is listed twice");
				}
			}
		}
		v.throwIfAny();
	}

	/** The caller's hold; {@link HoldNotFound} if there is none or it is someone else's. */
	public Mono<Hold> find(String holdId, String userId) {
		return eventOf(holdId).flatMap(ref -> read(ref.eventId(), ref.holdId()))
			.filter(hold -> hold.userId().equals(userId))
			.switchIfEmpty(Mono.error(() -> new HoldNotFound(holdId)));
	}

	private record HoldRef(UUID eventId, UUID holdId) {
	}

	private Mono<HoldRef> eventOf(String holdId) {
		UUID id;
		try {
			id = UUID.fromString(holdId);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new HoldNotFound(holdId));
		}
		return redis.opsForValue()
			.get(keys.holdRef(id))
			.map(eventId -> new HoldRef(UUID.fromString(eventId), id))
			.switchIfEmpty(Mono.error(() -> new HoldNotFound(holdId)));
	}

	private Mono<Hold> read(UUID eventId, UUID holdId) {
		return redis.<String, String>opsForHash().entries(keys.hold(eventId, holdId)).collectMap(Map.Entry::getKey,
				Map.Entry::getValue)
			.filter(fields -> !fields.isEmpty())
			.map(fields -> toHold(eventId, holdId, fields));
	}

	private Hold toHold(UUID eventId, UUID holdId, Map<String, String> fields) {
		Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(fields.get("expiresAt")));
		Hold.Status status = switch (fields.get("status")) {
			case "ACTIVE" -> clock.instant().isBefore(expiresAt) ? Hold.Status.ACTIVE : Hold.Status.EXPIRED;
			case "PAYING" -> Hold.Status.ACTIVE;
			case "RELEASED" -> Hold.Status.RELEASED;
			case "PURCHASED" -> Hold.Status.PURCHASED;
			default -> Hold.Status.EXPIRED;
		};
		String orderId = fields.get("orderId");
		return new Hold(holdId, eventId, fields.get("userId"), Arrays.asList(fields.get("seats").split(",")), expiresAt,
				new Money(Long.parseLong(fields.get("totalMinor")), fields.get("currency")), status,
				Instant.ofEpochMilli(Long.parseLong(fields.get("createdAt"))),
				orderId == null || orderId.isEmpty() ? null : UUID.fromString(orderId));
	}

	/** The owner lets go: seats are AVAILABLE at once. Releasing twice is harmless. */
	public Mono<Void> release(String holdId, String userId) {
		return eventOf(holdId).flatMap(ref -> end(ref.eventId(), ref.holdId(), SeatsReleased.Reason.RELEASED, userId))
			.flatMap(outcome -> switch (outcome.get(0)) {
				case "OK" -> Mono.<Void>empty();
				case "FINAL" -> switch (outcome.get(1)) {
					case "RELEASED" -> Mono.<Void>empty();
					case "PURCHASED" -> Mono.<Void>error(new AlreadyPurchased(UUID.fromString(holdId), null));
					default -> Mono.<Void>error(new HoldExpired(UUID.fromString(holdId), "Hold " + holdId + " has expired"));
				};
				case "PAYING" -> Mono.<Void>error(new PurchaseInProgress(UUID.fromString(holdId)));
				default -> Mono.<Void>error(new HoldNotFound(holdId));
			});
	}

	/** Ends a hold whose countdown ran out; true if this call released it. */
	Mono<Boolean> expire(UUID eventId, UUID holdId) {
		return end(eventId, holdId, SeatsReleased.Reason.EXPIRED, "").map(outcome -> outcome.get(0).equals("OK"));
	}

	/** A seat key expired in Redis: end the hold it belonged to, if it is still on the books. */
	Mono<Boolean> seatKeyExpired(UUID eventId, String seatId) {
		return redis.<String, String>opsForHash()
			.get(keys.heldSeats(eventId), seatId)
			.flatMap(holdId -> expire(eventId, UUID.fromString(holdId)))
			.defaultIfEmpty(false);
	}

	private Mono<List<String>> end(UUID eventId, UUID holdId, SeatsReleased.Reason reason, String owner) {
		List<String> scriptKeys = List.of(keys.seq(eventId), keys.heldSeats(eventId), keys.holds(eventId),
				keys.userHeld(eventId), keys.hold(eventId, holdId));
		List<String> args = List.of(holdId.toString(), reason.name(), owner, String.valueOf(clock.millis()),
				String.valueOf(properties.paymentGrace().toMillis()), keys.seatPrefix(eventId));
		return scripts.run(scripts.release, scriptKeys, args).doOnNext(outcome -> {
			if (outcome.get(0).equals("OK") && outcome.size() > 2) {
				events.publishEvent(new SeatsReleased(eventId, holdId, List.copyOf(outcome.subList(2, outcome.size())),
						reason, Long.parseLong(outcome.get(1))));
			}
		});
	}

	/**
	 * Releases every hold whose countdown has passed by the clock, whether or not its expiry
	 * notification arrived. Returns how many holds it released.
	 */
	public Mono<Integer> sweep() {
		long now = clock.millis();
		// events that started more than a day ago cannot have live holds (sales close at the start)
		Instant horizon = clock.instant().minus(Duration.ofDays(1));
		return catalog.events()
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.filter(event -> event.startsAt().isAfter(horizon))
			.map(event -> event.id().value())
			.concatMap(eventId -> redis.opsForZSet()
				.rangeByScore(keys.holds(eventId), Range.closed(0.0, (double) now))
				.concatMap(holdId -> expire(eventId, UUID.fromString(holdId))))
			.filter(Boolean::booleanValue)
			.count()
			.map(Long::intValue);
	}

	/** Starts a purchase: the owner's ACTIVE hold becomes PAYING and no countdown or release ends it. */
	public Mono<Hold> claim(String holdId, String userId) {
		return eventOf(holdId).flatMap(ref -> scripts
			.run(scripts.claim, List.of(keys.hold(ref.eventId(), ref.holdId())),
					List.of(userId, String.valueOf(clock.millis())))
			.flatMap(outcome -> switch (outcome.get(0)) {
				case "OK" -> read(ref.eventId(), ref.holdId());
				case "PURCHASED" -> Mono.error(new AlreadyPurchased(ref.holdId(), outcome.get(1)));
				case "PAYING" -> Mono.error(new PurchaseInProgress(ref.holdId()));
				case "GONE" -> Mono.error(new HoldExpired(ref.holdId(), "Hold " + holdId + " has "
						+ (outcome.get(1).equals("RELEASED") ? "been released" : "expired") + "; nothing was charged"));
				default -> Mono.error(new HoldNotFound(holdId));
			}));
	}

	/** The payment did not go through: the hold goes back to its (unchanged) countdown. */
	public Mono<Void> unclaim(Hold hold) {
		return scripts.runLong(scripts.unclaim, List.of(keys.hold(hold.eventId(), hold.holdId())), List.of()).then();
	}

	/**
	 * Outcome of {@link #sell}: the seats became SOLD at {@code seq}, or the hold had lost them
	 * (the caller refunds).
	 */
	public record Sale(boolean sold, long seq) {
	}

	/** The payment went through: mark the hold's seats SOLD if they are all still its own. */
	public Mono<Sale> sell(Hold hold, UUID orderId) {
		UUID id = hold.eventId();
		List<String> scriptKeys = List.of(keys.seq(id), keys.sold(id), keys.heldSeats(id), keys.holds(id),
				keys.userHeld(id), keys.userBought(id), keys.hold(id, hold.holdId()));
		return scripts.run(scripts.sell, scriptKeys, List.of(hold.holdId().toString(), orderId.toString(),
				keys.seatPrefix(id)))
			.map(outcome -> switch (outcome.get(0)) {
				case "OK" -> new Sale(true, Long.parseLong(outcome.get(1)));
				case "LOST" -> {
					if (outcome.size() > 2) {
						events.publishEvent(new SeatsReleased(id, hold.holdId(),
								List.copyOf(outcome.subList(2, outcome.size())), SeatsReleased.Reason.PURCHASE_FAILED,
								Long.parseLong(outcome.get(1))));
					}
					yield new Sale(false, Long.parseLong(outcome.get(1)));
				}
				default -> new Sale(false, -1);
			});
	}

	/**
	 * Moves the event's {@code seq} on without changing a seat, to announce a change made earlier
	 * that was not announced then (the sold seats of a purchase completed by a retry).
	 */
	public Mono<Long> touch(UUID eventId) {
		return scripts.runLong(scripts.touch, List.of(keys.seq(eventId)), List.of());
	}

	/** The order could not be stored after {@link #sell}: free these seats again. */
	public Mono<Void> unsell(Hold hold, List<String> seatIds) {
		UUID id = hold.eventId();
		return scripts.run(scripts.unsell,
				List.of(keys.seq(id), keys.sold(id), keys.userBought(id), keys.hold(id, hold.holdId())), seatIds)
			.doOnNext(outcome -> {
				if (outcome.size() > 1) {
					events.publishEvent(new SeatsReleased(id, hold.holdId(), List.copyOf(outcome.subList(1, outcome.size())),
							SeatsReleased.Reason.PURCHASE_FAILED, Long.parseLong(outcome.get(0))));
				}
			})
			.then();
	}

	/**
	 * The order of these sold seats was cancelled: put them back on sale (and off the buyer's
	 * count) and announce it. Repeating it changes nothing.
	 */
	public Mono<Void> releaseSold(UUID eventId, UUID holdId, String userId, List<String> seatIds) {
		List<String> args = new ArrayList<>(List.of(userId));
		args.addAll(seatIds);
		return scripts.run(scripts.releaseSold, List.of(keys.seq(eventId), keys.sold(eventId), keys.userBought(eventId)), args)
			.doOnNext(outcome -> {
				if (outcome.size() > 1) {
					events.publishEvent(new SeatsReleased(eventId, holdId, List.copyOf(outcome.subList(1, outcome.size())),
							SeatsReleased.Reason.CANCELLED, Long.parseLong(outcome.get(0))));
				}
			})
			.then();
	}

	/** The event's current {@code seq}; empty if Redis has none (nothing happened, or Redis lost it). */
	public Mono<Long> seq(UUID eventId) {
		return redis.opsForValue().get(keys.seq(eventId)).map(Long::parseLong);
	}

	/** The status of every seat of the event at one {@code seq}, as {@link #sharedSnapshot}. */
	public Mono<SeatSnapshot> snapshot(String eventId) {
		return Mono.fromCallable(() -> EventId.parse(eventId)).flatMap(catalog::setup).flatMap(this::sharedSnapshot);
	}

	/**
	 * A snapshot at the event's current {@code seq} or later, shared by every caller asking at
	 * that seq: one cheap {@code GET} of the seq, and the full read only for the first of them.
	 */
	public Mono<SeatSnapshot> sharedSnapshot(EventSetup setup) {
		UUID id = setup.event().id().value();
		return seq(id).flatMap(seq -> {
			SnapshotKey key = new SnapshotKey(id, seq);
			return Mono.fromFuture(() -> shared.get(key, (k, executor) -> snapshot(setup).toFuture()), true)
				// read later than asked: the seq it was read at may be asked for next
				.doOnNext(read -> shared.asMap().putIfAbsent(new SnapshotKey(id, read.seq()),
						java.util.concurrent.CompletableFuture.completedFuture(read)));
		}).switchIfEmpty(Mono.defer(() -> snapshot(setup))); // no seq yet: the read seeds it
	}

	/** The status of every seat of the event at one {@code seq}, read from Redis now. */
	public Mono<SeatSnapshot> snapshot(EventSetup setup) {
		UUID id = setup.event().id().value();
		return scripts.run(scripts.snapshot, List.of(keys.seq(id), keys.sold(id), keys.heldSeats(id)), List.of())
			.doOnNext(result -> metrics.snapshotRead())
			.map(result -> {
				char[] glyphs = new char[setup.layout().seatCount()];
				Arrays.fill(glyphs, SeatStatus.AVAILABLE.glyph());
				int soldCount = Integer.parseInt(result.get(1));
				for (int i = 2 + soldCount; i < result.size(); i++) {
					mark(glyphs, setup, result.get(i), SeatStatus.HELD);
				}
				for (int i = 2; i < 2 + soldCount; i++) {
					mark(glyphs, setup, result.get(i), SeatStatus.SOLD);
				}
				setup.event().blockedSeatIds().forEach(seat -> mark(glyphs, setup, seat, SeatStatus.BLOCKED));
				return new SeatSnapshot(id, Long.parseLong(result.get(0)), new String(glyphs), setup);
			});
	}

	private static void mark(char[] glyphs, EventSetup setup, String seatId, SeatStatus status) {
		int index = setup.layout().indexOf(seatId);
		if (index >= 0) {
			glyphs[index] = status.glyph();
		}
	}

	/**
	 * Merges the truth from PostgreSQL (sold seats, tickets per buyer) into Redis's view of the
	 * event, atomically. Run at start-up and whenever Redis may have lost state.
	 */
	public Mono<Long> rebuildSold(UUID eventId, List<String> soldSeatIds, Map<String, Integer> ticketsByUser) {
		String node = UUID.randomUUID().toString();
		String stagedSold = keys.staged(eventId, "sold", node);
		String stagedBought = keys.staged(eventId, "userbought", node);
		Flux<Long> stageSold = Flux.fromIterable(soldSeatIds)
			.buffer(2_000)
			.concatMap(chunk -> redis.opsForSet().add(stagedSold, chunk.toArray(String[]::new)));
		Mono<Boolean> stageBought = ticketsByUser.isEmpty() ? Mono.just(true)
				: redis.<String, String>opsForHash().putAll(stagedBought, ticketsByUser.entrySet().stream()
					.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
		return stageSold.then(stageBought)
			.then(scripts.runLong(scripts.rebuild,
					List.of(keys.seq(eventId), keys.sold(eventId), keys.userBought(eventId), stagedSold, stagedBought),
					List.of()))
			.doOnNext(seq -> log.debug("Rebuilt sold seats of event {} at seq {}", eventId, seq));
	}

	/** The seats Redis knows as sold for the event (compared seat by seat with PostgreSQL's tickets). */
	public Mono<java.util.Set<String>> soldSeats(UUID eventId) {
		return redis.opsForSet().members(keys.sold(eventId)).collect(java.util.stream.Collectors.toSet());
	}

}
