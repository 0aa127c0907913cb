package dev.marquee.waitlist;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads the waitlist's entries from Redis, and records what became of an offer. Every
 * change to an entry's place in line goes through {@link WaitlistScripts}.
 */
@Component
class WaitlistEntries {

	private final ReactiveStringRedisTemplate redis;

	private final WaitlistKeys keys;

	WaitlistEntries(ReactiveStringRedisTemplate redis, WaitlistKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** The entry, or empty if there is none. */
	Mono<WaitlistEntry> find(EventId eventId, WaitlistEntryId entryId) {
		return this.redis.<String, String>opsForHash()
			.entries(this.keys.entry(eventId, entryId))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter(fields -> !fields.isEmpty())
			.map(fields -> entry(eventId, entryId, fields));
	}

	/**
	 * The entry's place in its section's line (1 is next), or 0 when it is not in line.
	 */
	Mono<Long> position(WaitlistEntry entry) {
		return this.redis.opsForZSet()
			.rank(this.keys.waiting(entry.eventId(), entry.sectionCode()), entry.entryId().toString())
			.map(rank -> rank + 1)
			.defaultIfEmpty(0L);
	}

	/**
	 * The entry offered this hold, if any, is now in {@code status} (PURCHASED or
	 * LAPSED).
	 */
	Mono<Void> offerEnded(EventId eventId, HoldId holdId, WaitlistEntry.Status status) {
		return this.redis.<String, String>opsForHash()
			.get(this.keys.offers(eventId), holdId.toString())
			.flatMap(entryId -> this.redis.opsForHash()
				.put(this.keys.entry(eventId, WaitlistEntryId.of(UUID.fromString(entryId))), "status", status.name()))
			.then();
	}

	private static WaitlistEntry entry(EventId eventId, WaitlistEntryId entryId, Map<String, String> fields) {
		String holdId = fields.get("holdId");
		String expires = fields.get("offerExpiresAt");
		return new WaitlistEntry(entryId, eventId, fields.get("userId"), fields.get("section"),
				Integer.parseInt(fields.get("quantity")), "1".equals(fields.get("adjacent")),
				WaitlistEntry.Status.valueOf(fields.get("status")),
				holdId == null ? null : HoldId.of(UUID.fromString(holdId)),
				expires == null ? null : Instant.ofEpochMilli(Long.parseLong(expires)),
				Instant.ofEpochMilli(Long.parseLong(fields.get("joinedAt"))), Long.parseLong(fields.get("seq")));
	}

}
