package dev.marquee.hold;

import java.util.List;
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

	BestAvailableRounds(SeatSnapshots snapshots, HoldPlacement placement, ResaleScript resale) {
		this.snapshots = snapshots;
		this.placement = placement;
		this.resale = resale;
	}

	/**
	 * The look as this buyer may hold from it: seats they listed for resale themselves
	 * are not theirs to hold (the hold script refuses them), so they read as sold. Costs
	 * a read of the resale hash only when the map shows a resale seat at all.
	 */
	private Mono<SeatSnapshot> forBuyer(Mono<SeatSnapshot> look, String userId) {
		return look.flatMap(snapshot -> {
			if (snapshot.statuses().indexOf(SeatStatus.RESALE.glyph()) < 0) {
				return Mono.just(snapshot);
			}
			return this.resale.listedBy(snapshot.eventId(), userId).map(own -> {
				if (own.isEmpty()) {
					return snapshot;
				}
				char[] glyphs = snapshot.statuses().toCharArray();
				for (String seat : own) {
					int index = snapshot.setup().layout().indexOf(seat);
					if (index >= 0) {
						glyphs[index] = SeatStatus.SOLD.glyph();
					}
				}
				return new SeatSnapshot(snapshot.eventId(), snapshot.seq(), new String(glyphs), snapshot.setup());
			});
		});
	}

	/**
	 * The best block of adjacent free seats; {@link NoSeatsTogether} when none fits,
	 * round after round.
	 */
	Mono<Hold> best(EventSetup setup, String userId, BestAvailable.Request request) {
		return bestRound(setup, userId, request, 1);
	}

	private Mono<Hold> bestRound(EventSetup setup, String userId, BestAvailable.Request request, int round) {
		return forBuyer(this.snapshots.sharedSnapshot(setup), userId).flatMap(snapshot -> {
			List<BestAvailable.Block> blocks = BestAvailable.find(snapshot, request);
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
		return forBuyer(this.snapshots.sharedSnapshot(setup), userId).flatMap(snapshot -> {
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
		return forBuyer(this.snapshots.snapshot(setup), userId).flatMap(snapshot -> {
			List<BestAvailable.Block> blocks = together ? BestAvailable.find(snapshot, request)
					: BestAvailable.loose(snapshot, sectionCode, quantity).stream().toList();
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
