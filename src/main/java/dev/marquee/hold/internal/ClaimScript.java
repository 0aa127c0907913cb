package dev.marquee.hold.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.shared.redis.LuaScript;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code redis/hold/claim.lua}: the owner's ACTIVE, unexpired hold becomes PAYING, so
 * that nothing else ends it while the payment runs; {@code redis/hold/unclaim.lua} gives
 * it back.
 */
@Component
public class ClaimScript {

	private static final LuaScript<List<String>> CLAIM = LuaScript.list("hold/claim");

	private static final LuaScript<Long> UNCLAIM = LuaScript.number("hold/unclaim");

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	ClaimScript(ReactiveStringRedisTemplate redis, HoldKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** What became of the claim. */
	public sealed interface Outcome {

	}

	/** The hold is PAYING now. */
	public record Claimed() implements Outcome {
	}

	/** The hold was bought already, under {@code orderId} (null if unknown). */
	public record Purchased(UUID orderId) implements Outcome {
	}

	/** Another payment for the hold is in flight. */
	public record Paying() implements Outcome {
	}

	/** The hold ended, as {@code state}, or its countdown ran out. */
	public record Gone(HoldState state) implements Outcome {
	}

	/** No such hold (or not the owner's). */
	public record NotFound() implements Outcome {
	}

	public Mono<Outcome> claim(EventId eventId, HoldId holdId, String userId, Instant now) {
		return CLAIM
			.run(this.redis, List.of(this.keys.hold(eventId, holdId)),
					List.of(userId, String.valueOf(now.toEpochMilli())))
			.map(ClaimScript::outcome);
	}

	/** The hold goes back to its countdown; false if it was not PAYING. */
	public Mono<Boolean> unclaim(EventId eventId, HoldId holdId) {
		return UNCLAIM.run(this.redis, List.of(this.keys.hold(eventId, holdId)), List.of()).map(answer -> answer == 1);
	}

	private static Outcome outcome(List<String> answer) {
		return switch (answer.get(0)) {
			case "OK" -> new Claimed();
			case "PURCHASED" -> new Purchased(answer.get(1).isEmpty() ? null : UUID.fromString(answer.get(1)));
			case "PAYING" -> new Paying();
			case "GONE" -> new Gone(HoldState.of(answer.get(1)));
			default -> new NotFound();
		};
	}

}
