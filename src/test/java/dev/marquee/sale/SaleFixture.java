package dev.marquee.sale;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.CreateEvent;
import dev.marquee.catalog.CreateVenue;
import dev.marquee.catalog.CreateVenue.RowSpec;
import dev.marquee.catalog.CreateVenue.SectionSpec;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.catalog.Venues;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldManagement;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * What the sale's module tests share: an event on sale with seats S-A-1.., a hold on some
 * of them, a purchase of it, and a record of the {@link SeatsSold} published (on
 * whichever thread the sale ends on, which Modulith's thread-bound {@code Scenario} would
 * miss).
 */
@TestConfiguration(proxyBeanMethods = false)
class SaleFixture {

	@Bean
	Sold sold() {
		return new Sold();
	}

	/** Every {@link SeatsSold} published. */
	static class Sold {

		final ConcurrentLinkedQueue<SeatsSold> events = new ConcurrentLinkedQueue<>();

		@EventListener
		void on(SeatsSold sold) {
			events.add(sold);
		}

		List<SeatsSold> of(UUID orderId) {
			return events.stream().filter(sold -> sold.orderId().equals(orderId)).toList();
		}

	}

	static Event event(CatalogManagement catalog, Venues venues, Instant now) {
		var venue = venues
			.createVenue(new CreateVenue("Hall", "Porto",
					List.of(new SectionSpec("S", "Stalls", "std", List.of(new RowSpec("A", 4)), null))))
			.block();
		return catalog
			.createEvent(new CreateEvent(venue.id().toString(), "Night", now.plus(Duration.ofDays(10)),
					now.minus(Duration.ofHours(1)), null, null, Map.of("std", new CreateEvent.PriceSpec(5000L, "EUR")),
					null, null, null))
			.block();
	}

	static String seat(int number) {
		return VenueLayout.seatId("S", "A", number);
	}

	static Order bought(CatalogManagement catalog, Venues venues, HoldManagement holds, PurchaseManagement purchases,
			String buyer, Instant now, int... seats) {
		Event event = event(catalog, venues, now);
		Hold hold = holds.hold(event.id(), buyer, Arrays.stream(seats).mapToObj(SaleFixture::seat).toList()).block();
		return purchases.purchase(hold.holdId(), buyer, new PaymentDetails("k-" + UUID.randomUUID(), "tok_visa"))
			.block()
			.order();
	}

}
