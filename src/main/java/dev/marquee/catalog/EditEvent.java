package dev.marquee.catalog;

import java.time.Instant;

import org.hibernate.validator.constraints.Range;

/**
 * What an organizer may change on an event while it sells; a field left out (null) stays
 * as it is. Prices, seats and the venue stay: buyers bought on them.
 *
 * @param name the event's name
 * @param onSaleAt when sales open
 * @param holdTtlSeconds how long a new hold lasts
 * @param maxTicketsPerUser how many tickets one buyer may have
 * @param refundCutoffHours until how long before the start a cancelled order is refunded
 * @param performer who performs (an empty string clears it)
 * @param category what kind of show it is (an empty string clears it)
 */
public record EditEvent(String name, Instant onSaleAt,
		@Range(min = 1, max = 3600, message = "must be between 1 and 3600") Integer holdTtlSeconds,
		@Range(min = 1, max = 100, message = "must be between 1 and 100") Integer maxTicketsPerUser,
		@Range(min = 0, max = 8760,
				message = "must be between 0 and 8760 hours before the event starts") Integer refundCutoffHours,
		String performer, String category) {

	/** An edit as it was sent before performers and categories. */
	public EditEvent(String name, Instant onSaleAt, Integer holdTtlSeconds, Integer maxTicketsPerUser,
			Integer refundCutoffHours) {
		this(name, onSaleAt, holdTtlSeconds, maxTicketsPerUser, refundCutoffHours, null, null);
	}

}
