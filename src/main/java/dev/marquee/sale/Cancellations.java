package dev.marquee.sale;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.SeatSales;
import dev.marquee.sale.SaleProblems.NotCancellable;
import dev.marquee.shared.Money;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Cancels orders: refunds in full before the event's cut-off and nothing after it, voids
 * the tickets, puts the seats back on sale (announced live) and writes
 * {@code OrderCancelled} to the outbox. Cancelling again answers the same outcome (and
 * puts back on sale any of its seats the first cancel could not free in Redis); of two
 * cancels at once, one does the work. A refund the gateway did not take stays PENDING and
 * is retried until it does.
 */
@Service
public class Cancellations {

	private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

	private final PurchaseManagement purchases;

	private final CatalogManagement catalog;

	private final SeatSales sales;

	private final PaymentGateway gateway;

	private final CancelledOrders repository;

	private final SoldSeatsReconciler reconciler;

	private final Clock clock;

	private final Resales resales;

	private final ResalePayouts payouts;

	Cancellations(PurchaseManagement purchases, CatalogManagement catalog, SeatSales sales, PaymentGateway gateway,
			CancelledOrders repository, SoldSeatsReconciler reconciler, Clock clock, Resales resales,
			ResalePayouts payouts) {
		this.resales = resales;
		this.payouts = payouts;
		this.purchases = purchases;
		this.catalog = catalog;
		this.sales = sales;
		this.gateway = gateway;
		this.repository = repository;
		this.reconciler = reconciler;
		this.clock = clock;
	}

	/** A cancelled order: what it refunds and whether the refund went through. */
	public record Cancelled(Order order, Money refund, RefundStatus refundStatus, Instant cancelledAt) {
	}

	public Mono<Cancelled> cancel(OrderId orderId, String userId) {
		return purchases.order(orderId, userId).flatMap(order -> {
			if (order.status() == Order.Status.CANCELLED) {
				// the first cancel may have lost Redis after PostgreSQL committed: finish
				// its seats (those nobody bought since), then answer the same outcome
				return reconciler.free(EventId.of(order.eventId()), order.seatIds()).then(outcome(order));
			}
			return catalog.setup(EventId.of(order.eventId()))
				.flatMap(setup -> cancel(order, setup.event(), Reason.BUYER));
		});
	}

	/**
	 * The organizers refund an order in full, whoever bought it and whatever the event's
	 * refund cut-off, even after the event started: its tickets are void and its seats
	 * back on sale, as a cancel does; the same rules hold for tickets scanned in or given
	 * away. Refunding again answers the same.
	 */
	public Mono<Cancelled> refund(OrderId orderId) {
		return purchases.anyOrder(orderId).flatMap(order -> {
			if (order.status() == Order.Status.CANCELLED) {
				return reconciler.free(EventId.of(order.eventId()), order.seatIds()).then(outcome(order));
			}
			return catalog.setup(EventId.of(order.eventId()))
				.flatMap(setup -> cancel(order, setup.event(), Reason.ORGANIZER));
		});
	}

	/**
	 * Its event is cancelled: the order is cancelled and refunded in full, every ticket
	 * void, even one scanned in or given away (the refund goes to the card that paid).
	 * Doing it again answers the same.
	 */
	public Mono<Cancelled> cancelWithEvent(OrderId orderId) {
		return purchases.anyOrder(orderId).flatMap(order -> {
			if (order.status() == Order.Status.CANCELLED) {
				return reconciler.free(EventId.of(order.eventId()), order.seatIds()).then(outcome(order));
			}
			return catalog.setup(EventId.of(order.eventId()))
				.flatMap(setup -> cancel(order, setup.event(), Reason.EVENT_CANCELLED));
		});
	}

	/** Who cancels, which decides the refund and what the buyer is told. */
	private enum Reason {

		BUYER("buyer"), ORGANIZER("organizer"), EVENT_CANCELLED("event-cancelled");

		private final String word;

		Reason(String word) {
			this.word = word;
		}

	}

	private Mono<Cancelled> cancel(Order order, Event event, Reason reason) {
		boolean byOrganizer = reason != Reason.BUYER;
		Instant now = clock.instant();
		if (!byOrganizer && !now.isBefore(event.startsAt())) {
			return Mono.error(new NotCancellable(order.id(), "event-started",
					"The event has started; orders can no longer be cancelled."));
		}
		long refund = byOrganizer || now.isBefore(event.refundUntil()) ? order.total().amountMinor() : 0;
		// decided in one statement on the tickets as they are when it runs, not as they
		// were read above
		boolean force = reason == Reason.EVENT_CANCELLED;
		// what resold tickets of the order paid their seller went back onto its payment
		// already: the refund is the rest
		return payouts.paidOutFor(order)
			.map(paidOut -> Math.max(0, refund - paidOut))
			.flatMap(rest -> cancel(order, rest, now, reason, force));
	}

	private Mono<Cancelled> cancel(Order order, long refund, Instant now, Reason reason, boolean force) {
		List<String> seats = order.seatIds();
		return repository.cancel(order, refund, now, reason.word, force).flatMap(verdict -> {
			if (!force && verdict.used() > 0) {
				return Mono.error(new NotCancellable(order.id(), "ticket-used",
						"A ticket of this order was already scanned in."));
			}
			if (!force && verdict.transferred() > 0) {
				return Mono.error(new NotCancellable(order.id(), "tickets-transferred",
						"A ticket of this order now belongs to someone else; it cannot be cancelled from here."));
			}
			return resales.endForOrder(order)
				.onErrorResume(ex -> Mono.empty())
				.then(sales.releaseSold(EventId.of(order.eventId()), HoldId.of(order.holdId()), order.userId(), seats))
				.then(verdict.cancelled() && refund > 0 ? refund(order) : Mono.empty())
				.then(purchases.order(order.orderId(), order.userId()))
				.flatMap(this::outcome);
		});
	}

	private Mono<Void> refund(Order order) {
		return gateway.refund(order.paymentId()).then(repository.refunded(order.id())).onErrorResume(ex -> {
			log.warn("Refund of cancelled order {} failed ({}); it stays pending and is retried", order.id(),
					ex.toString());
			return Mono.empty();
		});
	}

	private Mono<Cancelled> outcome(Order order) {
		return repository.cancellation(order.id())
			.map(c -> new Cancelled(order, new Money(c.refundMinor(), order.total().currency()), c.refundStatus(),
					c.cancelledAt()));
	}

	@Scheduled(fixedDelayString = PaymentProperties.RECOVERY_INTERVAL,
			initialDelayString = PaymentProperties.RECOVERY_INTERVAL)
	Mono<Void> retryPendingRefunds() {
		return Mono.defer(() -> repository.pendingRefunds().concatMap(this::refund).then()).onErrorResume(ex -> {
			log.warn("Retrying pending refunds failed: {}", ex.toString());
			return Mono.empty();
		});
	}

}
