package dev.marquee.hold;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.hold.internal.HoldKeys;
import dev.marquee.pricing.PriceBook;
import dev.marquee.pricing.PriceQuote;
import dev.marquee.pricing.PriceRules;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The prices seats are held at now: the event's base prices moved by its price rules
 * (cached in memory per event) at the clock's instant and the event's sold share. The
 * seats sold are counted ({@code SCARD} of the event's sold set, one command in the
 * event's slot) only when the event has a demand step, so an event without one prices a
 * hold with no round trip at all.
 */
@Component
public class SeatPricing {

	private final PriceRules rules;

	private final CatalogManagement catalog;

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	private final Clock clock;

	SeatPricing(PriceRules rules, CatalogManagement catalog, ReactiveStringRedisTemplate redis, HoldKeys keys,
			Clock clock) {
		this.rules = rules;
		this.catalog = catalog;
		this.redis = redis;
		this.keys = keys;
		this.clock = clock;
	}

	/** The prices of this moment (evaluated at {@code now}), per seat. */
	Mono<PriceBook.Prices> at(EventSetup setup, Instant now) {
		return rules.book(setup).flatMap(book -> soldShare(book).map(share -> book.at(now, share)));
	}

	/**
	 * Each tier's price (minor units) at {@code now}: what best available ranks and
	 * filters by, so that it offers what a hold would charge.
	 */
	Mono<Map<String, Long>> tiersAt(EventSetup setup, Instant now) {
		return rules.book(setup).flatMap(book -> soldShare(book).map(share -> {
			Map<String, Long> tiers = new HashMap<>();
			book.quotes(now, share).forEach(quote -> tiers.put(quote.tier(), quote.price().amountMinor()));
			return tiers;
		}));
	}

	/**
	 * Each tier's price now (minor units): what {@code /seats} shows per seat.
	 */
	public Mono<Map<String, Long>> currentTiers(EventSetup setup) {
		return tiersAt(setup, clock.instant());
	}

	private Mono<Double> soldShare(PriceBook book) {
		if (!book.needsSoldShare()) {
			return Mono.just(0.0);
		}
		return redis.opsForSet().size(keys.sold(book.setup().event().id())).defaultIfEmpty(0L).map(book::soldShare);
	}

	/** The event's current price per tier, with the rule behind each. */
	public Mono<Current> current(EventId eventId) {
		return catalog.setup(eventId).flatMap(rules::book).flatMap(book -> soldShare(book).map(share -> {
			Instant now = clock.instant();
			return new Current(eventId, now, share, book.quotes(now, share));
		}));
	}

	/** Every tier's price at {@code at} with {@code soldShare} of the seats sold. */
	public record Current(EventId eventId, Instant at, double soldShare, List<PriceQuote> tiers) {
	}

}
