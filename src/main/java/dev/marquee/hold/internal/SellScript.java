package dev.marquee.hold.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.shared.redis.LuaScript;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The scripts that move seats in and out of the event's sold set:
 * {@code redis/hold/sell.lua} (a PAYING hold's seats become sold), {@code unsell.lua}
 * (undone when the order could not be stored), {@code release-sold.lua} (a cancelled
 * order's seats go back on sale) and {@code touch.lua} (the seq moves on to announce a
 * sale made earlier).
 */
@Component
public class SellScript {

	private static final LuaScript<List<String>> SELL = LuaScript.list("hold/seq", "hold/sell");

	private static final LuaScript<List<String>> UNSELL = LuaScript.list("hold/seq", "hold/unsell");

	private static final LuaScript<List<String>> RELEASE_SOLD = LuaScript.list("hold/seq", "hold/release-sold");

	private static final LuaScript<Long> TOUCH = LuaScript.number("hold/seq", "hold/touch");

	private static final LuaScript<Long> RESOLD = LuaScript.number("hold/resold");

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	SellScript(ReactiveStringRedisTemplate redis, HoldKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** What became of a sale. */
	public sealed interface Outcome {

	}

	/** The hold's seats are sold, at {@code seq}. */
	public record Sold(long seq) implements Outcome {
	}

	/**
	 * The hold had lost some seats: it is over, and {@code freed} (still its own) went
	 * back on sale.
	 */
	public record Lost(Freed freed) implements Outcome {
	}

	/** The hold was not PAYING but {@code state}: nothing changed. */
	public record Gone(HoldState state) implements Outcome {
	}

	/**
	 * Seats that went back on sale at {@code seq} (none, and seq 0, if nothing changed):
	 * {@code seatIds} all of them, of which {@code resaleSeatIds} went back to resale and
	 * {@code soldSeatIds} stay sold (their listing ended while they were held).
	 */
	public record Freed(long seq, List<String> seatIds, List<String> resaleSeatIds, List<String> soldSeatIds) {

		public Freed(long seq, List<String> seatIds) {
			this(seq, seatIds, List.of(), List.of());
		}

		static Freed of(List<String> answer, int from) {
			List<List<String>> groups = groups(answer.subList(from + 1, answer.size()));
			List<String> all = new ArrayList<>();
			groups.forEach(all::addAll);
			return new Freed(Long.parseLong(answer.get(from)), List.copyOf(all), groups.get(1), groups.get(2));
		}

	}

	/**
	 * A script's freed seats, split at its {@code '|'} markers: free, back to resale,
	 * still sold (the last two empty when there is no marker).
	 */
	static List<List<String>> groups(List<String> seats) {
		List<List<String>> groups = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
		int group = 0;
		for (String seat : seats) {
			if ("|".equals(seat)) {
				group = Math.min(group + 1, 2);
			}
			else {
				groups.get(group).add(seat);
			}
		}
		return groups.stream().map(List::copyOf).toList();
	}

	public Mono<Outcome> sell(EventId eventId, HoldId holdId, UUID orderId) {
		List<String> scriptKeys = List.of(this.keys.seq(eventId), this.keys.sold(eventId), this.keys.heldSeats(eventId),
				this.keys.holds(eventId), this.keys.userHeld(eventId), this.keys.userBought(eventId),
				this.keys.hold(eventId, holdId), this.keys.resale(eventId));
		return SELL
			.run(this.redis, scriptKeys, List.of(holdId.toString(), orderId.toString(), this.keys.seatPrefix(eventId)))
			.map(answer -> switch (answer.get(0)) {
				case "OK" -> new Sold(Long.parseLong(answer.get(1)));
				case "LOST" -> new Lost(Freed.of(answer, 1));
				default -> new Gone(HoldState.of(answer.get(1)));
			});
	}

	/**
	 * Frees those of {@code seatIds} still sold, and marks the (PURCHASED) hold FAILED.
	 */
	public Mono<Freed> unsell(EventId eventId, HoldId holdId, List<String> seatIds) {
		return UNSELL.run(this.redis, List.of(this.keys.seq(eventId), this.keys.sold(eventId),
				this.keys.userBought(eventId), this.keys.hold(eventId, holdId)), seatIds)
			.map(answer -> Freed.of(answer, 0));
	}

	/**
	 * Frees those of {@code seatIds} still sold, off {@code userId}'s count. Repeating it
	 * frees nothing.
	 */
	public Mono<Freed> releaseSold(EventId eventId, String userId, List<String> seatIds) {
		List<String> args = new ArrayList<>(List.of(userId));
		args.addAll(seatIds);
		return RELEASE_SOLD.run(this.redis, List.of(this.keys.seq(eventId), this.keys.sold(eventId),
				this.keys.userBought(eventId), this.keys.resale(eventId)), args)
			.map(answer -> Freed.of(answer, 0));
	}

	/**
	 * A resale settled: each seller's resold seats (seller id to how many) leave their
	 * count of bought seats. Run once per settled resale.
	 */
	public Mono<Void> resold(EventId eventId, Map<String, Integer> bySeller) {
		if (bySeller.isEmpty()) {
			return Mono.empty();
		}
		List<String> args = new ArrayList<>();
		bySeller.forEach((seller, seats) -> {
			args.add(seller);
			args.add(String.valueOf(seats));
		});
		return RESOLD.run(this.redis, List.of(this.keys.userBought(eventId)), args).then();
	}

	/** Moves the seq on without changing a seat; answers the new seq. */
	public Mono<Long> touch(EventId eventId) {
		return TOUCH.run(this.redis, List.of(this.keys.seq(eventId)), List.of());
	}

}
