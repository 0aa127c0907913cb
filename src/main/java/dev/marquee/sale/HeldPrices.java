package dev.marquee.sale;

import java.util.ArrayList;
import java.util.List;

import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.Hold;
import dev.marquee.pricing.PriceAudit;
import dev.marquee.shared.Money;

/**
 * What each seat of a hold is charged: the price locked into the hold when it was placed
 * (never the catalog's price of the moment of purchase, nor a rule changed since). A hold
 * placed before prices were locked per seat was priced at the catalog's prices, which are
 * used then; should those not add up to the hold's total, the total is split in
 * proportion to them, so the tickets always add up to what was charged.
 */
final class HeldPrices {

	private HeldPrices() {
	}

	static PriceAudit of(Hold hold, EventSetup setup) {
		List<String> seats = hold.seatIds();
		List<PriceAudit.Line> lines = new ArrayList<>(seats.size());
		List<Hold.SeatPrice> held = hold.prices();
		if (held != null && held.size() == seats.size()
				&& held.stream().mapToLong(p -> p.price().amountMinor()).sum() == hold.total().amountMinor()) {
			for (Hold.SeatPrice price : held) {
				lines.add(new PriceAudit.Line(price.seatId(), setup.layout().priceTierOf(price.seatId()), price.price(),
						setup.priceOf(price.seatId()), price.ruleId(), price.ruleVersion()));
			}
			return new PriceAudit(hold.holdId().value(), hold.createdAt(), lines);
		}
		long catalogTotal = seats.stream().mapToLong(seat -> setup.priceOf(seat).amountMinor()).sum();
		long total = hold.total().amountMinor();
		long left = total;
		for (int i = 0; i < seats.size(); i++) {
			String seat = seats.get(i);
			Money base = setup.priceOf(seat);
			long amount;
			if (catalogTotal == total) {
				amount = base.amountMinor();
			}
			else if (i == seats.size() - 1) {
				amount = left;
			}
			else {
				amount = catalogTotal == 0 ? total / seats.size()
						: Math.multiplyExact(base.amountMinor(), total) / catalogTotal;
			}
			left -= amount;
			lines.add(new PriceAudit.Line(seat, setup.layout().priceTierOf(seat),
					new Money(amount, hold.total().currency()), base, null, null));
		}
		return new PriceAudit(hold.holdId().value(), hold.createdAt(), lines);
	}

}
