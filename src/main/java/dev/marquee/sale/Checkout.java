package dev.marquee.sale;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.HoldProblems.HoldNotFound;
import dev.marquee.hold.HoldProblems.PurchaseInProgress;
import dev.marquee.hold.SeatSales;
import dev.marquee.hold.HoldProblems.HoldExpired;
import dev.marquee.pricing.PriceAudit;
import dev.marquee.sale.AttemptRepository.Attempt;
import dev.marquee.sale.PurchaseManagement.Purchase;
import dev.marquee.sale.SaleProblems.PaymentActionRequired;
import dev.marquee.sale.SaleProblems.PaymentDeclined;
import dev.marquee.sale.SaleProblems.PaymentUnavailable;
import dev.marquee.sale.SaleProblems.Replayed;
import dev.marquee.sale.SaleProblems.ResaleEnded;
import dev.marquee.ticket.Ticket;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The purchase's run, once its attempt is stored: claim the hold, charge, mark the seats
 * sold in Redis, then one PostgreSQL statement for order, tickets, outbox and the
 * attempt's outcome: two commits a purchase, the attempt before the charge and the order
 * after it (nothing is written between: the attempt's key finds the charge). Every path
 * after a successful charge ends either in an order or in a refund; if PostgreSQL cannot
 * be reached for the order, a retry with the same key stores it
 * ({@link PurchaseManagement}), or the recovery job refunds
 * ({@link StrandedPaymentRecovery}); the paths that end in a refund are
 * {@link ChargeRefunds}'.
 */
@Component
class Checkout {

	private static final Logger log = LoggerFactory.getLogger(Checkout.class);

	private static final EnumSet<AttemptStatus> NOT_CHARGED = EnumSet.of(AttemptStatus.PENDING, AttemptStatus.UNKNOWN);

	private static final EnumSet<AttemptStatus> AWAITING = EnumSet.of(AttemptStatus.AWAITING);

	private final SeatSales sales;

	private final HoldManagement holds;

	private final CatalogManagement catalog;

	private final PaymentGateway gateway;

	private final OrderRepository orders;

	private final AttemptRepository attempts;

	private final ChargeRefunds refunds;

	private final ApplicationEventPublisher events;

	private final PaymentProperties properties;

	private final SaleMetrics metrics;

	private final Clock clock;

	private final Resales resales;

	private final ResoldOrders resoldOrders;

	Checkout(SeatSales sales, HoldManagement holds, CatalogManagement catalog, PaymentGateway gateway,
			OrderRepository orders, AttemptRepository attempts, ChargeRefunds refunds, ApplicationEventPublisher events,
			PaymentProperties properties, SaleMetrics metrics, Clock clock, Resales resales,
			ResoldOrders resoldOrders) {
		this.resales = resales;
		this.resoldOrders = resoldOrders;
		this.sales = sales;
		this.holds = holds;
		this.catalog = catalog;
		this.gateway = gateway;
		this.orders = orders;
		this.attempts = attempts;
		this.refunds = refunds;
		this.events = events;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	Mono<Purchase> run(Attempt attempt, String paymentToken) {
		return sales.claim(HoldId.of(attempt.holdId()), attempt.userId())
			// nothing happened yet: the key is free to be used again
			.onErrorResume(ex -> attempts.forget(attempt).onErrorResume(e -> Mono.empty()).then(Mono.error(ex)))
			.flatMap(hold -> resaleChecked(attempt, hold).then(charge(attempt, hold, paymentToken)));
	}

	/**
	 * A hold on seats listed for resale is charged only while each listing is open and
	 * its ticket still the one listed: a listing ended meanwhile fails the purchase
	 * before anything is charged (the hold given back, the key free again). Only a first
	 * try: a retry after a charge without an answer goes on with the same key (the charge
	 * may have gone through), and the sale's transaction decides.
	 */
	private Mono<Void> resaleChecked(Attempt attempt, Hold hold) {
		if (!attempt.fresh() || !hold.mayHoldResale()) {
			return Mono.empty();
		}
		return resales.unsellable(hold)
			.flatMap(ended -> ended.isEmpty() ? Mono.<Void>empty()
					: sales.unclaim(hold)
						.then(attempts.forget(attempt))
						.onErrorResume(e -> Mono.empty())
						.then(Mono.error(new ResaleEnded(ended, false))));
	}

	private Mono<Purchase> charge(Attempt attempt, Hold hold, String paymentToken) {
		return gateway.charge(attempt.gatewayKey(), hold.total(), paymentToken)
			.timeout(properties.timeout())
			.onErrorResume(ex -> {
				// the charge may have gone through without its answer reaching us:
				// remember the attempt as UNKNOWN; a retry with the same key resumes it,
				// the recovery job settles it
				log.warn("Payment for hold {} has no answer: {}", hold.holdId(), ex.toString());
				metrics.payment("no-answer");
				PaymentUnavailable unavailable = new PaymentUnavailable();
				return sales.unclaim(hold)
					.then(attempts.move(attempt, NOT_CHARGED, AttemptStatus.UNKNOWN, null, unavailable.slug(),
							unavailable.getMessage(), clock.instant()))
					.flatMap(moved -> moved ? Mono.<Void>empty() : refunds.lateCharge(attempt))
					.onErrorResume(e -> Mono.empty())
					.then(Mono.error(unavailable));
			})
			.doOnNext(charge -> metrics
				.payment(charge.approved() ? "approved" : charge.awaitsAction() ? "awaiting-action" : "declined"))
			// approved: the attempt stays PENDING until the order confirms it;
			// a retry or the recovery job finds the charge by the attempt's key
			.flatMap(charge -> charge.approved() ? sellAndStore(attempt, hold, charge) : charge.awaitsAction()
					? awaiting(attempt, hold, charge) : declined(attempt, hold, charge.declineReason()));
	}

	/**
	 * The card's issuer wants the buyer to authenticate: the hold stays claimed, the
	 * attempt awaits, and the buyer is told how to go on. If the recovery job took the
	 * attempt over meanwhile, the charge is given up and the hold given back.
	 */
	private Mono<Purchase> awaiting(Attempt attempt, Hold hold, PaymentGateway.Charge charge) {
		return attempts
			.move(attempt, NOT_CHARGED, AttemptStatus.AWAITING, charge.paymentId(), null, null, clock.instant())
			.flatMap(moved -> moved
					? Mono.error(
							new PaymentActionRequired(hold.holdId().value(), charge.paymentId(), charge.actionSecret()))
					: gateway.abandon(charge.paymentId())
						.then(sales.unclaim(hold))
						.then(Mono.error(new Replayed(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
								"The purchase did not complete in time; nothing was charged"))));
	}

	/**
	 * A charge that awaited the buyer's authentication, asked about again (the buyer came
	 * back, or Stripe's webhook says it ended): the purchase completes if it went
	 * through, is declined (the hold given back) if it failed, or still awaits.
	 */
	Mono<Purchase> resumeAwaiting(Attempt attempt) {
		HoldId holdId = HoldId.of(attempt.holdId());
		return gateway.status(attempt.paymentId()).flatMap(charge -> {
			if (charge.approved()) {
				return complete(attempt, charge);
			}
			if (charge.awaitsAction()) {
				return Mono
					.error(new PaymentActionRequired(attempt.holdId(), charge.paymentId(), charge.actionSecret()));
			}
			PaymentDeclined declined = new PaymentDeclined(charge.declineReason());
			return attempts
				.move(attempt, AWAITING, AttemptStatus.DECLINED, null, declined.slug(), declined.getMessage(),
						clock.instant())
				.flatMap(moved -> moved ? holds.find(holdId, attempt.userId())
					.flatMap(sales::unclaim)
					.onErrorResume(ex -> Mono.empty())
					.then(Mono.<Purchase>error(declined)) : Mono.error(new PurchaseInProgress(holdId)));
		});
	}

	/**
	 * The buyer authenticated and the charge went through: sell and store as any
	 * purchase, once. Whoever moves the attempt on first (the buyer's retry, the webhook)
	 * completes it; the other is told the purchase is in progress. A hold gone meanwhile
	 * is refunded.
	 */
	private Mono<Purchase> complete(Attempt attempt, PaymentGateway.Charge charge) {
		HoldId holdId = HoldId.of(attempt.holdId());
		return attempts.move(attempt, AWAITING, AttemptStatus.CHARGED, charge.paymentId(), null, null, clock.instant())
			.flatMap(moved -> !moved ? Mono.error(new PurchaseInProgress(holdId)) : holds.find(holdId, attempt.userId())
				.flatMap(hold -> sellAndStore(attempt, hold, charge))
				.onErrorResume(HoldNotFound.class, ex -> refunds.refundAndFail(attempt, charge, new HoldExpired(holdId,
						"Hold " + holdId + " is gone; the payment, confirmed after it, was refunded"))));
	}

	private Mono<Purchase> declined(Attempt attempt, Hold hold, String reason) {
		PaymentDeclined declined = new PaymentDeclined(reason);
		return sales.unclaim(hold)
			.then(attempts.move(attempt, NOT_CHARGED, AttemptStatus.DECLINED, null, declined.slug(),
					declined.getMessage(), clock.instant()))
			.then(Mono.error(declined));
	}

	private Mono<Purchase> sellAndStore(Attempt attempt, Hold hold, PaymentGateway.Charge charge) {
		UUID orderId = UUID.randomUUID();
		return sales.sell(hold, orderId).flatMap(sale -> {
			if (!sale.sold()) {
				// the countdown ended and the seats went to someone else while the card
				// was charged, or a resale listing of the hold ended meanwhile
				return resales.unsellable(hold)
					.onErrorReturn(List.of())
					.flatMap(ended -> refunds.refundAndFail(attempt, charge,
							ended.isEmpty()
									? new HoldExpired(hold.holdId(),
											"Hold " + hold.holdId()
													+ " expired while the payment ran; the payment was refunded")
									: new ResaleEnded(ended, true)));
			}
			// sell announced the seats SOLD already
			return store(attempt, hold, charge, orderId, Mono.empty());
		});
	}

	/**
	 * Stores the order of seats sold in Redis under {@code orderId}, then runs
	 * {@code announce} (where the seats' SOLD still has to reach the maps) and publishes
	 * {@link SeatsSold}.
	 */
	Mono<Purchase> store(Attempt attempt, Hold hold, PaymentGateway.Charge charge, UUID orderId, Mono<Void> announce) {
		// a seat listed for resale is bought from its seller (held at the listing's
		// price); a hold of catalog seats only asks nobody
		Mono<Map<String, ResaleListing>> listings = hold.mayHoldResale()
				? resales.openFor(hold.eventId(), hold.seatIds()) : Mono.just(Map.of());
		return Mono.zip(catalog.setup(hold.eventId()), listings).flatMap(both -> {
			var setup = both.getT1();
			Map<String, ResaleListing> resale = both.getT2();
			Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
			// each ticket at the price locked into the hold (what was charged), audited
			PriceAudit prices = HeldPrices.of(hold, setup);
			List<Ticket> issued = prices.seats()
				.stream()
				.map(seat -> Ticket.issue(orderId, hold.eventId().value(), seat.seatId(), attempt.userId(),
						seat.price(), now))
				.toList();
			Order order = new Order(orderId, hold.eventId().value(), attempt.userId(), hold.holdId().value(),
					Order.Status.CONFIRMED, hold.total(), charge.paymentId(), now, issued);
			return resale.isEmpty() ? orders.save(order, attempt, prices)
					: resoldOrders.store(order, attempt, List.copyOf(resale.values()), prices);
		})
			.map(saved -> new Purchase(saved, false))
			.onErrorResume(ex -> refunds.orderNotStored(attempt, hold, charge, orderId, ex))
			.flatMap(purchase -> purchase.replayed() ? Mono.just(purchase) : announce.onErrorResume(ex -> {
				log.warn("Sold seats of order {} could not be announced: {}", orderId, ex.toString());
				return Mono.empty();
			})
				.then(Mono.fromRunnable(() -> events.publishEvent(
						new SeatsSold(hold.eventId().value(), orderId, hold.holdId().value(), hold.seatIds()))))
				.thenReturn(purchase));
	}

}
