package dev.marquee.hold.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.shared.Money;
import dev.marquee.shared.redis.KeyScan;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A hold's record (a hash in the event's slot, written by the scripts) and its ref (hold
 * id to event, outside the slot, written with the hold: {@link HoldScript}), read back as
 * a {@link Hold}.
 */
@Component
public class HoldRecords {

	private final ReactiveStringRedisTemplate redis;

	private final HoldKeys keys;

	private final Clock clock;

	HoldRecords(ReactiveStringRedisTemplate redis, HoldKeys keys, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * Notes which event the hold is (about to be) placed on, for as long as its record
	 * lives.
	 */
	public Mono<Boolean> writeRef(HoldId holdId, EventId eventId, Duration ttl) {
		return this.redis.opsForValue().set(this.keys.holdRef(holdId), eventId.toString(), ttl);
	}

	/** Takes back the ref of a hold that was never placed; never fails. */
	public Mono<Void> forgetRef(HoldId holdId) {
		return this.redis.delete(this.keys.holdRef(holdId)).onErrorResume(ex -> Mono.just(0L)).then();
	}

	/**
	 * Removes every key of the event: its holds' refs (outside the slot, found through
	 * the holds' records), then everything in its slot (seats, holds, counters, sold
	 * seats); how many.
	 */
	public Mono<Long> forgetEvent(EventId eventId) {
		String records = this.keys.holdPrefix(eventId);
		Flux<String> refs = KeyScan.matching(this.redis, records + "*")
			.map(key -> key.substring(records.length()))
			.filter(id -> id.length() == 36)
			.map(id -> this.keys.holdRef(HoldId.of(UUID.fromString(id))));
		return KeyScan.unlink(this.redis, refs)
			.flatMap(gone -> KeyScan.unlinkMatching(this.redis, this.keys.eventPattern(eventId))
				.map(more -> gone + more));
	}

	/** The event of the hold; empty if it has no ref. */
	public Mono<EventId> eventOf(HoldId holdId) {
		return this.redis.opsForValue().get(this.keys.holdRef(holdId)).map(id -> EventId.of(UUID.fromString(id)));
	}

	/** The hold's record; empty if it has none. */
	public Mono<Hold> read(EventId eventId, HoldId holdId) {
		return this.redis.<String, String>opsForHash()
			.entries(this.keys.hold(eventId, holdId))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter(fields -> !fields.isEmpty())
			.map(fields -> toHold(eventId, holdId, fields));
	}

	private Hold toHold(EventId eventId, HoldId holdId, Map<String, String> fields) {
		Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(fields.get("expiresAt")));
		Hold.Status status = switch (HoldState.of(fields.get("status"))) {
			case ACTIVE -> this.clock.instant().isBefore(expiresAt) ? Hold.Status.ACTIVE : Hold.Status.EXPIRED;
			case PAYING -> Hold.Status.ACTIVE;
			case RELEASED -> Hold.Status.RELEASED;
			case PURCHASED -> Hold.Status.PURCHASED;
			case EXPIRED, FAILED, NONE -> Hold.Status.EXPIRED;
		};
		String orderId = fields.get("orderId");
		List<String> seats = Arrays.asList(fields.get("seats").split(","));
		String currency = fields.get("currency");
		return new Hold(holdId, eventId, fields.get("userId"), seats, expiresAt,
				new Money(Long.parseLong(fields.get("totalMinor")), currency), status,
				Instant.ofEpochMilli(Long.parseLong(fields.get("createdAt"))),
				orderId == null || orderId.isEmpty() ? null : UUID.fromString(orderId),
				prices(seats, fields.get("prices"), currency));
	}

	/**
	 * The per-seat prices locked into the record; null for a record written before they
	 * were (or one that does not match its seats).
	 */
	private static List<Hold.SeatPrice> prices(List<String> seats, String prices, String currency) {
		if (prices == null || prices.isEmpty()) {
			return null;
		}
		String[] each = prices.split(",");
		if (each.length != seats.size()) {
			return null;
		}
		List<Hold.SeatPrice> list = new ArrayList<>(each.length);
		for (int i = 0; i < each.length; i++) {
			list.add(Hold.SeatPrice.decode(seats.get(i), each[i], currency));
		}
		return List.copyOf(list);
	}

}
