package dev.marquee.hold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.shared.Money;

/**
 * A coat-check tag: these seats are held for this user until {@code expiresAt}, at the
 * prices locked in when it was placed ({@code prices}, one per seat in the order of
 * {@code seatIds}, summing to {@code total}; {@code null} for a hold placed before prices
 * were locked per seat).
 */
public record Hold(HoldId holdId, EventId eventId, String userId, List<String> seatIds, Instant expiresAt, Money total,
		Status status, Instant createdAt, UUID orderId, List<SeatPrice> prices) {

	/** A hold without per-seat prices. */
	public Hold(HoldId holdId, EventId eventId, String userId, List<String> seatIds, Instant expiresAt, Money total,
			Status status, Instant createdAt, UUID orderId) {
		this(holdId, eventId, userId, seatIds, expiresAt, total, status, createdAt, orderId, null);
	}

	/**
	 * One seat's locked price and the price rule (its id and version) that set it;
	 * {@code ruleId} null: the tier's base price.
	 */
	public record SeatPrice(String seatId, Money price, UUID ruleId, Integer ruleVersion) {

		/**
		 * As the hold record keeps it: {@code amount} or {@code amount:ruleId:version}.
		 */
		public String encoded() {
			return ruleId == null ? String.valueOf(price.amountMinor())
					: price.amountMinor() + ":" + ruleId + ":" + ruleVersion;
		}

		/** Read back from {@link #encoded()}. */
		public static SeatPrice decode(String seatId, String encoded, String currency) {
			String[] parts = encoded.split(":");
			Money price = new Money(Long.parseLong(parts[0]), currency);
			return parts.length < 3 ? new SeatPrice(seatId, price, null, null)
					: new SeatPrice(seatId, price, UUID.fromString(parts[1]), Integer.valueOf(parts[2]));
		}

	}

	/**
	 * The most seats (or general-admission places) one hold takes, whatever the event
	 * allows.
	 */
	public static final int MAX_SEATS = 100;

	/** What a client sees; a hold whose payment is in flight still reads ACTIVE. */
	public enum Status {

		ACTIVE, EXPIRED, RELEASED, PURCHASED

	}

}
