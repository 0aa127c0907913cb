package dev.marquee.hold;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldProblems.AlreadyPurchased;
import dev.marquee.hold.HoldProblems.HoldExpired;
import dev.marquee.hold.HoldProblems.HoldNotFound;
import dev.marquee.hold.HoldProblems.PurchaseInProgress;
import dev.marquee.hold.internal.ClaimScript;
import dev.marquee.hold.internal.HoldRecords;
import dev.marquee.hold.internal.HoldState;
import dev.marquee.hold.internal.ResaleScript;
import dev.marquee.hold.internal.SellScript;
import dev.marquee.shared.InObservation;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The sale's side of holds: a purchase claims its hold (no countdown or release ends it
 * while the payment runs), sells its seats or gives it back, and a cancelled order's
 * seats go back on sale. Seats sold are published as {@link HoldSold} the moment they
 * are, and every seat that goes back on sale as {@link SeatsReleased}.
 */
@Service
public class SeatSales {

	private final ClaimScript claims;

	private final SellScript sales;

	private final HoldRecords records;

	private final ApplicationEventPublisher events;

	private final ResaleScript resale;

	private final Clock clock;

	SeatSales(ClaimScript claims, SellScript sales, HoldRecords records, ApplicationEventPublisher events,
			ResaleScript resale, Clock clock) {
		this.resale = resale;
		this.claims = claims;
		this.sales = sales;
		this.records = records;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Starts a purchase: the owner's ACTIVE hold becomes PAYING. Fails with
	 * {@link HoldNotFound}, {@link HoldExpired}, {@link AlreadyPurchased} or
	 * {@link PurchaseInProgress}.
	 */
	public Mono<Hold> claim(HoldId holdId, String userId) {
		return this.records.eventOf(holdId)
			.switchIfEmpty(Mono.error(() -> new HoldNotFound(holdId)))
			.flatMap(eventId -> this.claims.claim(eventId, holdId, userId, this.clock.instant())
				.flatMap(outcome -> switch (outcome) {
					case ClaimScript.Claimed claimed -> this.records.read(eventId, holdId);
					case ClaimScript.Purchased purchased ->
						Mono.error(new AlreadyPurchased(holdId, purchased.orderId()));
					case ClaimScript.Paying paying -> Mono.error(new PurchaseInProgress(holdId));
					case ClaimScript.Gone gone -> Mono.error(new HoldExpired(holdId,
							"Hold " + holdId + " has "
									+ (gone.state() == HoldState.RELEASED ? "been released" : "expired")
									+ "; nothing was charged"));
					case ClaimScript.NotFound notFound -> Mono.error(new HoldNotFound(holdId));
				}));
	}

	/**
	 * The payment did not go through: the hold goes back to its (unchanged) countdown.
	 */
	public Mono<Void> unclaim(Hold hold) {
		return this.claims.unclaim(hold.eventId(), hold.holdId()).then();
	}

	/**
	 * Outcome of {@link #sell}: the seats became SOLD (and were announced), or the hold
	 * had lost them (the caller refunds).
	 */
	public record Sale(boolean sold) {
	}

	/**
	 * The payment went through: mark the hold's seats SOLD if they are all still its own,
	 * and announce them.
	 */
	public Mono<Sale> sell(Hold hold, UUID orderId) {
		return Mono.deferContextual(
				context -> this.sales.sell(hold.eventId(), hold.holdId(), orderId).map(outcome -> switch (outcome) {
					case SellScript.Sold sold -> {
						// in the purchase's trace: the change goes to the other nodes
						// with it
						InObservation.run(context, () -> sold(hold, orderId, sold.seq()));
						yield new Sale(true);
					}
					case SellScript.Lost lost -> {
						released(hold.eventId(), hold.holdId(), lost.freed(), SeatsReleased.Reason.PURCHASE_FAILED);
						yield new Sale(false);
					}
					case SellScript.Gone gone -> new Sale(false);
				}));
	}

	/**
	 * Announces the hold's seats SOLD under {@code orderId} again, at a fresh {@code seq}
	 * (moved on without changing a seat): for a purchase completed by a retry, whose
	 * first request may have died between selling them and announcing it.
	 */
	public Mono<Void> announceSold(Hold hold, UUID orderId) {
		return this.sales.touch(hold.eventId()).doOnNext(seq -> sold(hold, orderId, seq)).then();
	}

	private void sold(Hold hold, UUID orderId, long seq) {
		this.events
			.publishEvent(new HoldSold(hold.eventId().value(), hold.holdId().value(), orderId, hold.seatIds(), seq));
	}

	/** The order could not be stored after {@link #sell}: free these seats again. */
	public Mono<Void> unsell(Hold hold, List<String> seatIds) {
		return this.sales.unsell(hold.eventId(), hold.holdId(), seatIds)
			.doOnNext(freed -> released(hold.eventId(), hold.holdId(), freed, SeatsReleased.Reason.PURCHASE_FAILED))
			.then();
	}

	/**
	 * The order of these sold seats was cancelled: put them back on sale (and off the
	 * buyer's count) and announce it, under {@code holdId} (null if unknown). Repeating
	 * it changes nothing.
	 */
	public Mono<Void> releaseSold(EventId eventId, HoldId holdId, String userId, List<String> seatIds) {
		return this.sales.releaseSold(eventId, userId, seatIds)
			.doOnNext(freed -> released(eventId, holdId, freed, SeatsReleased.Reason.CANCELLED))
			.then();
	}

	/** A seat's resale listing: its price in minor units and the seller's user id. */
	public record ResaleSeat(long priceMinor, String sellerId) {
	}

	/**
	 * Sold seats listed for resale (seat id to the listing): they show as RESALE and can
	 * be held and bought like free ones, at the listing's price, by anyone but their
	 * seller. Seats not sold in Redis, or listed already, are left alone. Repeating it
	 * changes nothing.
	 */
	public Mono<Void> listForResale(EventId eventId, Map<String, ResaleSeat> listings) {
		Map<String, ResaleScript.Listed> listed = new LinkedHashMap<>();
		listings.forEach((seat, l) -> listed.put(seat, new ResaleScript.Listed(l.priceMinor(), l.sellerId())));
		return this.resale.list(eventId, listed).doOnNext(changed -> resale(eventId, changed, true)).then();
	}

	/**
	 * The resale listing of these seats ended: they are SOLD again (one held by a buyer
	 * at the moment stays held, and its purchase fails). Repeating it changes nothing.
	 */
	public Mono<Void> endResale(EventId eventId, List<String> seatIds) {
		return this.resale.end(eventId, seatIds).doOnNext(changed -> resale(eventId, changed, false)).then();
	}

	/**
	 * A resale settled in PostgreSQL: the resold seats (seller id to how many) leave
	 * their sellers' count of bought seats, so the ticket limit counts only the tickets
	 * they still hold, as the rebuild from PostgreSQL does. Call it once per settled
	 * resale.
	 */
	public Mono<Void> resold(EventId eventId, Map<String, Integer> seatsBySeller) {
		return this.sales.resold(eventId, seatsBySeller);
	}

	/** Every seat of the event listed for resale in Redis, with its price. */
	public Mono<Map<String, Long>> resaleSeats(EventId eventId) {
		return this.resale.listed(eventId);
	}

	private void resale(EventId eventId, ResaleScript.Changed changed, boolean listed) {
		if (!changed.seatIds().isEmpty()) {
			this.events.publishEvent(new SeatsResale(eventId.value(), changed.seatIds(), listed, changed.seq()));
		}
	}

	private void released(EventId eventId, HoldId holdId, SellScript.Freed freed, SeatsReleased.Reason reason) {
		if (!freed.seatIds().isEmpty()) {
			this.events.publishEvent(new SeatsReleased(eventId.value(), holdId == null ? null : holdId.value(),
					freed.seatIds(), reason, freed.seq(), freed.resaleSeatIds(), freed.soldSeatIds()));
		}
	}

}
