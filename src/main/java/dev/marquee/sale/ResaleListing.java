package dev.marquee.sale;

import java.time.Instant;
import java.util.UUID;

import dev.marquee.shared.Money;

/**
 * A ticket offered again by its holder at no more than its price: OPEN until a buyer's
 * purchase claims it (SOLD), its seller withdraws it (WITHDRAWN), or it ends
 * ({@link #endReason}: the ticket was scanned in or transferred, the event started or was
 * cancelled, the seller's order cancelled). A SOLD listing carries the buyer's order and
 * the seller's payout.
 */
public record ResaleListing(UUID id, UUID eventId, UUID ticketId, String seatId, String sellerId, int codeVersion,
		Money price, Money faceValue, Status status, String endReason, Instant createdAt, Instant closedAt,
		UUID buyerOrderId, UUID buyerTicketId, PayoutStatus payout) {

	/** Where a listing stands. */
	public enum Status {

		OPEN, SOLD, WITHDRAWN, ENDED

	}

	/** The seller's payout of a SOLD listing (NONE before). */
	public enum PayoutStatus {

		NONE, PENDING, PAID

	}

}
