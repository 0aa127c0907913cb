package dev.marquee.hold;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.HoldProblems.AreaFull;
import dev.marquee.hold.HoldProblems.NoSeatsTogether;
import dev.marquee.hold.HoldProblems.OwnListing;
import dev.marquee.hold.internal.ResaleScript;
import dev.marquee.shared.SeatStatus;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Best available and general admission as rounds: look at the map, pick with
 * {@link BestAvailable}, hold atomically, and when others took the pick first, look
 * again, up to the limits below. The caller checked the request and the admission. A look
 * is the snapshot at the event's current seq, shared by everyone looking at that seq
 * ({@link SeatSnapshots#sharedSnapshot}): under a crowd every buyer's round used to read
 * the whole map from Redis, and a round that lost its pick means the seq has moved on, so
 * the next look is newer. The hold itself is what checks the seats.
 */
@Component
class BestAvailableRounds {

	/**
	 * How many times a best-available hold looks at the map afresh when every candidate
	 * was taken first. Each such round means others took seats of all
	 * {@link BestAvailable#CANDIDATES} blocks meanwhile, so rounds only run out on a
	 * crowd much larger than the seats left.
	 */
	static final int ROUNDS = 16;

	/**
	 * How many times a general-admission hold looks again when others took its places
	 * first.
	 */
	static final int AREA_ROUNDS = 12;

	private final SeatSnapshots snapshots;

	private final HoldPlacement placement;

	private final ResaleScript resale;

	private final SeatPricing pricing;

	private final Clock clock;

	BestAvailableRounds(SeatSnapshots snapshots, HoldPlacement placement, ResaleScript resale, SeatPricing pricing,
			Clock clock) {
		this.snapshots = snapshots;
		this.placement = placement;
		this.resale = resale;
		this.pricing = pricing;
		this.clock = clock;
	}

	/**
	 * A look at the map as this buyer may hold from it, with the prices to rank and
	 * filter by: each tier's price now (its price rules applied, as the hold charges it)
	 * and resale seats at their listing's price. Seats the buyer listed for resale
	 * themselves are not theirs to hold (the hold script refuses them), so they read as
	 * sold. The resale hash is read only when the map shows a resale seat at all.
	 */
	private Mono<Look> look(EventSetup setup, Mono<SeatSnapshot> snapshot, String userId) {
		return Mono.zip(snapshot, this.pricing.tiersAt(setup, this.clock.instant())).flatMap(both -> {
			SeatSnapshot seen = both.getT1();
			if (seen.statuses().indexOf(SeatStatus.RESALE.glyph()) < 0) {
				return Mono.just(new Look(seen, new ScanPrices(both.getT2(), Map.of())));
			}
			return this.resale.listings(seen.eventId()).map(listings -> {
				char[] glyphs = seen.statuses().toCharArray();
				Map<String, Long> prices = new HashMap<>();
				listings.forEach((seat, listed) -> {
					prices.put(seat, listed.priceMinor());
					int index = seen.setup().layout().indexOf(seat);
					if (userId.equals(listed.sellerId()) && index >= 0) {
						glyphs[index] = SeatStatus.SOLD.glyph();
					}
				});
				return new Look(new SeatSnapshot(seen.eventId(), seen.seq(), new String(glyphs), seen.setup()),
						new ScanPrices(both.getT2(), prices));
			});
		});
	}

	/** A look at the map and the prices of that moment. */
	private record Look(SeatSnapshot snapshot, ScanPrices prices) {
	}

	/**
	 * The best block of adjacent free seats; {@link NoSeatsTogether} when none fits,
	 * round after round.
	 */
	Mono<Hold> best(EventSetup setup, String userId, BestAvailable.Request request) {
		return bestRound(setup, userId, request, 1);
	}

	private Mono<Hold> bestRound(EventSetup setup, String userId, BestAvailable.Request request, int round) {
		return look(setup, this.snapshots.sharedSnapshot(setup), userId).flatMap(look -> {
			List<BestAvailable.Block> blocks = BestAvailable.find(look.snapshot(), request, look.prices());
			if (blocks.isEmpty()) {
				return Mono.error(new NoSeatsTogether(request.quantity(), request.sectionCode()));
			}
			return first(setup, userId, blocks, setup.event().holdTtlSeconds())
				.switchIfEmpty(Mono.defer(() -> round < ROUNDS ? bestRound(setup, userId, request, round + 1)
						: Mono.error(new NoSeatsTogether(request.quantity(), request.sectionCode()))));
		});
	}

	/**
	 * {@code quantity} places of a general-admission area drawn at random;
	 * {@link AreaFull} when fewer are free.
	 */
	Mono<Hold> area(EventSetup setup, String userId, String areaCode, int quantity) {
		return areaRound(setup, userId, areaCode, quantity, 1);
	}

	private Mono<Hold> areaRound(EventSetup setup, String userId, String areaCode, int quantity, int round) {
		return look(setup, this.snapshots.sharedSnapshot(setup), userId).flatMap(look -> {
			SeatSnapshot snapshot = look.snapshot();
			var places = BestAvailable.randomPlaces(snapshot, areaCode, quantity, ThreadLocalRandom.current());
			if (places.isEmpty()) {
				return Mono.error(new AreaFull(areaCode, quantity, BestAvailable.free(snapshot, areaCode)));
			}
			return this.placement.place(setup, userId, List.of(places.get().seatIds()), setup.event().holdTtlSeconds())
				.onErrorResume(e -> e instanceof SeatUnavailable || e instanceof OwnListing,
						taken -> round < AREA_ROUNDS ? areaRound(setup, userId, areaCode, quantity, round + 1)
								: Mono.error(new AreaFull(areaCode, quantity, -1)));
		});
	}

	/**
	 * A waitlist offer: {@code quantity} seats of a section, the best adjacent block when
	 * {@code together}, else the best single seats, in one look. Empty when they are not
	 * free.
	 */
	Mono<Hold> offer(EventSetup setup, String userId, String sectionCode, int quantity, boolean together,
			int ttlSeconds) {
		BestAvailable.Request request = new BestAvailable.Request(sectionCode, quantity, null);
		return look(setup, this.snapshots.snapshot(setup), userId).flatMap(look -> {
			List<BestAvailable.Block> blocks = together ? BestAvailable.find(look.snapshot(), request, look.prices())
					: BestAvailable.loose(look.snapshot(), sectionCode, quantity).stream().toList();
			return first(setup, userId, blocks, ttlSeconds);
		});
	}

	/**
	 * Holds the first of these blocks still free; empty if others took every one first
	 * (or the buyer listed a seat of each for resale since the look).
	 */
	private Mono<Hold> first(EventSetup setup, String userId, List<BestAvailable.Block> blocks, int ttlSeconds) {
		if (blocks.isEmpty()) {
			return Mono.empty();
		}
		List<List<String>> candidates = blocks.stream().map(BestAvailable.Block::seatIds).toList();
		return this.placement.place(setup, userId, candidates, ttlSeconds)
			.onErrorResume(e -> e instanceof SeatUnavailable || e instanceof OwnListing, taken -> Mono.empty());
	}

}
