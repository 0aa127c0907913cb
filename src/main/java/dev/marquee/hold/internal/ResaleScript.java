package dev.marquee.hold.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.marquee.catalog.EventId;
import dev.marquee.shared.redis.LuaScript;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code redis/hold/resale.lua}: sold seats listed for resale (holdable, at the listing's
 * price) or taken off it; and the prices of listed seats. The resale hash keeps each
 * seat's price and seller ({@code price:sellerId}; an entry written before sellers were
 * kept is the price alone), so that the hold script prices a listed seat and refuses a
 * seller their own listing in the step that holds it, without another round trip.
 */
@Component
public class ResaleScript {

	private static final LuaScript<List<String>> SCRIPT = LuaScript.list("hold/seq", "hold/resale");

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	ResaleScript(ReactiveStringRedisTemplate redis, HoldKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** Seats whose listing changed, at {@code seq} (none, seq 0, if nothing did). */
	public record Changed(long seq, List<String> seatIds) {
	}

	/** A seat's listing: its price in minor units and its seller. */
	public record Listed(long priceMinor, String sellerId) {
	}

	/** Lists these seats (seat id to price and seller) if they are sold. */
	public Mono<Changed> list(EventId eventId, Map<String, Listed> listings) {
		List<String> args = new ArrayList<>(List.of("LIST"));
		listings.forEach((seat, listed) -> {
			args.add(seat);
			args.add(listed.priceMinor() + ":" + listed.sellerId());
		});
		return run(eventId, args);
	}

	/** Ends the listing of these seats. */
	public Mono<Changed> end(EventId eventId, List<String> seatIds) {
		List<String> args = new ArrayList<>(List.of("END"));
		args.addAll(seatIds);
		return run(eventId, args);
	}

	private Mono<Changed> run(EventId eventId, List<String> args) {
		return SCRIPT
			.run(this.redis,
					List.of(this.keys.seq(eventId), this.keys.sold(eventId), this.keys.resale(eventId),
							this.keys.heldSeats(eventId)),
					args)
			.map(answer -> new Changed(Long.parseLong(answer.get(0)), List.copyOf(answer.subList(1, answer.size()))));
	}

	/** Every seat of the event listed for resale, with its price. */
	public Mono<Map<String, Long>> listed(EventId eventId) {
		return this.redis.<String, String>opsForHash()
			.entries(this.keys.resale(eventId))
			.collectMap(Map.Entry::getKey, entry -> price(entry.getValue()));
	}

	/**
	 * Every seat of the event listed for resale, with its price and seller (null for an
	 * entry written before sellers were kept).
	 */
	public Mono<Map<String, Listed>> listings(EventId eventId) {
		return this.redis.<String, String>opsForHash()
			.entries(this.keys.resale(eventId))
			.collectMap(Map.Entry::getKey, entry -> listed(entry.getValue()));
	}

	static Listed listed(String value) {
		int colon = value.indexOf(':');
		return colon < 0 ? new Listed(Long.parseLong(value), null)
				: new Listed(Long.parseLong(value.substring(0, colon)), value.substring(colon + 1));
	}

	/** The price of a resale hash entry, {@code price:sellerId} or {@code price}. */
	static long price(String value) {
		int colon = value.indexOf(':');
		return Long.parseLong(colon < 0 ? value : value.substring(0, colon));
	}

}
