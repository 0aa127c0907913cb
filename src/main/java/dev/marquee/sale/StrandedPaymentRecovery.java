package dev.marquee.sale;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Never paid without a ticket, even if a node dies (or loses PostgreSQL) between the
 * charge and the order: a purchase left PENDING, CHARGED or UNKNOWN for longer than
 * {@code marquee.payment.recovery-after} (well past the payment timeout, so no live
 * purchase is touched), or AWAITING the buyer's authentication for longer than
 * {@code marquee.payment.action-timeout}, either has its order (then it is marked
 * CONFIRMED) or is refunded if the gateway took the money, or marked FAILED if it did not
 * (a charge still awaiting the buyer is given up first). Before refunding, the job marks
 * the attempt SETTLING, and an order is only ever stored for an attempt that is not: a
 * buyer retrying at the same moment either completes the purchase or gets the refund,
 * never both.
 */
@Component
public class StrandedPaymentRecovery {

	private static final Set<AttemptStatus> SETTLING = EnumSet.of(AttemptStatus.SETTLING);

	private static final Logger log = LoggerFactory.getLogger(StrandedPaymentRecovery.class);

	private final OrderRepository orders;

	private final AttemptRepository attempts;

	private final HoldManagement holds;

	private final PaymentGateway gateway;

	private final PaymentProperties properties;

	private final SoldSeatsReconciler reconciler;

	private final Clock clock;

	StrandedPaymentRecovery(OrderRepository orders, AttemptRepository attempts, HoldManagement holds,
			PaymentGateway gateway, PaymentProperties properties, SoldSeatsReconciler reconciler, Clock clock) {
		this.orders = orders;
		this.attempts = attempts;
		this.holds = holds;
		this.gateway = gateway;
		this.properties = properties;
		this.reconciler = reconciler;
		this.clock = clock;
	}

	/**
	 * No order: take the attempt over (so a late retry can no longer store one), then
	 * refund the charge, finding it by its key first if its answer was lost.
	 */
	private Mono<Boolean> settle(AttemptRepository.Attempt attempt) {
		return attempts.settling(attempt, clock.instant()).flatMap(taken -> taken ? refund(attempt) : Mono.just(false));
	}

	private Mono<Boolean> refund(AttemptRepository.Attempt attempt) {
		return gateway.find(attempt.paymentId(), attempt.gatewayKey())
			.filter(PaymentGateway.Charge::approved)
			.flatMap(found -> gateway.refund(found.paymentId())
				.then(attempts.move(attempt, SETTLING, AttemptStatus.REFUNDED, found.paymentId(), "service-unavailable",
						"The purchase did not complete; the payment was refunded", clock.instant()))
				.doOnSuccess(done -> log.warn("Refunded stranded payment {} for hold {}", found.paymentId(),
						attempt.holdId()))
				.then(releaseSeats(attempt))
				.thenReturn(true))
			// a charge that still awaits the buyer's authentication is given up first,
			// so that it can no longer go through
			.switchIfEmpty(Mono
				.defer(() -> (attempt.paymentId() == null ? Mono.<Void>empty() : gateway.abandon(attempt.paymentId()))
					.then(attempts.move(attempt, SETTLING, AttemptStatus.FAILED, null, "payment-unavailable",
							"The payment did not go through; nothing was charged", clock.instant()))
					.thenReturn(false)));
	}

	/**
	 * The refunded purchase may have marked its seats sold in Redis before its order
	 * failed: put back on sale those of its seats that PostgreSQL holds no ticket for
	 * (and that no other open attempt on the same hold may still sell). If this fails,
	 * the reconciler finds them later.
	 */
	private Mono<Void> releaseSeats(AttemptRepository.Attempt attempt) {
		return holds.find(HoldId.of(attempt.holdId()), attempt.userId())
			.onErrorResume(ex -> Mono.empty())
			.flatMap(hold -> reconciler.free(hold.eventId(), hold.seatIds()))
			.onErrorResume(ex -> {
				log.warn("Could not put the seats of refunded hold {} back on sale: {}", attempt.holdId(),
						ex.toString());
				return Mono.empty();
			})
			.then();
	}

	@Scheduled(fixedDelayString = PaymentProperties.RECOVERY_INTERVAL,
			initialDelayString = PaymentProperties.RECOVERY_INTERVAL)
	Mono<Void> recover() {
		// built per run (the scheduler re-subscribes one Mono): the cut-off follows the
		// clock
		return Mono.defer(this::recoverNow).then().onErrorResume(ex -> {
			log.warn("Payment recovery failed: {}", ex.toString());
			return Mono.empty();
		});
	}

	/** Settles every stranded charge; answers how many it refunded. */
	public Mono<Long> recoverNow() {
		return attempts
			.strandedCharges(clock.instant().minus(properties.recoveryAfter()),
					clock.instant().minus(properties.actionTimeout()))
			.collectList()
			.flatMap(this::recover);
	}

	/**
	 * Settles these attempts, as read a moment ago (they may have moved on since);
	 * answers how many it refunded. An attempt is settled by its own charge: it is
	 * confirmed only by an order that carries that charge's payment id. The hold's order
	 * may carry another charge (the buyer gave up on a purchase whose answer was lost and
	 * bought the same hold with a new key): then this attempt's charge is refunded all
	 * the same.
	 */
	Mono<Long> recover(List<AttemptRepository.Attempt> stranded) {
		return Flux.fromIterable(stranded)
			.concatMap(attempt -> orders.findByHold(attempt.holdId())
				.filterWhen(order -> carriesChargeOf(order, attempt))
				.flatMap(order -> attempts.confirmed(attempt, order.id(), clock.instant()).thenReturn(false))
				.switchIfEmpty(Mono.defer(() -> settle(attempt))))
			.filter(Boolean::booleanValue)
			.count();
	}

	private Mono<Boolean> carriesChargeOf(Order order, AttemptRepository.Attempt attempt) {
		return gateway.find(attempt.paymentId(), attempt.gatewayKey())
			.map(charge -> charge.approved() && charge.paymentId().equals(order.paymentId()))
			.defaultIfEmpty(false);
	}

}
