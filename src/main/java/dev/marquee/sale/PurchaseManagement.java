package dev.marquee.sale;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.HoldProblems.HoldExpired;
import dev.marquee.hold.HoldProblems.HoldNotFound;
import dev.marquee.sale.SaleProblems.IdempotencyKeyReused;
import dev.marquee.sale.SaleProblems.PaymentDeclined;
import dev.marquee.sale.SaleProblems.PaymentUnavailable;
import dev.marquee.sale.SaleProblems.Replayed;
import dev.marquee.sale.SaleProblems.SeatsLost;
import dev.marquee.sale.SaleRepository.Attempt;
import dev.marquee.shared.NotFound;
import dev.marquee.shared.ProblemException;
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
 * successful charge ends either in an order or in a refund.
 */
@Service
public class PurchaseManagement {

	private static final Logger log = LoggerFactory.getLogger(PurchaseManagement.class);

	private final HoldManagement holds;

	private final CatalogManagement catalog;

	private final PaymentGateway gateway;

	private final SaleRepository repository;

	private final ApplicationEventPublisher events;

	private final PaymentProperties properties;

	private final Clock clock;

	private final PaymentOutcomes payments;

	PurchaseManagement(HoldManagement holds, CatalogManagement catalog, PaymentGateway gateway, SaleRepository repository,
			ApplicationEventPublisher events, PaymentProperties properties, Clock clock,
			io.micrometer.core.instrument.MeterRegistry meters) {
		this.holds = holds;
		this.catalog = catalog;
		this.gateway = gateway;
		this.repository = repository;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.payments = new PaymentOutcomes(meters);
	}

	/** {@code marquee.payments{outcome}}: approved, declined, or no answer from the gateway. */
	private static final class PaymentOutcomes {

		private final io.micrometer.core.instrument.MeterRegistry meters;

		PaymentOutcomes(io.micrometer.core.instrument.MeterRegistry meters) {
			this.meters = meters;
		}

		void increment(String outcome) {
			meters.counter("marquee.payments", "outcome", outcome).increment();
		}

	}

	/** The answer to a purchase: the order, and whether it is a replay of an earlier request. */
	public record Purchase(Order order, boolean replayed) {
	}

	public Mono<Purchase> purchase(String holdId, String userId, String idempotencyKey, String paymentToken) {
		Violations v = new Violations();
		v.check(idempotencyKey == null || idempotencyKey.isBlank() || dev.marquee.shared.Text.isClean(idempotencyKey, 255),
				"Idempotency-Key", "must not contain control characters");
		v.check(idempotencyKey != null && !idempotencyKey.isBlank(), "Idempotency-Key",
				"header is required: a unique value per purchase, repeated on retries");
		v.check(idempotencyKey == null || idempotencyKey.length() <= 255, "Idempotency-Key",
				"must be at most 255 characters");
		v.check(dev.marquee.shared.Text.isClean(paymentToken, 255), "paymentToken",
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
		return repository.begin(userId, idempotencyKey, fingerprint, hold, clock.instant()).flatMap(attempt -> {
			if (!attempt.fingerprint().equals(fingerprint)) {
				return Mono.error(new IdempotencyKeyReused());
			}
			return attempt.fresh() ? run(attempt, paymentToken) : replay(attempt, paymentToken);
		});
	}

	private Mono<Purchase> replay(Attempt attempt, String paymentToken) {
		return switch (attempt.status()) {
			// the gateway's answer was lost: go again with the same key, which cannot charge twice
			case "UNKNOWN" -> run(attempt, paymentToken);
			case "CONFIRMED" -> repository.findOrder(attempt.orderId()).map(order -> new Purchase(order, true));
			case "DECLINED" -> Mono.error(new Replayed(HttpStatus.PAYMENT_REQUIRED, attempt.problemSlug(),
					attempt.problemDetail()));
			case "FAILED", "REFUNDED" -> Mono.error(new Replayed(statusOf(attempt.problemSlug()), attempt.problemSlug(),
					attempt.problemDetail()));
			default -> Mono.error(new dev.marquee.hold.HoldProblems.PurchaseInProgress(attempt.holdId()));
		};
	}

	private static HttpStatus statusOf(String slug) {
		return switch (slug) {
			case "hold-expired" -> HttpStatus.GONE;
			case "seat-unavailable" -> HttpStatus.CONFLICT;
			default -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

	private Mono<Purchase> run(Attempt attempt, String paymentToken) {
		return holds.claim(attempt.holdId().toString(), attempt.userId())
			// nothing happened yet: the key is free to be used again
			.onErrorResume(ex -> repository.forget(attempt).onErrorResume(e -> Mono.empty()).then(Mono.error(ex)))
			.flatMap(hold -> gateway.charge(attempt.idempotencyKey() + ":" + attempt.userId(), hold.total(), paymentToken)
				.timeout(properties.timeout())
				.onErrorResume(ex -> {
					// the charge may have gone through without its answer reaching us: remember the
					// attempt as UNKNOWN; a retry with the same key resumes it, the recovery job settles it
					log.warn("Payment for hold {} has no answer: {}", hold.holdId(), ex.toString());
					payments.increment("no-answer");
					PaymentUnavailable unavailable = new PaymentUnavailable();
					return holds.unclaim(hold)
						.then(repository.mark(attempt, "UNKNOWN", null, unavailable.slug(), unavailable.getMessage(),
								clock.instant()))
						.onErrorResume(e -> Mono.empty())
						.then(Mono.error(unavailable));
				})
				.doOnNext(charge -> payments.increment(charge.approved() ? "approved" : "declined"))
				.flatMap(charge -> charge.approved() ? charged(attempt, hold, charge)
						: declined(attempt, hold, charge.declineReason())));
	}

	private Mono<Purchase> declined(Attempt attempt, Hold hold, String reason) {
		PaymentDeclined declined = new PaymentDeclined(reason);
		return holds.unclaim(hold)
			.then(repository.mark(attempt, "DECLINED", null, declined.slug(), declined.getMessage(), clock.instant()))
			.then(Mono.error(declined));
	}

	private Mono<Purchase> charged(Attempt attempt, Hold hold, PaymentGateway.Charge charge) {
		UUID orderId = UUID.randomUUID();
		return repository.mark(attempt, "CHARGED", charge.paymentId(), null, null, clock.instant())
			.then(holds.sell(hold, orderId))
			.flatMap(sale -> {
				if (!sale.sold()) {
					// the countdown ended and the seats went to someone else while the card was charged
					return refundAndFail(attempt, charge, new HoldExpired(hold.holdId(),
							"Hold " + hold.holdId() + " expired while the payment ran; the payment was refunded"));
				}
				return catalog.setup(hold.eventId())
					.map(setup -> order(orderId, hold, setup, attempt.userId(), charge.paymentId()))
					.flatMap(order -> repository.save(order, attempt))
					.doOnNext(saved -> events.publishEvent(
							new SeatsSold(hold.eventId(), orderId, hold.holdId(), hold.seatIds(), sale.seq())))
					.map(saved -> new Purchase(saved, false))
					.onErrorResume(ex -> orderNotStored(attempt, hold, charge, ex));
			});
	}

	/** Redis says sold but PostgreSQL refused the order: free what PostgreSQL does not hold, and refund. */
	private Mono<Purchase> orderNotStored(Attempt attempt, Hold hold, PaymentGateway.Charge charge, Throwable ex) {
		if (ex instanceof DataIntegrityViolationException || isUniqueViolation(ex)) {
			return repository.soldAmong(hold.eventId(), hold.seatIds()).collectList().flatMap(soldElsewhere -> {
				List<String> free = hold.seatIds().stream().filter(s -> !soldElsewhere.contains(s)).toList();
				log.warn("Seats {} of event {} were already sold in PostgreSQL (Redis had lost them); refunding",
						soldElsewhere, hold.eventId());
				return holds.unsell(hold, free).then(refundAndFail(attempt, charge, new SeatsLost(soldElsewhere)));
			});
		}
		log.warn("Order for hold {} could not be stored ({}); refunding", hold.holdId(), ex.toString());
		return holds.unsell(hold, hold.seatIds())
			.onErrorResume(e -> Mono.empty())
			.then(gateway.refund(charge.paymentId()))
			.then(repository.mark(attempt, "REFUNDED", charge.paymentId(), "service-unavailable",
					"The order could not be stored; the payment was refunded", clock.instant())
				.onErrorResume(e -> Mono.empty()))
			.then(Mono.error(ex));
	}

	private static boolean isUniqueViolation(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof io.r2dbc.spi.R2dbcDataIntegrityViolationException) {
				return true;
			}
		}
		return false;
	}

	private Mono<Purchase> refundAndFail(Attempt attempt, PaymentGateway.Charge charge, ProblemException problem) {
		return gateway.refund(charge.paymentId())
			.then(repository.mark(attempt, "FAILED", charge.paymentId(), problem.slug(), problem.getMessage(),
					clock.instant()))
			.then(Mono.error(problem));
	}

	private Order order(UUID orderId, Hold hold, EventSetup setup, String userId, String paymentId) {
		var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		List<Order.Ticket> tickets = hold.seatIds()
			.stream()
			.map(seat -> new Order.Ticket(UUID.randomUUID(), orderId, hold.eventId(), seat, userId, "VALID",
					setup.priceOf(seat), now))
			.toList();
		return new Order(orderId, hold.eventId(), userId, hold.holdId(), Order.Status.CONFIRMED, hold.total(), paymentId,
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
