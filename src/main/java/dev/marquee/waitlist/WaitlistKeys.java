package dev.marquee.waitlist;

import dev.marquee.catalog.EventId;

import org.springframework.stereotype.Component;

/**
 * The waitlist's Redis keys. An event's keys share the hash tag {@code {eventId}} with
 * its seats, so a cluster keeps them on one shard.
 */
@Component
class WaitlistKeys {

	private final String prefix;

	WaitlistKeys(WaitlistProperties properties) {
		this.prefix = properties.keyPrefix();
	}

	/** The counter that orders the event's entries. */
	String seq(EventId eventId) {
		return key(eventId, "seq");
	}

	/** userId -> the user's latest entryId. */
	String users(EventId eventId) {
		return key(eventId, "users");
	}

	/**
	 * What every entry key starts with (the join script looks up a user's earlier entry).
	 */
	String entryPrefix(EventId eventId) {
		return key(eventId, "entry:");
	}

	/**
	 * One entry: userId, section, quantity, adjacent, status, seq, joinedAt; holdId,
	 * offerExpiresAt.
	 */
	String entry(EventId eventId, WaitlistEntryId entryId) {
		return entryPrefix(eventId) + entryId;
	}

	/** A section's line: entryIds scored by seq. */
	String waiting(EventId eventId, String sectionCode) {
		return key(eventId, "waiting:" + sectionCode);
	}

	/** holdId -> entryId of every offer made. */
	String offers(EventId eventId) {
		return key(eventId, "offers");
	}

	/** Sections with seats freed that the matcher has still to look at. */
	String dirty(EventId eventId) {
		return key(eventId, "dirty");
	}

	/** The lease of the event's one matcher. */
	String lock(EventId eventId) {
		return key(eventId, "lock");
	}

	private String key(EventId eventId, String suffix) {
		return this.prefix + ":{" + eventId + "}:wl:" + suffix;
	}

}
