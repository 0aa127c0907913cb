package dev.marquee.pricing;

import java.util.UUID;

import dev.marquee.shared.NotFound;

/** No price rule of the event has that id. */
public class PriceRuleNotFound extends NotFound {

	public PriceRuleNotFound(UUID ruleId) {
		this(ruleId.toString());
	}

	/** For an id as it came in, perhaps not even a UUID. */
	public PriceRuleNotFound(String ruleId) {
		super("price-rule-not-found", "No price rule with id " + ruleId);
		with("ruleId", ruleId);
	}

}
