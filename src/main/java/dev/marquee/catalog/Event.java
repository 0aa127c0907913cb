package dev.marquee.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.marquee.shared.Money;
import dev.marquee.shared.Timestamps;

/**
 * A show on a venue: when it starts and goes on sale, its prices per tier, how long a
 * hold lasts how many tickets one buyer may have, and until when a cancellation is
 * refunded; and where it stands with its organizers ({@link EventStatus}); who performs
 * and what kind of show it is (both empty when not given), which search finds.
 */
public record Event(EventId id, UUID venueId, String name, Instant startsAt, Instant onSaleAt, int holdTtlSeconds,
		int maxTicketsPerUser, String currency, Map<String, Long> pricesMinor, Set<String> blockedSeatIds,
		boolean queueEnabled, Integer admitPerMinute, int refundCutoffHours, Instant createdAt, EventStatus status,
		String performer, String category) {

	/**
	 * Its times as PostgreSQL keeps them ({@link Timestamps}), so the event in hand is
	 * the one stored and a sale opens no later than it was asked to.
	 */
	public Event {
		startsAt = Timestamps.stored(startsAt);
		onSaleAt = Timestamps.stored(onSaleAt);
		createdAt = Timestamps.stored(createdAt);
	}

	/** An event as made before performers and categories: neither. */
	public Event(EventId id, UUID venueId, String name, Instant startsAt, Instant onSaleAt, int holdTtlSeconds,
			int maxTicketsPerUser, String currency, Map<String, Long> pricesMinor, Set<String> blockedSeatIds,
			boolean queueEnabled, Integer admitPerMinute, int refundCutoffHours, Instant createdAt,
			EventStatus status) {
		this(id, venueId, name, startsAt, onSaleAt, holdTtlSeconds, maxTicketsPerUser, currency, pricesMinor,
				blockedSeatIds, queueEnabled, admitPerMinute, refundCutoffHours, createdAt, status, "", "");
	}

	/**
	 * Until when a cancelled order is refunded in full; after that, cancelling refunds
	 * nothing.
	 */
	public Instant refundUntil() {
		return startsAt.minus(Duration.ofHours(refundCutoffHours));
	}

	/** Whether buyers may buy for it (at the right time): published, not cancelled. */
	public boolean published() {
		return status == EventStatus.PUBLISHED;
	}

	public Money price(String tier) {
		return new Money(pricesMinor.get(tier), currency);
	}

}
