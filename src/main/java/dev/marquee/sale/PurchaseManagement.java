package dev.marquee.sale;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.HoldProblems.HoldExpired;
import dev.marquee.hold.HoldProblems.HoldNotFound;
import dev.marquee.hold.HoldProblems.PurchaseInProgress;
import dev.marquee.hold.SeatSales;
import dev.marquee.sale.SaleProblems.IdempotencyKeyReused;
import dev.marquee.sale.SaleProblems.OrderPending;
import dev.marquee.sale.SaleProblems.PaymentDeclined;
import dev.marquee.sale.SaleProblems.PaymentUnavailable;
import dev.marquee.sale.SaleProblems.Replayed;
import dev.marquee.sale.SaleProblems.SeatsLost;
import dev.marquee.sale.AttemptRepository.Attempt;
import dev.marquee.shared.NotFound;
import dev.marquee.shared.ProblemException;
import dev.marquee.shared.Text;
import dev.marquee.shared.Violations;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Buys a hold, exactly once: Idempotency-Key, claim the hold, charge, mark the seats sold in
 * Redis, then one PostgreSQL transaction for order, tickets and outbox. Every path after a
 * successful charge ends either in an order or in a refund; if PostgreSQL cannot be reached for
 * the order, a retry with the same key stores it, or the recovery job refunds.
 */
@Service
public class PurchaseManagement {

	private static final Logger log = LoggerFactory.getLogger(PurchaseManagement.class);

	private final HoldManagement holds;

	private final SeatSales sales;

	private final CatalogManagement catalog;

	private final PaymentGateway gateway;

	private final SaleRepository repository;

	private final AttemptRepository attempts;

	private final ApplicationEventPublisher events;

	private final PaymentProperties properties;

	private final Clock clock;

	private final SaleMetrics metrics;

	PurchaseManagement(HoldManagement holds, SeatSales sales, CatalogManagement catalog, PaymentGateway gateway, SaleRepository repository,
			AttemptRepository attempts, ApplicationEventPublisher events, PaymentProperties properties, Clock clock, SaleMetrics metrics) {
		this.holds = holds;
		this.sales = sales;
		this.catalog = catalog;
		this.gateway = gateway;
		this.repository = repository;
		this.attempts = attempts;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
	}

	/** The answer to a purchase: the order, and whether it is a replay of an earlier request. */
	public record Purchase(Order order, boolean replayed) {
	}

	public Mono<Purchase> purchase(String holdId, String userId, String idempotencyKey, String paymentToken) {
		Violations v = new Violations();
		v.check(idempotencyKey == null || idempotencyKey.isBlank() || Text.isClean(idempotencyKey, 255),
				"Idempotency-Key", "must not contain control characters");
		v.check(idempotencyKey != null && !idempotencyKey.isBlank(), "Idempotency-Key",
				"header is required: a unique value per purchase, repeated on retries");
		v.check(idempotencyKey == null || idempotencyKey.length() <= 255, "Idempotency-Key",
				"must be at most 255 characters");
		v.check(Text.isClean(paymentToken, 255), "paymentToken",
				"is required: a payment token such as tok_visa");
		if (!v.isEmpty()) {
			return Mono.fromRunnable(v::throwIfAny);
		}
		UUID hold;
		try {
			hold = UUID.fromString(holdId);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new HoldNotFound(holdId));
		}
		String fingerprint = hold + "|" + paymentToken;
		return attempts.begin(userId, idempotencyKey, fingerprint, hold, clock.instant()).flatMap(attempt -> {
			if (!attempt.fingerprint().equals(fingerprint)) {
				return Mono.error(new IdempotencyKeyReused());
			}
			return attempt.fresh() ? run(attempt, paymentToken) : replay(attempt, paymentToken);
		});
	}

	private Mono<Purchase> replay(Attempt attempt, String paymentToken) {
		return switch (attempt.status()) {
			// the gateway's answer was lost: go again with the same key, which cannot charge twice
			case UNKNOWN -> run(attempt, paymentToken);
			case CONFIRMED -> repository.findOrder(attempt.orderId()).map(order -> new Purchase(order, true));
			case DECLINED -> Mono.error(new Replayed(HttpStatus.PAYMENT_REQUIRED, attempt.problemSlug(),
					attempt.problemDetail()));
			case FAILED, REFUNDED -> Mono.error(new Replayed(statusOf(attempt.problemSlug()), attempt.problemSlug(),
					attempt.problemDetail()));
			case PENDING, CHARGED -> resume(attempt);
			// the recovery job is refunding it
			case SETTLING -> Mono.error(new PurchaseInProgress(HoldId.of(attempt.holdId())));
		};
	}

	/**
	 * A retry of a purchase that may have been charged without getting its order: once the seats
	 * were sold to it in Redis (the hold is PURCHASED, with the order id it was sold under), the
	 * order is stored now, under that id, so the first request and the retry cannot make two.
	 * Before that point the first request is still running, or died before selling anything,
	 * and the recovery job settles it.
	 */
	private Mono<Purchase> resume(Attempt attempt) {
		return holds.find(HoldId.of(attempt.holdId()), attempt.userId())
			.onErrorResume(HoldNotFound.class, ex -> Mono.empty())
			.filter(hold -> hold.status() == Hold.Status.PURCHASED && hold.orderId() != null)
			.flatMap(hold -> gateway.find(attempt.paymentId(), attempt.gatewayKey())
				.filter(PaymentGateway.Charge::approved)
				// announced at a fresh seq: the sale's own was never announced
				.flatMap(charge -> store(attempt, hold, charge, hold.orderId(),
						Mono.defer(() -> sales.touch(hold.eventId())))))
			.switchIfEmpty(Mono.error(() -> new PurchaseInProgress(HoldId.of(attempt.holdId()))));
	}

	private static HttpStatus statusOf(String slug) {
		return switch (slug) {
			case "hold-expired" -> HttpStatus.GONE;
			case "seat-unavailable" -> HttpStatus.CONFLICT;
			default -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

	private Mono<Purchase> run(Attempt attempt, String paymentToken) {
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
						.then(attempts.move(attempt, EnumSet.of(AttemptStatus.PENDING, AttemptStatus.UNKNOWN),
								AttemptStatus.UNKNOWN, null, unavailable.slug(), unavailable.getMessage(), clock.instant()))
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
			.then(attempts.move(attempt, EnumSet.of(AttemptStatus.PENDING, AttemptStatus.UNKNOWN),
					AttemptStatus.DECLINED, null, declined.slug(), declined.getMessage(), clock.instant()))
			.then(Mono.error(declined));
	}

	private Mono<Purchase> charged(Attempt attempt, Hold hold, PaymentGateway.Charge charge) {
		UUID orderId = UUID.randomUUID();
		return attempts.move(attempt, EnumSet.of(AttemptStatus.PENDING, AttemptStatus.UNKNOWN), AttemptStatus.CHARGED,
				charge.paymentId(), null, null, clock.instant())
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
	private Mono<Purchase> store(Attempt attempt, Hold hold, PaymentGateway.Charge charge, UUID orderId,
			Mono<Long> seq) {
		return catalog.setup(hold.eventId())
			.map(setup -> order(orderId, hold, setup, attempt.userId(), charge.paymentId()))
			.flatMap(order -> repository.save(order, attempt))
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
		Mono<Purchase> storedByTwin = repository.findOrder(orderId).map(order -> new Purchase(order, true));
		if (ex instanceof SaleRepository.AttemptSettled) {
			// else the recovery job took the attempt over
			return storedByTwin.switchIfEmpty(Mono.error(() -> new Replayed(HttpStatus.SERVICE_UNAVAILABLE,
					"service-unavailable", "The purchase did not complete in time; the payment is refunded")));
		}
		if (ex instanceof DataIntegrityViolationException || isUniqueViolation(ex)) {
			return storedByTwin
				.switchIfEmpty(Mono.defer(() -> repository.soldAmong(hold.eventId().value(), hold.seatIds())
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

	private Order order(UUID orderId, Hold hold, EventSetup setup, String userId, String paymentId) {
		var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		List<Order.Ticket> tickets = hold.seatIds()
			.stream()
			.map(seat -> new Order.Ticket(UUID.randomUUID(), orderId, hold.eventId().value(), seat, userId, "VALID",
					setup.priceOf(seat), now))
			.toList();
		return new Order(orderId, hold.eventId().value(), userId, hold.holdId().value(), Order.Status.CONFIRMED, hold.total(), paymentId,
				now, tickets);
	}

	public Mono<Order> order(String orderId, String userId) {
		UUID id;
		try {
			id = UUID.fromString(orderId);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(orderNotFound(orderId));
		}
		return repository.findOrder(id)
			.filter(order -> order.userId().equals(userId))
			.switchIfEmpty(Mono.error(() -> orderNotFound(orderId)));
	}

	private static NotFound orderNotFound(String orderId) {
		return new NotFound("order-not-found", "No order " + orderId + " of yours");
	}

	public Flux<Order> ordersOf(String userId) {
		return repository.ordersOf(userId);
	}

}
