package dev.marquee.catalog;

import dev.marquee.shared.Money;

/**
 * An event together with the layout of its venue: everything needed to check and price
 * seats.
 */
public record EventSetup(Event event, Venue venue) {

	public VenueLayout layout() {
		return venue.layout();
	}

	public Money priceOf(String seatId) {
		return event.price(layout().priceTierOf(seatId));
	}

	public boolean isBlocked(String seatId) {
		return event.blockedSeatIds().contains(seatId);
	}

}
