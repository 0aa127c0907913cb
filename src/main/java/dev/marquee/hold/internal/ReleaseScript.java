package dev.marquee.hold.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.SeatsReleased;
import dev.marquee.shared.redis.LuaScript;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code redis/hold/release.lua}: ends an ACTIVE (or stuck PAYING) hold, by its owner or
 * by its countdown, exactly once.
 */
@Component
public class ReleaseScript {

	private static final LuaScript<List<String>> SCRIPT = LuaScript.list("hold/seq", "hold/release");

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	ReleaseScript(ReactiveStringRedisTemplate redis, HoldKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/**
	 * Who ends which hold and why: {@code owner} is the owner letting go, or null for the
	 * countdown; a PAYING hold is ended by its countdown only {@code paymentGrace} after
	 * it ran out.
	 */
	public record Input(EventId eventId, HoldId holdId, SeatsReleased.Reason reason, String owner, Instant now,
			Duration paymentGrace) {
	}

	/** What became of the hold. */
	public sealed interface Outcome {

	}

	/**
	 * This call ended it; {@code seatIds} (still its own) went back on sale at
	 * {@code seq}.
	 */
	public record Ended(long seq, List<String> seatIds, List<String> resaleSeatIds,
			List<String> soldSeatIds) implements Outcome {

		public Ended(long seq, List<String> seatIds) {
			this(seq, seatIds, List.of(), List.of());
		}

	}

	/** It had ended before, as {@code state}. */
	public record Final(HoldState state) implements Outcome {
	}

	/** Its payment is in flight. */
	public record Paying() implements Outcome {
	}

	/**
	 * Its seat keys still carry it: the countdown has not run out by Redis's reckoning.
	 */
	public record NotExpired() implements Outcome {
	}

	/** No such hold (or not the owner's). */
	public record NotFound() implements Outcome {
	}

	public Mono<Outcome> run(Input in) {
		EventId id = in.eventId();
		List<String> scriptKeys = List.of(this.keys.seq(id), this.keys.heldSeats(id), this.keys.holds(id),
				this.keys.userHeld(id), this.keys.hold(id, in.holdId()), this.keys.sold(id), this.keys.resale(id));
		List<String> args = List.of(in.holdId().toString(), in.reason().name(), in.owner() == null ? "" : in.owner(),
				String.valueOf(in.now().toEpochMilli()), String.valueOf(in.paymentGrace().toMillis()),
				this.keys.seatPrefix(id));
		return SCRIPT.run(this.redis, scriptKeys, args).map(ReleaseScript::outcome);
	}

	private static Outcome outcome(List<String> answer) {
		return switch (answer.get(0)) {
			case "OK" -> {
				SellScript.Freed freed = SellScript.Freed.of(answer, 1);
				yield new Ended(freed.seq(), freed.seatIds(), freed.resaleSeatIds(), freed.soldSeatIds());
			}
			case "FINAL" -> new Final(HoldState.of(answer.get(1)));
			case "PAYING" -> new Paying();
			case "NOT_EXPIRED" -> new NotExpired();
			default -> new NotFound();
		};
	}

}
