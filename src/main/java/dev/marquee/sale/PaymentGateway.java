package dev.marquee.sale;

import dev.marquee.shared.Money;
import reactor.core.publisher.Mono;

/**
 * The port to a card processor. Implementations must be idempotent: a charge repeated
 * with the same key answers the first outcome and never charges twice; a refund repeated
 * is a no-op.
 */
public interface PaymentGateway {

	Mono<Charge> charge(String idempotencyKey, Money amount, String paymentToken);

	Mono<Void> refund(String paymentId);

	/**
	 * The outcome of an earlier charge made with this key, when its answer was lost (a
	 * timeout); empty if the processor never received it.
	 */
	Mono<Charge> lookup(String idempotencyKey);

	/**
	 * The charge of an earlier attempt: the approved one known by its payment id, or else
	 * the outcome looked up by its key (empty if the processor never received it).
	 */
	default Mono<Charge> find(String paymentId, String idempotencyKey) {
		return paymentId != null ? Mono.just(new Charge(paymentId, true, null)) : lookup(idempotencyKey);
	}

	/** The outcome of a charge attempt. */
	record Charge(String paymentId, boolean approved, String declineReason) {
	}

}
