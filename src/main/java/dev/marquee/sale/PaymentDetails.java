package dev.marquee.sale;

import dev.marquee.shared.Text;
import dev.marquee.shared.Violations;

/**
 * How a purchase pays: the buyer's Idempotency-Key (one per purchase, repeated on
 * retries) and the card's payment token. Checked once, where the request comes in
 * ({@link #of}).
 *
 * @param idempotencyKey the buyer's key for this purchase
 * @param paymentToken the card's token, such as {@code tok_visa}
 */
public record PaymentDetails(String idempotencyKey, String paymentToken) {

	/**
	 * The details, or a validation problem naming each field that is missing or
	 * malformed.
	 */
	public static PaymentDetails of(String idempotencyKey, String paymentToken) {
		Violations v = new Violations();
		v.check(idempotencyKey == null || idempotencyKey.isBlank() || Text.isClean(idempotencyKey, 255),
				"Idempotency-Key", "must not contain control characters");
		v.check(idempotencyKey != null && !idempotencyKey.isBlank(), "Idempotency-Key",
				"header is required: a unique value per purchase, repeated on retries");
		v.check(idempotencyKey == null || idempotencyKey.length() <= 255, "Idempotency-Key",
				"must be at most 255 characters");
		v.check(Text.isClean(paymentToken, 255), "paymentToken", "is required: a payment token such as tok_visa");
		v.throwIfAny();
		return new PaymentDetails(idempotencyKey, paymentToken);
	}

}
