package dev.marquee.hold;

import java.util.Map;

import dev.marquee.catalog.EventSetup;

/**
 * The prices best available ranks and filters by, seat by seat: each tier's price of this
 * moment (its price rules applied, as a hold would charge it), and a seat listed for
 * resale at its listing's price.
 */
record ScanPrices(Map<String, Long> tiers, Map<String, Long> resale) {

	/** The event's base prices, no seat listed: what a look without pricing sees. */
	static ScanPrices base(EventSetup setup) {
		return new ScanPrices(setup.event().pricesMinor(), Map.of());
	}

	/** The price of the seat at {@code index} (in layout order) of this row. */
	long of(EventSetup setup, int index, String seatId) {
		if (!this.resale.isEmpty()) {
			Long listed = this.resale.get(seatId);
			if (listed != null) {
				return listed;
			}
		}
		return this.tiers.get(setup.layout().priceTierAt(index));
	}

}
