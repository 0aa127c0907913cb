package dev.marquee.hold.internal;

import java.util.List;
import java.util.Map;

import dev.marquee.catalog.EventId;
import dev.marquee.shared.redis.LuaScript;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The scripts that read or merge the event's seat state as a whole:
 * {@code redis/hold/snapshot.lua} (sold and held seats at one seq) and
 * {@code rebuild.lua} (PostgreSQL's sold seats merged in).
 */
@Component
public class SnapshotScript {

	private static final LuaScript<List<String>> SNAPSHOT = LuaScript.list("hold/seq", "hold/snapshot");

	private static final LuaScript<Long> REBUILD = LuaScript.number("hold/seq", "hold/rebuild");

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	SnapshotScript(ReactiveStringRedisTemplate redis, HoldKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** The sold and the held seats of an event at {@code seq}. */
	public record Seats(long seq, List<String> sold, List<String> held, List<String> resale) {

		public Seats(long seq, List<String> sold, List<String> held) {
			this(seq, sold, held, List.of());
		}

	}

	public Mono<Seats> snapshot(EventId eventId) {
		return SNAPSHOT.run(this.redis, List.of(this.keys.seq(eventId), this.keys.sold(eventId),
				this.keys.heldSeats(eventId), this.keys.resale(eventId)), List.of())
			.map(answer -> {
				int sold = Integer.parseInt(answer.get(1));
				int held = Integer.parseInt(answer.get(2));
				return new Seats(Long.parseLong(answer.get(0)), answer.subList(3, 3 + sold),
						answer.subList(3 + sold, 3 + sold + held), answer.subList(3 + sold + held, answer.size()));
			});
	}

	/**
	 * Stages {@code soldSeatIds} and {@code ticketsByUser} under this call's own keys,
	 * then merges them into the event's sold seats and buyers' counts in one script;
	 * answers the new seq.
	 */
	public Mono<Long> rebuild(EventId eventId, String node, List<String> soldSeatIds,
			Map<String, String> ticketsByUser) {
		String stagedSold = this.keys.staged(eventId, "sold", node);
		String stagedBought = this.keys.staged(eventId, "userbought", node);
		Flux<Long> stageSold = Flux.fromIterable(soldSeatIds)
			.buffer(2_000)
			.concatMap(chunk -> this.redis.opsForSet().add(stagedSold, chunk.toArray(String[]::new)));
		Mono<Boolean> stageBought = ticketsByUser.isEmpty() ? Mono.just(true)
				: this.redis.<String, String>opsForHash().putAll(stagedBought, ticketsByUser);
		return stageSold.then(stageBought)
			.then(REBUILD.run(this.redis, List.of(this.keys.seq(eventId), this.keys.sold(eventId),
					this.keys.userBought(eventId), stagedSold, stagedBought), List.of()));
	}

}
