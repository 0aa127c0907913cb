package dev.marquee.hold;

import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.SeatCategory;
import dev.marquee.catalog.SeatGeometry;
import dev.marquee.catalog.VenueLayout;

/**
 * One row's seats as the search sees them: which it may offer (free, of the kind asked
 * for, within the price asked, at the prices of this moment: {@link ScanPrices}), where
 * its aisles are, and a block's wheelchair places, price per seat and distance from the
 * focal point (running sums, so each block costs the same whatever its size).
 */
final class RowScan {

	private final boolean[] usable;

	private final boolean[] aisleBefore;

	private final int[] wheelchairSum;

	private final double[] distanceSum;

	private final long[] priceSum;

	RowScan(VenueLayout.Row row, int start, String statuses, boolean accessibleWanted, SeatGeometry geometry,
			EventSetup setup, Long maxPrice, ScanPrices prices, String sectionCode) {
		int n = row.seats();
		this.usable = new boolean[n];
		this.aisleBefore = new boolean[n];
		this.wheelchairSum = new int[n + 1];
		this.distanceSum = new double[n + 1];
		this.priceSum = new long[n + 1];
		boolean marked = row.wheelchair() != null || row.companion() != null;
		long rowPrice = prices.tiers().get(setup.layout().priceTierAt(start));
		boolean perSeat = row.seatTiers() != null || !prices.resale().isEmpty();
		for (int k = 0; k < n; k++) {
			SeatCategory category = marked ? row.category(k) : SeatCategory.STANDARD;
			long price = perSeat ? prices.of(setup, start + k, row.seatId(sectionCode, k)) : rowPrice;
			usable[k] = BestAvailable.holdable(statuses.charAt(start + k))
					&& BestAvailable.accessible(category) == accessibleWanted
					&& (maxPrice == null || price <= maxPrice);
			wheelchairSum[k + 1] = wheelchairSum[k] + (category == SeatCategory.WHEELCHAIR ? 1 : 0);
			distanceSum[k + 1] = distanceSum[k] + geometry.distance(start + k);
			priceSum[k + 1] = priceSum[k] + price;
		}
		VenueLayout.Shape shape = row.shape();
		if (shape != null && shape.gapsAfter() != null) {
			for (int gap : shape.gapsAfter()) {
				aisleBefore[gap] = true;
			}
		}
	}

	boolean usable(int k) {
		return usable[k];
	}

	boolean aisleBefore(int k) {
		return aisleBefore[k];
	}

	int wheelchair(int first, int quantity) {
		return wheelchairSum[first + quantity] - wheelchairSum[first];
	}

	/** The block's price per seat (the mean, where seats of one row differ). */
	long price(int first, int quantity) {
		return (priceSum[first + quantity] - priceSum[first]) / quantity;
	}

	long distance(int first, int quantity) {
		return Math.round((distanceSum[first + quantity] - distanceSum[first]) * 100 / quantity);
	}

}
