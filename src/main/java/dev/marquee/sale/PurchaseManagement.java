package dev.marquee.sale;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.HoldProblems.HoldNotFound;
import dev.marquee.hold.HoldProblems.PurchaseInProgress;
import dev.marquee.hold.SeatSales;
import dev.marquee.sale.AttemptRepository.Attempt;
import dev.marquee.sale.SaleProblems.IdempotencyKeyReused;
import dev.marquee.sale.SaleProblems.Replayed;
import dev.marquee.shared.NotFound;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Buys a hold, exactly once per Idempotency-Key, and reads a buyer's orders. A new key
 * starts a purchase attempt and runs it ({@link Checkout}); a key seen before replays the
 * stored outcome, or resumes a purchase that was charged without getting its order.
 */
@Service
public class PurchaseManagement {

	private static final Logger log = LoggerFactory.getLogger(PurchaseManagement.class);

	private final HoldManagement holds;

	private final SeatSales sales;

	private final PaymentGateway gateway;

	private final OrderRepository orders;

	private final AttemptRepository attempts;

	private final Checkout checkout;

	private final Clock clock;

	PurchaseManagement(HoldManagement holds, SeatSales sales, PaymentGateway gateway, OrderRepository orders,
			AttemptRepository attempts, Checkout checkout, Clock clock) {
		this.holds = holds;
		this.sales = sales;
		this.gateway = gateway;
		this.orders = orders;
		this.attempts = attempts;
		this.checkout = checkout;
		this.clock = clock;
	}

	/**
	 * The answer to a purchase: the order, and whether it is a replay of an earlier
	 * request.
	 */
	public record Purchase(Order order, boolean replayed) {
	}

	/**
	 * Buys the hold. Once asked, the purchase runs to its end whether or not the caller
	 * is still there to hear the answer: a buyer whose connection drops while the card is
	 * charged (a closed tab, a train entering a tunnel) still gets the order, and a retry
	 * with the same Idempotency-Key returns it. Cancelled halfway, it would leave a
	 * charge for the recovery job to refund and the seats to run out their countdown. A
	 * caller that leaves is logged once, at INFO.
	 */
	public Mono<Purchase> purchase(HoldId holdId, String userId, PaymentDetails payment) {
		// the detached run keeps the caller's context (the request's observation: its
		// trace goes on with the sale), not its cancellation
		return Mono
			.deferContextual(context -> Mono
				.fromFuture(() -> purchaseToTheEnd(holdId, userId, payment).contextWrite(context).toFuture(), true))
			.doOnCancel(() -> log
				.info("The buyer of hold {} left before the purchase's answer; it runs to its end, and a retry with the"
						+ " same Idempotency-Key gets its outcome", holdId));
	}

	private Mono<Purchase> purchaseToTheEnd(HoldId holdId, String userId, PaymentDetails payment) {
		String fingerprint = holdId + "|" + payment.paymentToken();
		return attempts.begin(userId, payment.idempotencyKey(), fingerprint, holdId.value(), clock.instant())
			.flatMap(attempt -> {
				if (!attempt.fingerprint().equals(fingerprint)) {
					return Mono.error(new IdempotencyKeyReused());
				}
				return attempt.fresh() ? checkout.run(attempt, payment.paymentToken())
						: replay(attempt, payment.paymentToken());
			});
	}

	private Mono<Purchase> replay(Attempt attempt, String paymentToken) {
		return switch (attempt.status()) {
			// the gateway's answer was lost: go again with the same key, which cannot
			// charge twice
			case UNKNOWN -> checkout.run(attempt, paymentToken);
			case CONFIRMED -> orders.find(attempt.orderId()).map(order -> new Purchase(order, true));
			case DECLINED ->
				Mono.error(new Replayed(HttpStatus.PAYMENT_REQUIRED, attempt.problemSlug(), attempt.problemDetail()));
			case FAILED, REFUNDED -> Mono
				.error(new Replayed(statusOf(attempt.problemSlug()), attempt.problemSlug(), attempt.problemDetail()));
			case PENDING, CHARGED -> resume(attempt);
			// the buyer authenticated the charge (or not): ask how it ended
			case AWAITING -> checkout.resumeAwaiting(attempt);
			// the recovery job is refunding it
			case SETTLING -> Mono.error(new PurchaseInProgress(HoldId.of(attempt.holdId())));
		};
	}

	/**
	 * A retry of a purchase that may have been charged without getting its order: once
	 * the seats were sold to it in Redis (the hold is PURCHASED, with the order id it was
	 * sold under), the order is stored now, under that id, so the first request and the
	 * retry cannot make two. Before that point the first request is still running, or
	 * died before selling anything, and the recovery job settles it.
	 */
	private Mono<Purchase> resume(Attempt attempt) {
		return holds.find(HoldId.of(attempt.holdId()), attempt.userId())
			.onErrorResume(HoldNotFound.class, ex -> Mono.empty())
			.filter(hold -> hold.status() == Hold.Status.PURCHASED && hold.orderId() != null)
			.flatMap(hold -> gateway.find(attempt.paymentId(), attempt.gatewayKey())
				.filter(PaymentGateway.Charge::approved)
				// announced again at a fresh seq: the first request may have died before
				// it announced the sale
				.flatMap(charge -> checkout.store(attempt, hold, charge, hold.orderId(),
						Mono.defer(() -> sales.announceSold(hold, hold.orderId())))))
			.switchIfEmpty(Mono.error(() -> new PurchaseInProgress(HoldId.of(attempt.holdId()))));
	}

	private static HttpStatus statusOf(String slug) {
		return switch (slug) {
			case "hold-expired" -> HttpStatus.GONE;
			case "seat-unavailable" -> HttpStatus.CONFLICT;
			default -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

	/** One of this buyer's orders; anyone else's reads as not found. */
	public Mono<Order> order(OrderId orderId, String userId) {
		return orders.find(orderId.value())
			.filter(order -> order.userId().equals(userId))
			.switchIfEmpty(Mono.error(() -> new NotFound("order-not-found", "No order " + orderId + " of yours")));
	}

	/**
	 * Any buyer's order, for the event's organizers; fails with not found if there is
	 * none.
	 */
	public Mono<Order> anyOrder(OrderId orderId) {
		return orders.find(orderId.value())
			.switchIfEmpty(Mono.error(() -> new NotFound("order-not-found", "No order " + orderId)));
	}

	public Flux<Order> ordersOf(String userId) {
		return orders.ordersOf(userId);
	}

}
