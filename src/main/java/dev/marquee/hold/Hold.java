package dev.marquee.hold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.shared.Money;

/**
 * A coat-check tag: these seats are held for this user until {@code expiresAt}.
 */
public record Hold(HoldId holdId, EventId eventId, String userId, List<String> seatIds, Instant expiresAt, Money total,
		Status status, Instant createdAt, UUID orderId) {

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
