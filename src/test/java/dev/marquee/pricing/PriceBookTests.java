package dev.marquee.pricing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.EventStatus;
import dev.marquee.catalog.Venue;
import dev.marquee.catalog.VenueLayout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precedence of price rules, without a server: the highest priority wins, then among
 * demand steps the highest threshold reached; no rule applies, the base price; the quote
 * says when a window next starts or ends; and what the writer refuses as ambiguous.
 */
class PriceBookTests {

	static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	static final EventSetup SETUP = setup();

	static EventSetup setup() {
		Event event = new Event(EventId.of(UUID.randomUUID()), UUID.randomUUID(), "Night", NOW.plus(Duration.ofDays(9)),
				NOW.minus(Duration.ofDays(9)), 600, 8, "EUR", Map.of("std", 5000L, "box", 9000L), Set.of("S-A-1"),
				false, null, 48, NOW, EventStatus.PUBLISHED);
		Venue venue = new Venue(event.venueId(), "Hall", "Porto",
				new VenueLayout(List.of(
						new VenueLayout.Section("S", "Stalls", "std", List.of(new VenueLayout.Row("A", 10)), null),
						new VenueLayout.Section("B", "Boxes", "box", List.of(new VenueLayout.Row("A", 1)), null))),
				NOW);
		return new EventSetup(event, venue);
	}

	static PriceRule window(long price, int priority, Instant from, Instant until) {
		return new PriceRule(UUID.randomUUID(), SETUP.event().id().value(), "std", PriceRule.Kind.TIME_WINDOW, null,
				from, until, null, price, priority, 1, NOW, NOW);
	}

	static PriceRule step(long price, int priority, String share) {
		return new PriceRule(UUID.randomUUID(), SETUP.event().id().value(), "std", PriceRule.Kind.DEMAND_STEP, null,
				null, null, new BigDecimal(share), price, priority, 1, NOW, NOW);
	}

	@Test
	void theHighestPriorityWinsThenTheHighestThresholdReached() {
		PriceRule early = window(3000, 0, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofHours(2)));
		PriceRule half = step(7000, 1, "0.5");
		PriceRule most = step(8000, 1, "0.8");
		PriceBook book = new PriceBook(SETUP, List.of(early, half, most));

		assertThat(book.quote("std", NOW, 0.1).rule()).isEqualTo(early);
		assertThat(book.quote("std", NOW, 0.5).rule()).isEqualTo(half);
		assertThat(book.quote("std", NOW, 0.9).rule()).isEqualTo(most);
		assertThat(book.quote("std", NOW, 0.9).price().amountMinor()).isEqualTo(8000);
		// past the window and below every step: the base price
		PriceQuote later = book.quote("std", NOW.plus(Duration.ofHours(3)), 0.1);
		assertThat(later.rule()).isNull();
		assertThat(later.price().amountMinor()).isEqualTo(5000);
		// another tier has no rules
		assertThat(book.quote("box", NOW, 0.9).price().amountMinor()).isEqualTo(9000);
	}

	@Test
	void aWindowAppliesFromItsStartUntilJustBeforeItsEndAndTheQuoteSaysWhenItChanges() {
		Instant from = NOW.plus(Duration.ofHours(1));
		Instant until = NOW.plus(Duration.ofHours(5));
		PriceBook book = new PriceBook(SETUP, List.of(window(9500, 0, from, until)));

		assertThat(book.quote("std", NOW, 0).validUntil()).isEqualTo(from);
		assertThat(book.quote("std", from, 0).price().amountMinor()).isEqualTo(9500);
		assertThat(book.quote("std", from, 0).validUntil()).isEqualTo(until);
		assertThat(book.quote("std", until, 0).price().amountMinor()).isEqualTo(5000);
		assertThat(book.quote("std", until, 0).validUntil()).isNull();
		assertThat(book.needsSoldShare()).isFalse();
	}

	@Test
	void theSoldShareCountsSellableSeatsOnly() {
		PriceBook book = new PriceBook(SETUP, List.of(step(7000, 0, "0.5")));
		// 11 seats, one blocked: 5 sold is half
		assertThat(book.soldShare(5)).isEqualTo(0.5);
		assertThat(book.needsSoldShare()).isTrue();
		assertThat(book.at(NOW, book.soldShare(5)).ofSeat("S-A-2").price().amountMinor()).isEqualTo(7000);
		assertThat(book.at(NOW, book.soldShare(4)).ofSeat("S-A-2").price().amountMinor()).isEqualTo(5000);
	}

	@Test
	void rulesThatCouldApplyAtOnceWithoutARankAreAmbiguous() {
		Instant day = NOW.plus(Duration.ofDays(1));
		assertThat(PriceRules.ambiguous(window(1, 0, NOW, day), window(2, 0, NOW.plus(Duration.ofHours(1)), day)))
			.isTrue();
		// touching windows do not overlap: until is exclusive
		assertThat(PriceRules.ambiguous(window(1, 0, NOW, day), window(2, 0, day, day.plus(Duration.ofDays(1)))))
			.isFalse();
		assertThat(PriceRules.ambiguous(window(1, 0, NOW, day), window(2, 1, NOW, day))).isFalse();
		assertThat(PriceRules.ambiguous(step(1, 0, "0.5"), step(2, 0, "0.50"))).isTrue();
		assertThat(PriceRules.ambiguous(step(1, 0, "0.5"), step(2, 0, "0.6"))).isFalse();
		assertThat(PriceRules.ambiguous(step(1, 0, "0.5"), window(2, 0, NOW, day))).isTrue();
	}

}
