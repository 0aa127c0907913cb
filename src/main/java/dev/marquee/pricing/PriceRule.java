package dev.marquee.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One organizer's rule for a tier of an event: an absolute price (minor units of the
 * event's currency) that applies within a time window ({@code from} inclusive,
 * {@code until} exclusive) or once the event's sold share reaches {@code minShare}. Of
 * the rules of a tier that apply at once, the highest {@code priority} wins; among demand
 * steps of one priority, the highest threshold reached ({@link #rank}). {@code version}
 * grows with every replace; each version is kept in the rule history, so an audited price
 * names the exact rule it came from.
 */
public record PriceRule(UUID id, UUID eventId, String tier, Kind kind, String label, Instant from, Instant until,
		BigDecimal minShare, long priceMinor, int priority, int version, Instant createdAt, Instant updatedAt) {

	/** What makes a rule apply. */
	public enum Kind {

		/** From {@code from} (inclusive) until {@code until} (exclusive). */
		TIME_WINDOW,

		/** Once the share of the event's seats sold reaches {@code minShare}. */
		DEMAND_STEP

	}

	/**
	 * Whether the rule applies at {@code now} with {@code soldShare} of the seats sold.
	 */
	public boolean appliesAt(Instant now, double soldShare) {
		return switch (kind) {
			case TIME_WINDOW -> !now.isBefore(from) && now.isBefore(until);
			case DEMAND_STEP -> soldShare >= minShare.doubleValue();
		};
	}

	/**
	 * The rule's rank among the rules of its tier that apply at once (greater wins):
	 * priority first, then a demand step's threshold.
	 */
	double rank() {
		return priority * 10.0 + (kind == Kind.DEMAND_STEP ? minShare.doubleValue() : 0.0);
	}

}
