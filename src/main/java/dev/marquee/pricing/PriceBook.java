package dev.marquee.pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.marquee.catalog.EventSetup;
import dev.marquee.shared.Money;

/**
 * An event's base prices with its price rules, as cached on this node: evaluates a tier's
 * price at a moment and sold share. Immutable.
 */
public final class PriceBook {

	private static final Comparator<PriceRule> WINNER = Comparator.comparingDouble(PriceRule::rank)
		.thenComparing(PriceRule::id);

	private final EventSetup setup;

	private final Map<String, List<PriceRule>> byTier;

	private final boolean demandSteps;

	PriceBook(EventSetup setup, List<PriceRule> rules) {
		this.setup = setup;
		Map<String, List<PriceRule>> tiers = new HashMap<>();
		rules.forEach(rule -> tiers.computeIfAbsent(rule.tier(), t -> new ArrayList<>()).add(rule));
		tiers.replaceAll((tier, list) -> List.copyOf(list));
		this.byTier = Map.copyOf(tiers);
		this.demandSteps = rules.stream().anyMatch(rule -> rule.kind() == PriceRule.Kind.DEMAND_STEP);
	}

	/**
	 * Whether a price depends on the share sold: only then does the caller need to count
	 * the seats sold.
	 */
	public boolean needsSoldShare() {
		return demandSteps;
	}

	/** Whether any rule is set: without one every price is the catalog's. */
	public boolean hasRules() {
		return !byTier.isEmpty();
	}

	public EventSetup setup() {
		return setup;
	}

	/** The share of the event's sellable seats (not blocked) that {@code sold} is. */
	public double soldShare(long sold) {
		int sellable = setup.layout().seatCount() - setup.event().blockedSeatIds().size();
		return sellable <= 0 ? 1.0 : Math.min(1.0, (double) sold / sellable);
	}

	/** The tier's price at {@code now} with {@code soldShare} of the seats sold. */
	public PriceQuote quote(String tier, Instant now, double soldShare) {
		Money base = setup.event().price(tier);
		List<PriceRule> rules = byTier.getOrDefault(tier, List.of());
		if (rules.isEmpty()) {
			return new PriceQuote(tier, base, base, null, null);
		}
		PriceRule winner = rules.stream().filter(rule -> rule.appliesAt(now, soldShare)).max(WINNER).orElse(null);
		Instant until = null;
		for (PriceRule rule : rules) {
			if (rule.kind() == PriceRule.Kind.TIME_WINDOW) {
				for (Instant edge : new Instant[] { rule.from(), rule.until() }) {
					if (edge.isAfter(now) && (until == null || edge.isBefore(until))) {
						until = edge;
					}
				}
			}
		}
		Money price = winner == null ? base : new Money(winner.priceMinor(), base.currency());
		return new PriceQuote(tier, price, base, winner, until);
	}

	/** Every tier's price at {@code now} with {@code soldShare} of the seats sold. */
	public List<PriceQuote> quotes(Instant now, double soldShare) {
		return setup.event().pricesMinor().keySet().stream().map(tier -> quote(tier, now, soldShare)).toList();
	}

	/**
	 * The prices of one moment, looked up per seat (each tier evaluated once).
	 */
	public Prices at(Instant now, double soldShare) {
		return new Prices(this, now, soldShare);
	}

	/** The prices of one moment and sold share. */
	public static final class Prices {

		private final PriceBook book;

		private final Instant now;

		private final double soldShare;

		private final Map<String, PriceQuote> tiers = new HashMap<>();

		Prices(PriceBook book, Instant now, double soldShare) {
			this.book = book;
			this.now = now;
			this.soldShare = soldShare;
		}

		public PriceQuote ofSeat(String seatId) {
			return tiers.computeIfAbsent(book.setup.layout().priceTierOf(seatId),
					tier -> book.quote(tier, now, soldShare));
		}

		public double soldShare() {
			return soldShare;
		}

	}

}
