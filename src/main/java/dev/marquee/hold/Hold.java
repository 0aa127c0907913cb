package dev.marquee.hold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

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
	 * {@code ruleId} null: the tier's base price. {@code resale} true: the seat was held
	 * from a resale listing, at the listing's price (null otherwise, and left out of the
	 * JSON).
	 */
	public record SeatPrice(String seatId, Money price, UUID ruleId, Integer ruleVersion,
			@JsonInclude(JsonInclude.Include.NON_NULL) Boolean resale) {

		/** A seat at a catalog price. */
		public SeatPrice(String seatId, Money price, UUID ruleId, Integer ruleVersion) {
			this(seatId, price, ruleId, ruleVersion, null);
		}

		/** Whether the seat was held from a resale listing. */
		public boolean fromResale() {
			return Boolean.TRUE.equals(resale);
		}

		/**
		 * As the hold record keeps it: {@code amount}, {@code amount:ruleId:version}, or
		 * {@code amount:R} for a seat held from a resale listing (written by hold.lua).
		 */
		public String encoded() {
			if (fromResale()) {
				return price.amountMinor() + ":R";
			}
			return ruleId == null ? String.valueOf(price.amountMinor())
					: price.amountMinor() + ":" + ruleId + ":" + ruleVersion;
		}

		/** Read back from {@link #encoded()}. */
		public static SeatPrice decode(String seatId, String encoded, String currency) {
			String[] parts = encoded.split(":");
			Money price = new Money(Long.parseLong(parts[0]), currency);
			if (parts.length == 2 && parts[1].equals("R")) {
				return new SeatPrice(seatId, price, null, null, true);
			}
			return parts.length < 3 ? new SeatPrice(seatId, price, null, null)
					: new SeatPrice(seatId, price, UUID.fromString(parts[1]), Integer.valueOf(parts[2]));
		}

	}

	/**
	 * Whether some seat of the hold may be a resale listing's: one marked so, or any when
	 * the hold has no per-seat prices (placed before they were kept), since then nobody
	 * knows. A hold of catalog seats only needs no look at resale when it is bought.
	 */
	public boolean mayHoldResale() {
		return prices == null || prices.stream().anyMatch(SeatPrice::fromResale);
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
