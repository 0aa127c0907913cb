package dev.marquee.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.marquee.shared.Violations;

/**
 * What an admin sends to put an event on sale.
 */
public record CreateEvent(String venueId, String name, Instant startsAt, Instant onSaleAt, Integer holdTtlSeconds,
		Integer maxTicketsPerUser, Map<String, PriceSpec> prices, QueueSpec queue, List<String> blockedSeatIds,
		Integer refundCutoffHours) {

	static final int DEFAULT_REFUND_CUTOFF_HOURS = 48;

	static final int DEFAULT_HOLD_TTL_SECONDS = 600;

	static final int DEFAULT_MAX_TICKETS_PER_USER = 8;

	/** A price as sent: minor units and a currency. */
	public record PriceSpec(Long amountMinor, String currency) {
	}

	/** Whether the event is protected by the waiting room, and how fast it admits. */
	public record QueueSpec(Boolean enabled, Integer admitPerMinute) {
	}

	/** Checks everything that needs no venue; returns the venue id if it is well formed. */
	UUID validateShape(Violations v) {
		UUID venue = null;
		try {
			venue = venueId == null ? null : UUID.fromString(venueId);
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		v.check(venue != null, "venueId", "must be the UUID of a venue");
		v.check(CreateVenue.hasText(name, 200), "name", "must be 1-200 characters");
		v.check(startsAt != null, "startsAt", "is required (ISO-8601, e.g. 2026-12-01T20:00:00Z)");
		v.check(onSaleAt != null, "onSaleAt", "is required (ISO-8601)");
		v.check(startsAt == null || onSaleAt == null || onSaleAt.isBefore(startsAt), "onSaleAt",
				"must be before startsAt");
		v.check(holdTtlSeconds == null || (holdTtlSeconds >= 1 && holdTtlSeconds <= 3600), "holdTtlSeconds",
				"must be between 1 and 3600");
		v.check(maxTicketsPerUser == null || (maxTicketsPerUser >= 1 && maxTicketsPerUser <= 100),
				"maxTicketsPerUser", "must be between 1 and 100");
		if (prices == null || prices.isEmpty()) {
			v.add("prices", "must give a price for every price tier of the venue");
		}
		else {
			String currency = null;
			for (var entry : prices.entrySet()) {
				String at = "prices." + entry.getKey();
				PriceSpec price = entry.getValue();
				if (price == null) {
					v.add(at, "must be {amountMinor, currency}");
					continue;
				}
				v.check(price.amountMinor() != null && price.amountMinor() >= 0 && price.amountMinor() <= 100_000_000,
						at + ".amountMinor", "must be between 0 and 100000000 (minor units)");
				boolean currencyOk = price.currency() != null && price.currency().matches("[A-Z]{3}");
				v.check(currencyOk, at + ".currency", "must be a three-letter ISO-4217 code such as USD");
				if (currencyOk) {
					v.check(currency == null || currency.equals(price.currency()), at + ".currency",
							"all prices of an event must share one currency");
					currency = currency == null ? price.currency() : currency;
				}
			}
		}
		v.check(refundCutoffHours == null || (refundCutoffHours >= 0 && refundCutoffHours <= 8760), "refundCutoffHours",
				"must be between 0 and 8760 hours before the event starts");
		if (queue != null) {
			boolean enabled = Boolean.TRUE.equals(queue.enabled());
			v.check(!enabled || (queue.admitPerMinute() != null && queue.admitPerMinute() >= 1
					&& queue.admitPerMinute() <= 1_000_000), "queue.admitPerMinute",
					"must be between 1 and 1000000 when the queue is enabled");
		}
		return venue;
	}

	/** Checks what depends on the venue: a price for each tier, blocked seats that exist. */
	void validateAgainst(VenueLayout layout, Violations v) {
		if (prices != null && !prices.isEmpty()) {
			layout.sections().stream().map(VenueLayout.Section::priceTier).distinct()
				.filter(tier -> !prices.containsKey(tier))
				.forEach(tier -> v.add("prices." + tier, "is missing: the venue has seats in this price tier"));
		}
		if (blockedSeatIds != null) {
			for (int i = 0; i < blockedSeatIds.size(); i++) {
				String seat = blockedSeatIds.get(i);
				v.check(seat != null && layout.contains(seat), "blockedSeatIds[" + i + "]",
						"is not a seat of this venue");
			}
		}
	}

}
