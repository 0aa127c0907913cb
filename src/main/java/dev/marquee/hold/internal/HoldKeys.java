package dev.marquee.hold.internal;

import java.util.UUID;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The hold module's Redis key names, the one place they are spelled. Every key of one
 * event carries the hash tag {@code {eventId}} so that a multi-seat Lua script touches a
 * single Redis Cluster slot.
 */
@Component
public final class HoldKeys {

	private final String prefix;

	@Autowired
	HoldKeys(HoldProperties properties) {
		this(properties.keyPrefix());
	}

	public HoldKeys(String prefix) {
		this.prefix = prefix;
	}

	private String event(EventId eventId) {
		return this.prefix + ":{" + eventId + "}:";
	}

	/** A {@code SCAN} pattern matching every key of the event's slot. */
	public String eventPattern(EventId eventId) {
		return event(eventId) + "*";
	}

	public String seq(EventId eventId) {
		return event(eventId) + "seq";
	}

	public String sold(EventId eventId) {
		return event(eventId) + "sold";
	}

	/**
	 * Seats listed for resale (a hash: seat id to the listing's price in minor units);
	 * they stay in {@link #sold} and can be held all the same.
	 */
	public String resale(EventId eventId) {
		return event(eventId) + "resale";
	}

	public String heldSeats(EventId eventId) {
		return event(eventId) + "heldseats";
	}

	public String holds(EventId eventId) {
		return event(eventId) + "holds";
	}

	public String userHeld(EventId eventId) {
		return event(eventId) + "userheld";
	}

	public String userBought(EventId eventId) {
		return event(eventId) + "userbought";
	}

	public String holdPrefix(EventId eventId) {
		return event(eventId) + "hold:";
	}

	public String hold(EventId eventId, HoldId holdId) {
		return holdPrefix(eventId) + holdId;
	}

	public String seatPrefix(EventId eventId) {
		return event(eventId) + "seat:";
	}

	public String seat(EventId eventId, String seatId) {
		return seatPrefix(eventId) + seatId;
	}

	public String staged(EventId eventId, String what, String node) {
		return event(eventId) + "staged:" + what + ":" + node;
	}

	/**
	 * Which event a hold belongs to; outside the event's slot since only the hold id is
	 * known.
	 */
	public String holdRef(HoldId holdId) {
		return this.prefix + ":holdref:" + holdId;
	}

	/** Parses {@code prefix:{eventId}:seat:SEAT-ID}; null for any other key. */
	public SeatKey parseSeatKey(String key) {
		String start = this.prefix + ":{";
		if (!key.startsWith(start)) {
			return null;
		}
		int close = key.indexOf("}:seat:", start.length());
		if (close < 0) {
			return null;
		}
		try {
			EventId eventId = EventId.of(UUID.fromString(key.substring(start.length(), close)));
			return new SeatKey(eventId, key.substring(close + "}:seat:".length()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** A seat's key, read back: the event and the seat. */
	public record SeatKey(EventId eventId, String seatId) {
	}

}
