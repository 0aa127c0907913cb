package dev.marquee.sale;

/** Where a cancelled order's refund stands. */
public enum RefundStatus {

	/** Cancelled after the event's cut-off: nothing to refund. */
	NONE,
	/** Owed and not through yet: retried until the gateway takes it. */
	PENDING,
	/** Refunded. */
	REFUNDED

}
