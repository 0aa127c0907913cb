package dev.marquee.catalog;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.marquee.shared.Money;

/**
 * A show on a venue: when it starts and goes on sale, its prices per tier, how long a hold lasts
 * and how many tickets one buyer may have.
 */
public record Event(UUID id, UUID venueId, String name, Instant startsAt, Instant onSaleAt, int holdTtlSeconds,
		int maxTicketsPerUser, String currency, Map<String, Long> pricesMinor, Set<String> blockedSeatIds,
		boolean queueEnabled, Integer admitPerMinute, Instant createdAt) {

	public Money price(String tier) {
		return new Money(pricesMinor.get(tier), currency);
	}

}
