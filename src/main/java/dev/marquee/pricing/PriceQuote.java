package dev.marquee.pricing;

import java.time.Instant;

import dev.marquee.shared.Money;

/**
 * A tier's price at one moment: the base price of the event or the rule's, which rule
 * ({@code null}: the base price) and until when it holds as far as time goes
 * ({@code null}: no time window of the tier starts or ends later; a demand step may still
 * change it as seats sell).
 */
public record PriceQuote(String tier, Money price, Money basePrice, PriceRule rule, Instant validUntil) {

	public boolean dynamic() {
		return rule != null;
	}

}
