package dev.marquee.queue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueProblems.ProofOfWorkRequired;
import dev.marquee.queue.QueueProblems.TooManyAccounts;
import dev.marquee.shared.RateLimited;
import dev.marquee.shared.redis.LuaScript;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The waiting room's Lua scripts ({@code redis/queue/}), one typed call each: it builds
 * the script's keys and arguments and turns the answer into an outcome, so no caller
 * reads the scripts' strings.
 */
@Component
class QueueScripts {

	private static final LuaScript<List<String>> JOIN = LuaScript.list("queue/join");

	private static final LuaScript<List<String>> READ = LuaScript.list("queue/read");

	private static final LuaScript<List<String>> ADVANCE = LuaScript.list("queue/advance");

	private static final LuaScript<List<String>> FAIRNESS = LuaScript.list("queue/fairness");

	private static final LuaScript<Long> DIFFICULTY = LuaScript.number("queue/difficulty");

	private final ReactiveStringRedisTemplate redis;

	private final QueueKeys keys;

	private final QueueProperties properties;

	QueueScripts(ReactiveStringRedisTemplate redis, QueueKeys keys, QueueProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
	}

	/** What a join found: a ticket it created, or the one the user already had. */
	sealed interface Joining {

		QueueTicket ticket();

		QueueState state();

		record Created(QueueTicket ticket, QueueState state) implements Joining {
		}

		record AlreadyIn(QueueTicket ticket, QueueState state) implements Joining {
		}

	}

	/** A ticket read with its queue's state, or no such ticket. */
	sealed interface Lookup {

		record Found(QueueTicket ticket, QueueState state) implements Lookup {
		}

		record Unknown() implements Lookup {
		}

	}

	/**
	 * One admitter step: the queue has not opened (sale not open yet), has just opened,
	 * admitted more buyers, or had nobody to admit yet ({@code IDLE} and {@code WAIT} in
	 * the script). Every step but the first carries the queue after it and how many have
	 * ever joined.
	 */
	sealed interface Step {

		record Closed() implements Step {
		}

		record Opened(QueueState state, long joined) implements Step {
		}

		record Advanced(QueueState state, long joined) implements Step {
		}

		record Unchanged(QueueState state, long joined) implements Step {
		}

	}

	/**
	 * {@code queue/join.lua}: one ticket per user; an early number before the queue opens
	 * and {@code onSaleAt} passes, the next number in line after. {@code replacing} (or
	 * null) is a ticket whose turn expired, which this join may replace with a new one
	 * (past the door: the same request went through it). The queue's shuffle seed is
	 * fixed first, unless it already was. Fails with the door's refusal:
	 * {@link ProofOfWorkRequired}, {@link TooManyAccounts} or {@link RateLimited}.
	 */
	Mono<Joining> join(EventId eventId, String userId, Instant now, Instant onSaleAt, long expireAtSeconds,
			QueueTicketId replacing, ProofOfWork.Proof proof, JoinGate gate) {
		return join(eventId, userId, now, onSaleAt, expireAtSeconds, replacing, proof, gate, null);
	}

	/**
	 * {@code seed} null: none made (the script asks for one if the queue has none yet,
	 * and the join is made again with one).
	 */
	private Mono<Joining> join(EventId eventId, String userId, Instant now, Instant onSaleAt, long expireAtSeconds,
			QueueTicketId replacing, ProofOfWork.Proof proof, JoinGate gate, ShuffleSeed seed) {
		String device = gate.device();
		String address = gate.address();
		List<String> args = List.of(userId, QueueTicketId.random().toString(), String.valueOf(now.toEpochMilli()),
				String.valueOf(onSaleAt.toEpochMilli()), String.valueOf(expireAtSeconds),
				replacing == null ? "" : replacing.toString(), seed == null ? "" : seed.seed(),
				seed == null ? "" : seed.commitment(), proof.outcome(), String.valueOf(proof.difficulty()),
				String.valueOf(proof.remainingMillis()),
				String.valueOf(device == null ? 0 : this.properties.accountsPerDevice()),
				String.valueOf(device == null ? 0 : this.properties.joinsPerDevicePerMinute()),
				String.valueOf(address == null ? 0 : this.properties.accountsPerAddress()));
		List<String> keys = List.of(this.keys.state(eventId), this.keys.users(eventId), this.keys.tickets(eventId),
				this.keys.challengeUse(eventId, proof.nonce()),
				this.keys.deviceAccounts(eventId, device == null ? "-" : device),
				this.keys.deviceAttempts(eventId, device == null ? "-" : device, now.toEpochMilli() / 60_000),
				this.keys.addressAccounts(eventId, address == null ? "-" : address));
		// flatMap, not handle: with context-propagation on the class path, Reactor
		// restores thread locals around every handle() signal (3 % of a join's samples)
		return JOIN.run(this.redis, keys, args).flatMap(answer -> switch (answer.get(0)) {
			case "SEED" ->
				join(eventId, userId, now, onSaleAt, expireAtSeconds, replacing, proof, gate, ShuffleSeed.random());
			case "REFUSED" -> Mono.error(refusal(eventId, answer));
			default -> Mono.just(joining(eventId, answer));
		});
	}

	private static Joining joining(EventId eventId, List<String> answer) {
		QueueTicket ticket = ticket(eventId, answer.get(1), answer.get(2));
		QueueState state = state(answer.subList(3, 7));
		return "NEW".equals(answer.get(0)) ? new Joining.Created(ticket, state) : new Joining.AlreadyIn(ticket, state);
	}

	private static RuntimeException refusal(EventId eventId, List<String> answer) {
		long limit = Long.parseLong(answer.get(2));
		return switch (answer.get(1)) {
			case "pow" -> new ProofOfWorkRequired(eventId, answer.get(3), (int) limit);
			case "device-rate" -> new RateLimited("queue join", "device", limit,
					Math.max(1, (Long.parseLong(answer.get(3)) + 999) / 1000));
			case "device-accounts" -> new TooManyAccounts(eventId, "device", limit);
			default -> new TooManyAccounts(eventId, "address", limit);
		};
	}

	/**
	 * {@code queue/difficulty.lua}: sets the proof-of-work difficulty unless null;
	 * answers it.
	 */
	Mono<Integer> difficulty(EventId eventId, Integer difficulty, long expireAtSeconds) {
		List<String> args = List.of(difficulty == null ? "" : difficulty.toString(), String.valueOf(expireAtSeconds));
		return DIFFICULTY.run(this.redis, List.of(this.keys.state(eventId)), args).map(Long::intValue);
	}

	/** {@code queue/read.lua}: a ticket with its queue's state, in one round trip. */
	Mono<Lookup> read(EventId eventId, QueueTicketId ticketId) {
		return READ
			.run(this.redis, List.of(this.keys.state(eventId), this.keys.tickets(eventId)),
					List.of(ticketId.toString()))
			.map(answer -> "OK".equals(answer.get(0))
					? new Lookup.Found(ticket(eventId, answer.get(1), answer.get(2)), state(answer.subList(3, 7)))
					: new Lookup.Unknown());
	}

	/**
	 * {@code queue/advance.lua}: opens the queue once {@code onSaleAt} passed (shuffling
	 * early joiners with the seed committed to, or {@code seed} if none was), then moves
	 * "now serving" on at {@code admitPerMinute}, by at most {@code maxBurst} at once,
	 * recording the step as {@code node}'s.
	 */
	Mono<Step> advance(EventId eventId, Instant now, int admitPerMinute, Instant onSaleAt, ShuffleSeed seed,
			long expireAtSeconds, long maxBurst, String node) {
		List<String> args = List.of(String.valueOf(now.toEpochMilli()), String.valueOf(admitPerMinute),
				String.valueOf(onSaleAt.toEpochMilli()), seed.seed(), String.valueOf(expireAtSeconds),
				String.valueOf(maxBurst), node, seed.commitment());
		return ADVANCE.run(this.redis, List.of(this.keys.state(eventId), this.keys.advances(eventId)), args)
			.map(answer -> {
				if ("CLOSED".equals(answer.get(0))) {
					return new Step.Closed();
				}
				QueueState state = new QueueState(true, Long.parseLong(answer.get(1)), answer.get(2),
						Long.parseLong(answer.get(3)));
				long joined = Long.parseLong(answer.get(4));
				return switch (answer.get(0)) {
					case "OPENED" -> new Step.Opened(state, joined);
					case "ADVANCED" -> new Step.Advanced(state, joined);
					default -> new Step.Unchanged(state, joined);
				};
			});
	}

	/**
	 * {@code queue/fairness.lua}: the queue's commitment (fixing {@code seed} as its seed
	 * if none was, unless it is null) and, once it opened, its seed.
	 */
	Mono<Fairness> fairness(EventId eventId, ShuffleSeed seed, long expireAtSeconds) {
		List<String> args = seed == null ? List.of("", "", "0")
				: List.of(seed.seed(), seed.commitment(), String.valueOf(expireAtSeconds));
		return FAIRNESS.run(this.redis, List.of(this.keys.state(eventId)), args)
			.map(answer -> new Fairness(eventId.toString(), blankToNull(answer.get(0)), "1".equals(answer.get(1)),
					"1".equals(answer.get(1)) ? Long.parseLong(answer.get(2)) : null, blankToNull(answer.get(3)),
					Fairness.ALGORITHM));
	}

	private static String blankToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	/** A ticket's stored form {@code kind|index|joinedAtMs|userId}. */
	private static QueueTicket ticket(EventId eventId, String ticketId, String data) {
		String[] parts = data.split("\\|", 4);
		return new QueueTicket(QueueTicketId.of(UUID.fromString(ticketId)), eventId, parts[3], "E".equals(parts[0]),
				Long.parseLong(parts[1]), Instant.ofEpochMilli(Long.parseLong(parts[2])));
	}

	/** The four state fields the scripts answer: opened, earlyCount, seed, serving. */
	private static QueueState state(List<String> fields) {
		return new QueueState("1".equals(fields.get(0)), Long.parseLong(fields.get(1)), fields.get(2),
				Long.parseLong(fields.get(3)));
	}

}
