package dev.marquee.hold.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.SeatPricing;
import dev.marquee.pricing.PriceQuote;
import dev.marquee.pricing.PriceRule;
import dev.marquee.shared.Money;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The price each tier is held at now (public, for the seat map's legend): the base price
 * moved by the event's price rules, the rule that applies, and until when.
 */
@RestController
class PriceController {

	private final SeatPricing pricing;

	PriceController(SeatPricing pricing) {
		this.pricing = pricing;
	}

	@GetMapping("/api/v1/events/{eventId}/prices")
	Mono<PricesView> prices(@PathVariable String eventId) {
		return Mono.defer(() -> pricing.current(EventId.parse(eventId))).map(PricesView::of);
	}

	/**
	 * {@code soldShare}: the share of the event's seats sold (rounded to 4 decimals),
	 * which demand steps go by.
	 */
	record PricesView(UUID eventId, Instant at, BigDecimal soldShare, List<TierView> tiers) {

		static PricesView of(SeatPricing.Current current) {
			return new PricesView(current.eventId().value(), current.at(),
					BigDecimal.valueOf(current.soldShare()).setScale(4, RoundingMode.DOWN).stripTrailingZeros(),
					current.tiers().stream().map(TierView::of).toList());
		}

	}

	/**
	 * A tier's price now, its base price, the rule that sets it (absent: the base price)
	 * and {@code validUntil}, when a time window of the tier next starts or ends (absent:
	 * none does; a demand step may still change it as seats sell).
	 */
	record TierView(String tier, Money price, Money basePrice, TierRuleView rule, Instant validUntil) {

		static TierView of(PriceQuote quote) {
			PriceRule rule = quote.rule();
			return new TierView(
					quote.tier(), quote.price(), quote.basePrice(), rule == null ? null : new TierRuleView(rule.id(),
							rule.kind(), rule.label(), rule.until(), rule.minShare(), rule.version()),
					quote.validUntil());
		}

	}

	record TierRuleView(UUID ruleId, PriceRule.Kind kind, String label, Instant until, BigDecimal minShare,
			int version) {
	}

}
