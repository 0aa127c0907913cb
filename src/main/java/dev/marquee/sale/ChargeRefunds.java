package dev.marquee.sale;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.hold.Hold;
import dev.marquee.hold.SeatSales;
import dev.marquee.sale.AttemptRepository.Attempt;
import dev.marquee.sale.OrderRepository.AttemptSettled;
import dev.marquee.sale.PurchaseManagement.Purchase;
import dev.marquee.sale.SaleProblems.OrderPending;
import dev.marquee.sale.SaleProblems.Replayed;
import dev.marquee.sale.SaleProblems.ResaleEnded;
import dev.marquee.sale.SaleProblems.SeatsLost;
import dev.marquee.shared.ProblemException;
import dev.marquee.ticket.TicketLedger;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where a {@link Checkout} goes when the card was charged and the purchase cannot end in
 * its own order: whoever loses after taking money gives it back (refunds are idempotent,
 * so the recovery job refunding the same charge does no harm).
 */
@Component
class ChargeRefunds {

	private static final Logger log = LoggerFactory.getLogger(ChargeRefunds.class);

	private final SeatSales sales;

	private final PaymentGateway gateway;

	private final OrderRepository orders;

	private final AttemptRepository attempts;

	private final TicketLedger tickets;

	private final Clock clock;

	private final Resales resales;

	ChargeRefunds(SeatSales sales, PaymentGateway gateway, OrderRepository orders, AttemptRepository attempts,
			TicketLedger tickets, Clock clock, Resales resales) {
		this.resales = resales;
		this.sales = sales;
		this.gateway = gateway;
		this.orders = orders;
		this.attempts = attempts;
		this.tickets = tickets;
		this.clock = clock;
	}

	/**
	 * Redis says sold but PostgreSQL has no order. If a retry of this same purchase
	 * stored it at the same moment (its statement confirmed the attempt first, or took
	 * the order's id), that is the answer. If PostgreSQL refused it because the seats
	 * were sold before (Redis had lost them), free what PostgreSQL does not hold, and
	 * refund. If the recovery job took the attempt over ({@link #settledMeanwhile}), the
	 * charge is refunded and the seats freed here too. Otherwise PostgreSQL could not be
	 * reached: the charge and the sold seats are kept for a retry with the same key,
	 * which stores the order, and the recovery job refunds them if no retry comes within
	 * {@code recovery-after}.
	 */
	Mono<Purchase> orderNotStored(Attempt attempt, Hold hold, PaymentGateway.Charge charge, UUID orderId,
			Throwable ex) {
		// a retry of this same purchase that stored the order first
		Mono<Purchase> storedByTwin = orders.find(orderId).map(order -> new Purchase(order, true));
		if (ex instanceof AttemptSettled) {
			return storedByTwin.switchIfEmpty(Mono.defer(() -> settledMeanwhile(hold, charge)));
		}
		if (ex instanceof OrderRepository.ListingGone gone) {
			// a resale listing ended before the purchase claimed it: nothing was written;
			// the seats of the hold not sold in PostgreSQL are freed, the listings still
			// open go back into Redis, and the payment is refunded
			return storedByTwin.switchIfEmpty(Mono.defer(() -> {
				log.info("Resale of seats {} of event {} ended while the payment ran; refunding", gone.seatIds,
						hold.eventId());
				return freeUnticketed(hold).then(resales.sync(hold.eventId()))
					.onErrorResume(e -> Mono.empty())
					.then(refundAndFail(attempt, charge, new ResaleEnded(gone.seatIds, true)));
			}));
		}
		if (ex instanceof DataIntegrityViolationException || isUniqueViolation(ex)) {
			return storedByTwin.switchIfEmpty(Mono.defer(() -> freeUnticketed(hold).flatMap(soldElsewhere -> {
				log.warn("Seats {} of event {} were already sold in PostgreSQL (Redis had lost them); refunding",
						soldElsewhere, hold.eventId());
				return refundAndFail(attempt, charge, new SeatsLost(soldElsewhere));
			})));
		}
		log.warn("Order for hold {} could not be stored ({}); kept for a retry with the same key", hold.holdId(),
				ex.toString());
		return Mono.error(new OrderPending(hold.holdId().value()));
	}

	/**
	 * Puts back on sale the hold's seats that PostgreSQL holds no ticket for; answers
	 * those it does hold.
	 */
	private Mono<List<String>> freeUnticketed(Hold hold) {
		return tickets.soldAmong(hold.eventId(), hold.seatIds())
			.collectList()
			.flatMap(sold -> sales.unsell(hold, hold.seatIds().stream().filter(s -> !sold.contains(s)).toList())
				.thenReturn(sold));
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
	 * The recovery job settled the attempt while its charge ran and went unanswered: the
	 * job may have looked for the charge before it reached the processor, and nobody else
	 * will look again, so it is looked up here and refunded if it went through (refunds
	 * are idempotent).
	 */
	Mono<Void> lateCharge(Attempt attempt) {
		return gateway.lookup(attempt.gatewayKey())
			.filter(PaymentGateway.Charge::approved)
			.flatMap(charge -> gateway.refund(charge.paymentId()));
	}

	/**
	 * The recovery job settled the attempt while its charge ran (the node stalled past
	 * {@code recovery-after}), and the seats were sold for it meanwhile: the charge is
	 * refunded here, since the job may have looked for it before it landed and so settled
	 * the attempt as never charged (refunds are idempotent: whoever loses after taking
	 * money gives it back), and the seats PostgreSQL holds no ticket for go back on sale
	 * (the job frees those it saw sold, this the ones sold after it looked).
	 */
	private Mono<Purchase> settledMeanwhile(Hold hold, PaymentGateway.Charge charge) {
		return freeUnticketed(hold).then().onErrorResume(ex -> {
			log.warn("Seats of hold {} stay sold until the reconciler frees them: {}", hold.holdId(), ex.toString());
			return Mono.empty();
		})
			.then(gateway.refund(charge.paymentId()))
			.then(Mono.error(new Replayed(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
					"The purchase did not complete in time; the payment was refunded")));
	}

	Mono<Purchase> refundAndFail(Attempt attempt, PaymentGateway.Charge charge, ProblemException problem) {
		// if the recovery job took the attempt over meanwhile, it refunds too (refunds
		// are idempotent)
		return gateway.refund(charge.paymentId())
			.then(attempts.move(attempt, AttemptStatus.OPEN, AttemptStatus.FAILED, charge.paymentId(), problem.slug(),
					problem.getMessage(), clock.instant()))
			.then(Mono.error(problem));
	}

}
