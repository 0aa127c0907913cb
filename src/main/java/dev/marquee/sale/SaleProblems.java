package dev.marquee.sale;

import java.util.List;
import java.util.UUID;

import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The named failures of purchases.
 */
public final class SaleProblems {

	private SaleProblems() {
	}

	/** The card was declined; the hold is kept until its own expiry. */
	public static class PaymentDeclined extends ProblemException {

		public PaymentDeclined(String reason) {
			super(HttpStatus.PAYMENT_REQUIRED, "payment-declined",
					"The payment was declined (" + reason + "); your hold is kept until it expires.");
			with("declineReason", reason);
		}

	}

	/**
	 * The card's issuer wants the buyer to authenticate the payment (3-D Secure): the
	 * buyer's browser does so with {@code clientSecret} (Stripe.js
	 * {@code handleNextAction}), then repeats the purchase with the same Idempotency-Key,
	 * which completes it. The hold is kept meanwhile; the payment, once authenticated,
	 * ends in the order even if the buyer does not come back.
	 */
	public static class PaymentActionRequired extends ProblemException {

		public PaymentActionRequired(UUID holdId, String paymentId, String clientSecret) {
			super(HttpStatus.PAYMENT_REQUIRED, "payment-action-required",
					"Your bank asks you to confirm this payment. Confirm it, then repeat the purchase with the same"
							+ " Idempotency-Key; your hold is kept meanwhile.");
			with("holdId", holdId.toString());
			with("paymentId", paymentId);
			with("clientSecret", clientSecret);
		}

	}

	/** The gateway did not answer in time; nothing was charged (or it was refunded). */
	public static class PaymentUnavailable extends ProblemException {

		public PaymentUnavailable() {
			super(HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable",
					"The payment service did not answer in time. Your hold is kept; retry with the same Idempotency-Key"
							+ " (it cannot charge twice), or a charge that went through is refunded automatically.");
		}

	}

	/**
	 * The payment went through and the seats are the buyer's, but the order could not be
	 * stored yet (PostgreSQL unreachable): a retry with the same Idempotency-Key stores
	 * it; without one, the payment is refunded after a while.
	 */
	public static class OrderPending extends ProblemException {

		public OrderPending(UUID holdId) {
			super(HttpStatus.SERVICE_UNAVAILABLE, "order-pending",
					"Your payment went through but the order could not be stored yet. Retry with the same"
							+ " Idempotency-Key to complete it; if you do not, the payment is refunded automatically.");
			with("holdId", holdId.toString());
		}

	}

	/** The same Idempotency-Key was sent with a different request. */
	public static class IdempotencyKeyReused extends ProblemException {

		public IdempotencyKeyReused() {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"This Idempotency-Key was already used for a different purchase request");
		}

	}

	/** A stored outcome replayed for a retried Idempotency-Key. */
	static class Replayed extends ProblemException {

		Replayed(HttpStatus status, String slug, String detail) {
			super(status, slug, detail);
			with("replayed", true);
		}

	}

	/**
	 * The seats were sold elsewhere while this payment ran (only if Redis lost state);
	 * refunded.
	 */
	public static class SeatsLost extends ProblemException {

		public SeatsLost(List<String> seatIds) {
			super(HttpStatus.CONFLICT, "seat-unavailable",
					"Seats " + String.join(", ", seatIds) + " were sold to someone else; your payment was refunded.");
			with("unavailableSeatIds", seatIds);
			with("refunded", true);
		}

	}

	/**
	 * The order cannot be cancelled: the event started, a ticket was used or changed
	 * hands.
	 */
	/** The order is cancelled: it has no tickets to send. */
	public static class OrderCancelled extends ProblemException {

		public OrderCancelled(UUID orderId) {
			super(HttpStatus.CONFLICT, "order-cancelled",
					"Order " + orderId + " is cancelled; it has no tickets to send.");
			with("orderId", orderId.toString());
		}

	}

	public static class NotCancellable extends ProblemException {

		public NotCancellable(UUID orderId, String reason, String detail) {
			super(HttpStatus.CONFLICT, "order-not-cancellable", detail);
			with("orderId", orderId.toString());
			with("reason", reason);
		}

	}

	/** A resale the rules do not allow ({@code reason} says which rule). */
	public static class ResaleNotAllowed extends ProblemException {

		public ResaleNotAllowed(String reason, String detail) {
			super(HttpStatus.CONFLICT, "resale-not-allowed", detail);
			with("reason", reason);
		}

	}

	/** No such listing or ticket of the caller's. */
	public static class ResaleListingNotFound extends ProblemException {

		public ResaleListingNotFound(String detail) {
			super(HttpStatus.NOT_FOUND, "resale-listing-not-found", detail);
		}

	}

	/** A resale price above what the ticket cost, or above the event's cap. */
	public static class ResalePriceTooHigh extends ProblemException {

		public ResalePriceTooHigh(UUID ticketId, long priceMinor, long capMinor, long faceMinor, int capPercent) {
			super(HttpStatus.CONFLICT, "resale-price-too-high", "Ticket " + ticketId + " can be resold for at most "
					+ capMinor + " (" + capPercent + " % of its price, " + faceMinor + "), not " + priceMinor + ".");
			with("ticketId", ticketId.toString());
			with("maxPriceMinor", capMinor);
		}

	}

	/**
	 * A resale seat's listing ended (withdrawn, its ticket scanned or transferred) before
	 * the purchase completed: nothing was charged, or the charge was refunded.
	 */
	public static class ResaleEnded extends ProblemException {

		public ResaleEnded(List<String> seatIds, boolean refunded) {
			super(HttpStatus.CONFLICT, "resale-ended",
					"The resale of seat(s) " + String.join(", ", seatIds) + " ended before your purchase completed; "
							+ (refunded ? "the payment was refunded." : "nothing was charged."));
			with("seatIds", List.copyOf(seatIds));
		}

	}

}
