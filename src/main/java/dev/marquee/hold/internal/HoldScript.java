package dev.marquee.hold.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisCommandExecutionException;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.shared.redis.LoopBatches;
import dev.marquee.shared.redis.LuaScript;

import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code redis/hold/hold.lua}: places one all-or-nothing hold on the first of the
 * candidate blocks whose seats are all free, and its ref (hold id to event,
 * {@link HoldRecords#eventOf}), so that a hold is never placed without one.
 * <p>
 * The ref lies outside the event's hash slot. On a single Redis the script writes it, as
 * its first write: one round trip a hold (a second one, for the ref alone, cost about a
 * sixth of a hold's CPU, docs/BENCHMARKS.md). On a Redis Cluster that would make the
 * script cross-slot, so the ref is written just before it, and taken back if no hold was
 * placed.
 * <p>
 * The holds of one event asked for in the same turn of an event loop go to Redis as one
 * script call ({@link LoopBatches}), placed one after the other in the order asked, each
 * with its own answer: one hold's failure is its own.
 */
@Component
public class HoldScript {

	private static final LuaScript<List<List<String>>> SCRIPT = LuaScript.lists("hold/seq", "hold/hold");

	/**
	 * The most holds one script call places: a batch runs in Redis as one step, which
	 * holds every other client back while it runs (a hold takes a few microseconds).
	 */
	static final int MAX_BATCH = 64;

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	private final HoldRecords records;

	private final boolean refInScript;

	private final LoopBatches<EventId, Input, List<String>> batches;

	HoldScript(ReactiveStringRedisTemplate redis, HoldKeys keys, HoldRecords records) {
		this.redis = redis;
		this.keys = keys;
		this.records = records;
		this.refInScript = !RedisTopology.cluster(redis.getConnectionFactory());
		this.batches = new LoopBatches<>(this::send, MAX_BATCH);
	}

	/**
	 * A candidate block: its seats (every block of one call has as many), their total
	 * price and each seat's price as the hold record keeps it ({@code prices}, one entry
	 * per seat, comma-separated: {@link dev.marquee.hold.Hold.SeatPrice#encoded()}).
	 */
	public record Block(List<String> seatIds, long totalMinor, String prices) {
	}

	/**
	 * What the script needs: the candidate blocks best first, the countdown ({@code ttl},
	 * ending at {@code expiresAt}), how long the record outlives it, and the buyer's
	 * limit.
	 */
	public record Input(EventId eventId, HoldId holdId, String userId, List<Block> blocks, String currency,
			Instant createdAt, Duration ttl, Duration recordTtl, int maxPerUser) {

		public Instant expiresAt() {
			return this.createdAt.plus(this.ttl);
		}

	}

	/** What became of the hold. */
	public sealed interface Outcome {

	}

	/**
	 * Block number {@code blockIndex} (0-based) is held, at {@code seq}, for
	 * {@code totalMinor}, each seat at its entry of {@code prices} (as the record keeps
	 * them): the block's as given, but for seats listed for resale, which the script
	 * prices at their listing's price, marked {@code R}.
	 */
	public record Held(long seq, int blockIndex, long totalMinor, String prices) implements Outcome {
	}

	/**
	 * The buyer already has {@code heldOrBought} seats: one more block would pass the
	 * limit.
	 */
	public record OverLimit(int heldOrBought) implements Outcome {
	}

	/** Every block was taken; these are the taken seats of the last one tried. */
	public record Unavailable(List<String> seatIds) implements Outcome {
	}

	/**
	 * Every block had a seat the buyer listed for resale themselves; these are those of
	 * the last one tried.
	 */
	public record OwnListing(List<String> seatIds) implements Outcome {
	}

	/**
	 * Places the hold and its ref (for {@code recordTtl}); when no hold was placed there
	 * is no ref either (but after a fault on a cluster, a ref to a hold that was never
	 * placed, which is harmless: looking the hold up answers not found).
	 */
	public Mono<Outcome> run(Input in) {
		if (this.refInScript) {
			return script(in);
		}
		return this.records.writeRef(in.holdId(), in.eventId(), in.recordTtl())
			.then(script(in))
			.flatMap(outcome -> (outcome instanceof Held) ? Mono.just(outcome)
					: this.records.forgetRef(in.holdId()).thenReturn(outcome));
	}

	/**
	 * The hold, placed by one script call with the other holds of its event asked for in
	 * the same turn of this event loop ({@link LoopBatches}).
	 */
	private Mono<Outcome> script(Input in) {
		return this.batches.submit(in.eventId(), in).map(HoldScript::outcome);
	}

	/** One script call for these holds of one event: their answers, in order. */
	private Mono<List<List<String>>> send(EventId id, List<Input> holds) {
		// KEYS: the event's keys every hold uses, once, then each hold's own; ARGV: how
		// many holds, the record key prefix, each one's key and argument counts, then
		// their arguments
		List<String> scriptKeys = new ArrayList<>(8 + 3 * holds.size());
		scriptKeys.addAll(List.of(this.keys.seq(id), this.keys.sold(id), this.keys.heldSeats(id), this.keys.holds(id),
				this.keys.userHeld(id), this.keys.userBought(id), this.keys.resale(id)));
		String holdPrefix = this.keys.holdPrefix(id);
		String seatPrefix = this.keys.seatPrefix(id);
		String event = id.toString();
		List<String> argv = new ArrayList<>(2 + 2 * holds.size());
		List<String> args = new ArrayList<>(13 * holds.size());
		argv.add(String.valueOf(holds.size()));
		argv.add(holdPrefix);
		for (Input in : holds) {
			int keysBefore = scriptKeys.size();
			int argsBefore = args.size();
			addKeysAndArgs(in, holdPrefix, seatPrefix, event, scriptKeys, args);
			argv.add(String.valueOf(scriptKeys.size() - keysBefore));
			argv.add(String.valueOf(args.size() - argsBefore));
		}
		argv.addAll(args);
		return SCRIPT.run(this.redis, scriptKeys, argv);
	}

	/**
	 * One hold's own keys and arguments, as {@code hold.lua}'s batch reads them (the
	 * record key prefix and the event's keys are the batch's).
	 */
	private void addKeysAndArgs(Input in, String holdPrefix, String seatPrefix, String event, List<String> scriptKeys,
			List<String> args) {
		scriptKeys.add(holdPrefix + in.holdId());
		for (Block block : in.blocks()) {
			for (String seat : block.seatIds()) {
				scriptKeys.add(seatPrefix + seat);
			}
		}
		args.addAll(List.of(in.holdId().toString(), in.userId(), String.valueOf(in.ttl().toSeconds()),
				String.valueOf(in.expiresAt().toEpochMilli()), String.valueOf(in.maxPerUser()),
				String.valueOf(in.recordTtl().toSeconds()), in.currency(),
				String.valueOf(in.createdAt().toEpochMilli()), String.valueOf(in.blocks().get(0).seatIds().size()),
				String.valueOf(in.blocks().size())));
		in.blocks().forEach(block -> args.add(String.valueOf(block.totalMinor())));
		in.blocks().forEach(block -> args.addAll(block.seatIds()));
		in.blocks().forEach(block -> args.add(block.prices()));
		if (this.refInScript) {
			scriptKeys.add(this.keys.holdRef(in.holdId()));
			args.add(event);
		}
	}

	private static Outcome outcome(List<String> answer) {
		return switch (answer.get(0)) {
			case "OK" -> new Held(Long.parseLong(answer.get(1)), Integer.parseInt(answer.get(2)) - 1,
					Long.parseLong(answer.get(3)), answer.get(4));
			case "LIMIT" -> new OverLimit(Integer.parseInt(answer.get(1)));
			case "UNAVAILABLE" -> new Unavailable(List.copyOf(answer.subList(1, answer.size())));
			case "OWN" -> new OwnListing(List.copyOf(answer.subList(1, answer.size())));
			// this hold's own Redis call failed (the others of its batch went on)
			case "ERR" -> throw new RedisSystemException("hold.lua failed: " + answer.get(1),
					new RedisCommandExecutionException(answer.get(1)));
			default -> throw new IllegalStateException("hold.lua answered " + answer);
		};
	}

}
