package dev.marquee.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.Range;

import dev.marquee.shared.CleanText;
import dev.marquee.shared.Text;
import dev.marquee.shared.Violations;

/**
 * What an admin sends to put an event on sale. The rules of single fields are its
 * constraints; the rules between fields and those that need the venue are checked in
 * code, by {@link #validateShape} and {@link #validateAgainst}.
 */
public record CreateEvent(String venueId, @CleanText(max = 200, message = "must be 1-200 characters") String name,
		@NotNull(message = "is required (ISO-8601, e.g. 2026-12-01T20:00:00Z)") Instant startsAt,
		@NotNull(message = "is required (ISO-8601)") Instant onSaleAt,
		@Range(min = 1, max = 3600, message = "must be between 1 and 3600") Integer holdTtlSeconds,
		@Range(min = 1, max = 100, message = "must be between 1 and 100") Integer maxTicketsPerUser,
		@NotEmpty(message = "must give a price for every price tier of the venue") Map<String, @NotNull(
				message = "must be {amountMinor, currency}") @Valid PriceSpec> prices,
		QueueSpec queue, List<String> blockedSeatIds,
		@Range(min = 0, max = 8760,
				message = "must be between 0 and 8760 hours before the event starts") Integer refundCutoffHours,
		Boolean draft, String performer, String category) {

	/** An event as it was sent before performers and categories. */
	public CreateEvent(String venueId, String name, Instant startsAt, Instant onSaleAt, Integer holdTtlSeconds,
			Integer maxTicketsPerUser, Map<String, PriceSpec> prices, QueueSpec queue, List<String> blockedSeatIds,
			Integer refundCutoffHours, Boolean draft) {
		this(venueId, name, startsAt, onSaleAt, holdTtlSeconds, maxTicketsPerUser, prices, queue, blockedSeatIds,
				refundCutoffHours, draft, null, null);
	}

	/** An event as it was sent before drafts: published at once. */
	public CreateEvent(String venueId, String name, Instant startsAt, Instant onSaleAt, Integer holdTtlSeconds,
			Integer maxTicketsPerUser, Map<String, PriceSpec> prices, QueueSpec queue, List<String> blockedSeatIds,
			Integer refundCutoffHours) {
		this(venueId, name, startsAt, onSaleAt, holdTtlSeconds, maxTicketsPerUser, prices, queue, blockedSeatIds,
				refundCutoffHours, null);
	}

	static final int DEFAULT_REFUND_CUTOFF_HOURS = 48;

	static final int DEFAULT_HOLD_TTL_SECONDS = 600;

	static final int DEFAULT_MAX_TICKETS_PER_USER = 8;

	/** A price as sent: minor units and a currency. */
	public record PriceSpec(
			@NotNull(message = "must be between 0 and 100000000 (minor units)") @Range(min = 0, max = 100_000_000,
					message = "must be between 0 and 100000000 (minor units)") Long amountMinor,
			@NotNull(message = "must be a three-letter ISO-4217 code such as USD") @Pattern(regexp = "[A-Z]{3}",
					message = "must be a three-letter ISO-4217 code such as USD") String currency) {
	}

	/**
	 * Whether the event is protected by the waiting room, and how fast it admits. The
	 * admission rate is checked in code: it is required, and bounded, only when the queue
	 * is enabled.
	 */
	public record QueueSpec(Boolean enabled, Integer admitPerMinute) {
	}

	/**
	 * Checks everything that needs no venue: places the constraints' violations (in
	 * {@code v}, from {@link Violations#of}) in the order the fields have always been
	 * reported, among the rules between fields; returns the venue id if it is well
	 * formed.
	 */
	UUID validateShape(Violations v) {
		UUID venue = null;
		try {
			venue = venueId == null ? null : UUID.fromString(venueId);
		}
		catch (IllegalArgumentException ex) {
			// reported below; parsed rather than matched, so any id UUID.fromString reads
			// is one
		}
		v.check(venue != null, "venueId", "must be the UUID of a venue");
		v.constraints("name", "startsAt", "onSaleAt");
		v.check(startsAt == null || onSaleAt == null || onSaleAt.isBefore(startsAt), "onSaleAt",
				"must be before startsAt");
		v.constraints("holdTtlSeconds", "maxTicketsPerUser", "prices");
		if (prices != null) {
			String currency = null;
			for (var entry : prices.entrySet()) {
				String at = "prices." + entry.getKey();
				v.constraints(at, at + ".amountMinor");
				if (v.constraints(at + ".currency") && entry.getValue() != null) {
					String given = entry.getValue().currency();
					v.check(currency == null || currency.equals(given), at + ".currency",
							"all prices of an event must share one currency");
					currency = currency == null ? given : currency;
				}
			}
		}
		v.constraints("refundCutoffHours");
		v.check(performer == null || performer.isEmpty() || Text.isClean(performer, 200), "performer",
				"must be 1-200 characters");
		v.check(category == null || category.isEmpty() || Text.isClean(category, 100), "category",
				"must be 1-100 characters");
		if (queue != null) {
			boolean enabled = Boolean.TRUE.equals(queue.enabled());
			v.check(!enabled || (queue.admitPerMinute() != null && queue.admitPerMinute() >= 1
					&& queue.admitPerMinute() <= 1_000_000), "queue.admitPerMinute",
					"must be between 1 and 1000000 when the queue is enabled");
		}
		return venue;
	}

	/**
	 * Checks what depends on the venue: a price for each tier, blocked seats that exist.
	 */
	void validateAgainst(VenueLayout layout, Violations v) {
		if (prices != null && !prices.isEmpty()) {
			layout.priceTiers()
				.stream()
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
