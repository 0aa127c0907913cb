package dev.marquee.waitlist;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.shared.redis.LuaScript;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The waitlist's Lua scripts ({@code redis/waitlist/}), one typed call each: it builds
 * the script's keys and arguments and turns the answer into an outcome, so no caller
 * reads the scripts' numbers or strings. An entry moves WAITING -> OFFERING (claim) ->
 * OFFERED (settle with a hold) or back to WAITING (settle without); leave takes a waiting
 * or offering entry out.
 */
@Component
class WaitlistScripts {

	private static final LuaScript<List<String>> JOIN = LuaScript.list("waitlist/join");

	private static final LuaScript<Long> CLAIM = LuaScript.number("waitlist/claim");

	private static final LuaScript<Long> SETTLE = LuaScript.number("waitlist/settle");

	private static final LuaScript<Long> LEAVE = LuaScript.number("waitlist/leave");

	private final ReactiveStringRedisTemplate redis;

	private final WaitlistKeys keys;

	WaitlistScripts(ReactiveStringRedisTemplate redis, WaitlistKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** What a join found: an entry it created, or the user's live entry for the event. */
	sealed interface Joining {

		WaitlistEntryId entryId();

		record Created(WaitlistEntryId entryId) implements Joining {
		}

		record AlreadyIn(WaitlistEntryId entryId) implements Joining {
		}

	}

	/**
	 * How an offer's hold settled: offered to the entry, or the entry left while it was
	 * placed.
	 */
	enum Settlement {

		OFFERED, LEFT

	}

	/**
	 * {@code waitlist/join.lua}: one live entry per user and event, in line after
	 * everyone who joined before; kept until {@code expireAtSeconds}.
	 */
	Mono<Joining> join(EventId eventId, String userId, String sectionCode, int quantity, boolean adjacent, Instant now,
			long expireAtSeconds) {
		WaitlistEntryId entryId = WaitlistEntryId.random();
		List<String> keys = List.of(this.keys.seq(eventId), this.keys.users(eventId), this.keys.entry(eventId, entryId),
				this.keys.waiting(eventId, sectionCode), this.keys.entryPrefix(eventId));
		List<String> args = List.of(userId, entryId.toString(), sectionCode, String.valueOf(quantity),
				adjacent ? "1" : "0", String.valueOf(now.toEpochMilli()), String.valueOf(expireAtSeconds));
		return JOIN.run(this.redis, keys, args).map(answer -> {
			WaitlistEntryId found = WaitlistEntryId.of(UUID.fromString(answer.get(1)));
			return "NEW".equals(answer.get(0)) ? new Joining.Created(found) : new Joining.AlreadyIn(found);
		});
	}

	/**
	 * {@code waitlist/claim.lua}: takes a waiting entry out of line to make it an offer;
	 * answers false if it was no longer waiting (another node or thread claimed it, or it
	 * left).
	 */
	Mono<Boolean> claim(WaitlistEntry entry) {
		return CLAIM.run(this.redis, List.of(entryKey(entry), waitingKey(entry)), List.of(entry.entryId().toString()))
			.map(claimed -> claimed == 1);
	}

	/**
	 * {@code waitlist/settle.lua} with a hold: the claimed entry is OFFERED the hold,
	 * unless it left while the hold was being placed (then the caller gives the hold
	 * back).
	 */
	Mono<Settlement> settle(WaitlistEntry entry, Hold hold) {
		List<String> args = List.of(entry.entryId().toString(), hold.holdId().toString(),
				String.valueOf(hold.expiresAt().toEpochMilli()));
		return SETTLE.run(this.redis, settleKeys(entry), args)
			.map(settled -> settled == 2 ? Settlement.LEFT : Settlement.OFFERED);
	}

	/**
	 * {@code waitlist/settle.lua} without a hold: a claimed entry that got no seats goes
	 * back in line at its original place (nothing happens to one that left meanwhile).
	 */
	Mono<Void> requeue(WaitlistEntry entry) {
		return SETTLE.run(this.redis, settleKeys(entry), List.of(entry.entryId().toString(), "", "0")).then();
	}

	/**
	 * {@code waitlist/leave.lua}: takes a waiting or offering entry out of line; answers
	 * false if it had an offer already or was gone.
	 */
	Mono<Boolean> leave(WaitlistEntry entry) {
		return LEAVE.run(this.redis, List.of(entryKey(entry), waitingKey(entry)), List.of(entry.entryId().toString()))
			.map(left -> left == 1);
	}

	private List<String> settleKeys(WaitlistEntry entry) {
		return List.of(entryKey(entry), waitingKey(entry), this.keys.offers(entry.eventId()));
	}

	private String entryKey(WaitlistEntry entry) {
		return this.keys.entry(entry.eventId(), entry.entryId());
	}

	private String waitingKey(WaitlistEntry entry) {
		return this.keys.waiting(entry.eventId(), entry.sectionCode());
	}

}
