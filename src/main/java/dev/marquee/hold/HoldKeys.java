package dev.marquee.hold;

import java.util.UUID;

/**
 * Redis key names. Every key of one event carries the hash tag {@code {eventId}} so that a
 * multi-seat Lua script touches a single Redis Cluster slot.
 */
final class HoldKeys {

	private final String prefix;

	HoldKeys(String prefix) {
		this.prefix = prefix;
	}

	private String event(UUID eventId) {
		return prefix + ":{" + eventId + "}:";
	}

	String seq(UUID eventId) {
		return event(eventId) + "seq";
	}

	String sold(UUID eventId) {
		return event(eventId) + "sold";
	}

	String heldSeats(UUID eventId) {
		return event(eventId) + "heldseats";
	}

	String holds(UUID eventId) {
		return event(eventId) + "holds";
	}

	String userHeld(UUID eventId) {
		return event(eventId) + "userheld";
	}

	String userBought(UUID eventId) {
		return event(eventId) + "userbought";
	}

	String holdPrefix(UUID eventId) {
		return event(eventId) + "hold:";
	}

	String hold(UUID eventId, UUID holdId) {
		return holdPrefix(eventId) + holdId;
	}

	String seatPrefix(UUID eventId) {
		return event(eventId) + "seat:";
	}

	String seat(UUID eventId, String seatId) {
		return seatPrefix(eventId) + seatId;
	}

	String staged(UUID eventId, String what, String node) {
		return event(eventId) + "staged:" + what + ":" + node;
	}

	/** Which event a hold belongs to; outside the event's slot since only the hold id is known. */
	String holdRef(UUID holdId) {
		return prefix + ":holdref:" + holdId;
	}

	/** Parses {@code prefix:{eventId}:seat:SEAT-ID}; null for any other key. */
	SeatKey parseSeatKey(String key) {
		String start = prefix + ":{";
		if (!key.startsWith(start)) {
			return null;
		}
		int close = key.indexOf("}:seat:", start.length());
		if (close < 0) {
			return null;
		}
		try {
			UUID eventId = UUID.fromString(key.substring(start.length(), close));
			return new SeatKey(eventId, key.substring(close + "}:seat:".length()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	record SeatKey(UUID eventId, String seatId) {
	}

}
