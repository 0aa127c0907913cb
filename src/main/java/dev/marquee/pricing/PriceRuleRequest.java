package dev.marquee.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A rule as an organizer sends it: {@code tier} of the event, {@code kind}
 * {@code TIME_WINDOW} (with {@code from} and {@code until}) or {@code DEMAND_STEP} (with
 * {@code minShare} in (0, 1]), {@code priceMinor} (in the event's currency, at least 0),
 * {@code priority} (default 0) and an optional {@code label} shown to buyers ("Early
 * bird").
 */
public record PriceRuleRequest(String tier, String kind, String label, Instant from, Instant until, BigDecimal minShare,
		Long priceMinor, Integer priority) {

}
