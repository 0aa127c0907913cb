package dev.marquee.queue;

import dev.marquee.catalog.EventId;

import org.springframework.stereotype.Component;

/**
 * The waiting room's Redis keys. An event's keys share the hash tag {@code {eventId}}
 * with its seats, so a cluster keeps them on one shard.
 */
@Component
class QueueKeys {

	private final String prefix;

	QueueKeys(QueueProperties properties) {
		this.prefix = properties.keyPrefix();
	}

	/**
	 * The queue's state: opened, earlyCount, seed, serving, the admission base, joiner
	 * counts.
	 */
	String state(EventId eventId) {
		return queue(eventId);
	}

	/** userId -> ticketId. */
	String users(EventId eventId) {
		return queue(eventId) + ":users";
	}

	/** ticketId -> {@code kind|index|joinedAtMs|userId}. */
	String tickets(EventId eventId) {
		return queue(eventId) + ":tickets";
	}

	/**
	 * The admitter's steps: score "now serving" after the step, member
	 * {@code serving:atMs:node}.
	 */
	String advances(EventId eventId) {
		return queue(eventId) + ":advances";
	}

	/** A proof-of-work challenge's use, by its nonce. */
	String challengeUse(EventId eventId, String nonce) {
		return queue(eventId) + ":pow:" + nonce;
	}

	/** The accounts that joined from a device. */
	String deviceAccounts(EventId eventId, String deviceId) {
		return queue(eventId) + ":device:" + deviceId;
	}

	/** A device's join attempts in a minute (minutes since the epoch). */
	String deviceAttempts(EventId eventId, String deviceId, long minute) {
		return queue(eventId) + ":device-rate:" + deviceId + ":" + minute;
	}

	/** The accounts that joined from a client address. */
	String addressAccounts(EventId eventId, String address) {
		return queue(eventId) + ":address:" + address;
	}

	/** A {@code SCAN} pattern matching every key of the event's waiting room. */
	String eventPattern(EventId eventId) {
		return queue(eventId) + "*";
	}

	/** The lease of the one node that admits. */
	String admitterLease() {
		return this.prefix + ":queue-admitter";
	}

	private String queue(EventId eventId) {
		return this.prefix + ":{" + eventId + "}:q";
	}

}
