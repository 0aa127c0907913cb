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
	 * Gives back part of a charge: {@code amount} of {@code paymentId}, once per
	 * {@code key} (repeating it with the same key refunds nothing more). A resale's
	 * payout to its seller is this, on the seller's original payment.
	 */
	Mono<Void> refundPart(String paymentId, Money amount, String key);

	/**
	 * The outcome of an earlier charge made with this key, when its answer was lost (a
	 * timeout); empty if the processor never received it.
	 */
	Mono<Charge> lookup(String idempotencyKey);

	/**
	 * The charge as the processor sees it now: one that awaited the buyer's
	 * authentication may have gone through, or failed, since. Where charges never await
	 * anything, a charge known by its payment id is an approved one.
	 */
	default Mono<Charge> status(String paymentId) {
		return Mono.just(new Charge(paymentId, true, null));
	}

	/**
	 * Gives up a charge that awaits the buyer's authentication, so that it can no longer
	 * go through (nothing was taken). One that went through meanwhile stays as it is.
	 */
	default Mono<Void> abandon(String paymentId) {
		return Mono.empty();
	}

	/**
	 * The charge of an earlier attempt: as the processor sees it now if its payment id is
	 * known, or else the outcome looked up by its key (empty if the processor never
	 * received it).
	 */
	default Mono<Charge> find(String paymentId, String idempotencyKey) {
		return paymentId != null ? status(paymentId) : lookup(idempotencyKey);
	}

	/**
	 * The outcome of a charge attempt: approved, declined (with the processor's reason),
	 * or waiting for the buyer to authenticate (3-D Secure), which the buyer's browser
	 * does with {@code actionSecret}.
	 */
	record Charge(String paymentId, boolean approved, String declineReason, String actionSecret) {

		public Charge(String paymentId, boolean approved, String declineReason) {
			this(paymentId, approved, declineReason, null);
		}

		static Charge awaitingAction(String paymentId, String actionSecret) {
			return new Charge(paymentId, false, null, actionSecret);
		}

		/** The buyer must authenticate before the charge goes through (or fails). */
		boolean awaitsAction() {
			return actionSecret != null;
		}

	}

}
