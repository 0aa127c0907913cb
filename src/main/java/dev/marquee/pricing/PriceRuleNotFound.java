package dev.marquee.pricing;

import java.util.UUID;

import dev.marquee.shared.NotFound;

/** No price rule of the event has that id. */
public class PriceRuleNotFound extends NotFound {

	public PriceRuleNotFound(UUID ruleId) {
		super("price-rule-not-found", "No price rule with id " + ruleId);
		with("ruleId", ruleId.toString());
	}

}
