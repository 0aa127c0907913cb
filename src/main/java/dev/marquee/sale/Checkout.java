package dev.marquee.sale;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.SeatSales;
import dev.marquee.hold.HoldProblems.HoldExpired;
import dev.marquee.sale.AttemptRepository.Attempt;
import dev.marquee.sale.OrderRepository.AttemptSettled;
import dev.marquee.sale.PurchaseManagement.Purchase;
import dev.marquee.sale.SaleProblems.OrderPending;
import dev.marquee.sale.SaleProblems.PaymentDeclined;
import dev.marquee.sale.SaleProblems.PaymentUnavailable;
import dev.marquee.sale.SaleProblems.Replayed;
import dev.marquee.sale.SaleProblems.SeatsLost;
import dev.marquee.shared.ProblemException;
import dev.marquee.ticket.Ticket;
import dev.marquee.ticket.TicketLedger;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The purchase's run, once its attempt is stored: claim the hold, charge, mark the seats sold in
 * Redis, then one PostgreSQL statement for order, tickets and outbox. Every path after a
 * successful charge ends either in an order or in a refund; if PostgreSQL cannot be reached for
 * the order, a retry with the same key stores it ({@link PurchaseManagement}), or the recovery
 * job refunds ({@link StrandedPaymentRecovery}). This is the measured hot path, so it reads in one
 * place; at about 230 lines it is a little over the usual size.
 */
@Component
class Checkout {

	private static final Logger log = LoggerFactory.getLogger(Checkout.class);

	private static final EnumSet<AttemptStatus> NOT_CHARGED = EnumSet.of(AttemptStatus.PENDING, AttemptStatus.UNKNOWN);

	private final SeatSales sales;

	private final CatalogManagement catalog;

	private final PaymentGateway gateway;

	private final OrderRepository orders;

	private final AttemptRepository attempts;

	private final TicketLedger tickets;

	private final ApplicationEventPublisher events;

	private final PaymentProperties properties;

	private final SaleMetrics metrics;

	private final Clock clock;

	Checkout(SeatSales sales, CatalogManagement catalog, PaymentGateway gateway, OrderRepository orders,
			AttemptRepository attempts, TicketLedger tickets, ApplicationEventPublisher events,
			PaymentProperties properties, SaleMetrics metrics, Clock clock) {
		this.sales = sales;
		this.catalog = catalog;
		this.gateway = gateway;
		this.orders = orders;
		this.attempts = attempts;
		this.tickets = tickets;
		this.events = events;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	Mono<Purchase> run(Attempt attempt, String paymentToken) {
		return sales.claim(HoldId.of(attempt.holdId()), attempt.userId())
			// nothing happened yet: the key is free to be used again
			.onErrorResume(ex -> attempts.forget(attempt).onErrorResume(e -> Mono.empty()).then(Mono.error(ex)))
			.flatMap(hold -> charge(attempt, hold, paymentToken));
	}

	private Mono<Purchase> charge(Attempt attempt, Hold hold, String paymentToken) {
		return gateway.charge(attempt.gatewayKey(), hold.total(), paymentToken)
			.timeout(properties.timeout())
			.onErrorResume(ex -> {
				// the charge may have gone through without its answer reaching us: remember the
				// attempt as UNKNOWN; a retry with the same key resumes it, the recovery job settles it
				log.warn("Payment for hold {} has no answer: {}", hold.holdId(), ex.toString());
				metrics.payment("no-answer");
				PaymentUnavailable unavailable = new PaymentUnavailable();
				return sales.unclaim(hold)
					.then(attempts.move(attempt, NOT_CHARGED, AttemptStatus.UNKNOWN, null, unavailable.slug(),
							unavailable.getMessage(), clock.instant()))
					.flatMap(moved -> moved ? Mono.<Void>empty() : refundLateCharge(attempt))
					.onErrorResume(e -> Mono.empty())
					.then(Mono.error(unavailable));
			})
			.doOnNext(charge -> metrics.payment(charge.approved() ? "approved" : "declined"))
			.flatMap(charge -> charge.approved() ? charged(attempt, hold, charge)
					: declined(attempt, hold, charge.declineReason()));
	}

	private Mono<Purchase> declined(Attempt attempt, Hold hold, String reason) {
		PaymentDeclined declined = new PaymentDeclined(reason);
		return sales.unclaim(hold)
			.then(attempts.move(attempt, NOT_CHARGED, AttemptStatus.DECLINED, null, declined.slug(),
					declined.getMessage(), clock.instant()))
			.then(Mono.error(declined));
	}

	private Mono<Purchase> charged(Attempt attempt, Hold hold, PaymentGateway.Charge charge) {
		UUID orderId = UUID.randomUUID();
		return attempts.move(attempt, NOT_CHARGED, AttemptStatus.CHARGED, charge.paymentId(), null, null, clock.instant())
			// PostgreSQL unreachable: only a breadcrumb is lost, since an open attempt's charge is found
			// by its key (by a retry, or the recovery job), and the order statement checks again
			.onErrorResume(ex -> {
				log.warn("Charge {} for hold {} could not be noted: {}", charge.paymentId(), hold.holdId(), ex.toString());
				return Mono.just(true);
			})
			.flatMap(moved -> moved ? sales.sell(hold, orderId) : settledMeanwhile(hold, charge))
			.flatMap(sale -> {
				if (!sale.sold()) {
					// the countdown ended and the seats went to someone else while the card was charged
					return refundAndFail(attempt, charge, new HoldExpired(hold.holdId(),
							"Hold " + hold.holdId() + " expired while the payment ran; the payment was refunded"));
				}
				return store(attempt, hold, charge, orderId, Mono.just(sale.seq()));
			});
	}

	/**
	 * Stores the order of seats sold in Redis under {@code orderId}, then announces them SOLD at
	 * {@code seq}.
	 */
	Mono<Purchase> store(Attempt attempt, Hold hold, PaymentGateway.Charge charge, UUID orderId, Mono<Long> seq) {
		return catalog.setup(hold.eventId())
			.map(setup -> {
				Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
				List<Ticket> issued = hold.seatIds()
					.stream()
					.map(seat -> Ticket.issue(orderId, hold.eventId().value(), seat, attempt.userId(), setup.priceOf(seat), now))
					.toList();
				return new Order(orderId, hold.eventId().value(), attempt.userId(), hold.holdId().value(), Order.Status.CONFIRMED,
						hold.total(), charge.paymentId(), now, issued);
			})
			.flatMap(order -> orders.save(order, attempt))
			.map(saved -> new Purchase(saved, false))
			.onErrorResume(ex -> orderNotStored(attempt, hold, charge, orderId, ex))
			.flatMap(purchase -> purchase.replayed() ? Mono.just(purchase)
					: seq
						.doOnNext(at -> events.publishEvent(
								new SeatsSold(hold.eventId().value(), orderId, hold.holdId().value(), hold.seatIds(), at)))
						.onErrorResume(ex -> {
							log.warn("Sold seats of order {} could not be announced: {}", orderId, ex.toString());
							return Mono.empty();
						})
						.thenReturn(purchase));
	}

	/**
	 * Redis says sold but PostgreSQL has no order. If a retry of this same purchase stored it at
	 * the same moment (its statement confirmed the attempt first, or took the order's id), that is
	 * the answer. If PostgreSQL refused it because the seats were sold before (Redis had lost
	 * them), free what PostgreSQL does not hold, and refund. If the recovery job took the attempt
	 * over, it refunds. Otherwise PostgreSQL could not be reached: the charge and the sold seats
	 * are kept for a retry with the same key, which stores the order, and the recovery job
	 * refunds them if no retry comes within {@code recovery-after}.
	 */
	private Mono<Purchase> orderNotStored(Attempt attempt, Hold hold, PaymentGateway.Charge charge, UUID orderId,
			Throwable ex) {
		// a retry of this same purchase that stored the order first
		Mono<Purchase> storedByTwin = orders.find(orderId).map(order -> new Purchase(order, true));
		if (ex instanceof AttemptSettled) {
			// else the recovery job took the attempt over
			return storedByTwin.switchIfEmpty(Mono.error(() -> new Replayed(HttpStatus.SERVICE_UNAVAILABLE,
					"service-unavailable", "The purchase did not complete in time; the payment is refunded")));
		}
		if (ex instanceof DataIntegrityViolationException || isUniqueViolation(ex)) {
			return storedByTwin.switchIfEmpty(Mono.defer(() -> tickets.soldAmong(hold.eventId(), hold.seatIds())
				.collectList()
				.flatMap(soldElsewhere -> {
					List<String> free = hold.seatIds().stream().filter(s -> !soldElsewhere.contains(s)).toList();
					log.warn("Seats {} of event {} were already sold in PostgreSQL (Redis had lost them); refunding",
							soldElsewhere, hold.eventId());
					return sales.unsell(hold, free).then(refundAndFail(attempt, charge, new SeatsLost(soldElsewhere)));
				})));
		}
		log.warn("Order for hold {} could not be stored ({}); kept for a retry with the same key", hold.holdId(),
				ex.toString());
		return Mono.error(new OrderPending(hold.holdId().value()));
	}

	private static boolean isUniqueViolation(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof R2dbcDataIntegrityViolationException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The recovery job settled the attempt while its charge ran and went unanswered: the job may
	 * have looked for the charge before it reached the processor, and nobody else will look again,
	 * so it is looked up here and refunded if it went through (refunds are idempotent).
	 */
	private Mono<Void> refundLateCharge(Attempt attempt) {
		return gateway.lookup(attempt.gatewayKey())
			.filter(PaymentGateway.Charge::approved)
			.flatMap(charge -> gateway.refund(charge.paymentId()));
	}

	/**
	 * The recovery job settled the attempt while its charge ran: nothing is sold, the hold goes back
	 * to its buyer, and the charge is refunded here. The job refunds it too if it found it, but it
	 * may have looked before the charge landed and so settled the attempt as never charged
	 * (refunds are idempotent; whoever loses after taking money gives it back).
	 */
	private Mono<SeatSales.Sale> settledMeanwhile(Hold hold, PaymentGateway.Charge charge) {
		return gateway.refund(charge.paymentId())
			.then(sales.unclaim(hold))
			.then(Mono.error(new Replayed(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
					"The purchase did not complete in time; the payment was refunded")));
	}

	private Mono<Purchase> refundAndFail(Attempt attempt, PaymentGateway.Charge charge, ProblemException problem) {
		// if the recovery job took the attempt over meanwhile, it refunds too (refunds are idempotent)
		return gateway.refund(charge.paymentId())
			.then(attempts.move(attempt, AttemptStatus.OPEN, AttemptStatus.FAILED, charge.paymentId(), problem.slug(),
					problem.getMessage(), clock.instant()))
			.then(Mono.error(problem));
	}

}
