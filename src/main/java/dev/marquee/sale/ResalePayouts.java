package dev.marquee.sale;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Pays sellers for their resold tickets: each payout a partial refund of the listing's
 * price onto the payment that bought the ticket ({@link PaymentGateway#refundPart}),
 * right after the sale and again by a job until it went through; and says what an order's
 * resold tickets paid out.
 */
@Component
class ResalePayouts {

	private static final Logger log = LoggerFactory.getLogger(ResalePayouts.class);

	private static final Duration PAYOUT_LEASE = Duration.ofMinutes(2);

	private final ResaleRepository repository;

	private final PaymentGateway gateway;

	private final Clock clock;

	ResalePayouts(ResaleRepository repository, PaymentGateway gateway, Clock clock) {
		this.repository = repository;
		this.gateway = gateway;
		this.clock = clock;
	}

	/** What resold tickets of the order paid (or owe) their sellers, in minor units. */
	Mono<Long> paidOutFor(Order order) {
		return repository.paidOutFor(order.id());
	}

	/**
	 * Pays the pending payouts out: each onto the seller's original payment, once per
	 * listing (the processor's key is the listing's), marked PAID when it went through
	 * and retried later when it did not. Rounds running at once take different payouts.
	 */
	@Scheduled(fixedDelayString = PaymentProperties.RECOVERY_INTERVAL,
			initialDelayString = PaymentProperties.RECOVERY_INTERVAL)
	Mono<Void> payOut() {
		return payOut(null);
	}

	/**
	 * Pays these listings' payouts out now (all pending ones if null); answers when done.
	 */
	Mono<Void> payOut(Collection<UUID> listingIds) {
		return Mono.defer(() -> repository.takePending(clock.instant(), PAYOUT_LEASE, listingIds)
			.concatMap(payout -> gateway.refundPart(payout.paymentId(), payout.amount(), "payout-" + payout.listingId())
				.then(repository.paid(payout.listingId(), clock.instant()))
				.onErrorResume(ex -> {
					log.warn("Payout of listing {} failed ({}); it is retried", payout.listingId(), ex.toString());
					return repository.unlock(payout.listingId()).onErrorResume(e -> Mono.empty());
				}))
			.then()).onErrorResume(ex -> {
				log.warn("The payout round failed: {}", ex.toString());
				return Mono.empty();
			});
	}

}
