package dev.marquee.hold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.shared.Money;

/**
 * A coat-check tag: these seats are held for this user until {@code expiresAt}.
 */
public record Hold(UUID holdId, UUID eventId, String userId, List<String> seatIds, Instant expiresAt, Money total,
		Status status, Instant createdAt, UUID orderId) {

	/** What a client sees; a hold whose payment is in flight still reads ACTIVE. */
	public enum Status {

		ACTIVE, EXPIRED, RELEASED, PURCHASED

	}

}
