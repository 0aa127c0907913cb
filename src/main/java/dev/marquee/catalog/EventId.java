package dev.marquee.catalog;

import java.util.Objects;
import java.util.UUID;

/**
 * An event's id. Converted once, at the web edge, from the text of a path or body; a
 * malformed id is simply not found (a 404 like any unknown id), so callers never parse
 * UUIDs.
 *
 * @param value the id
 */
public record EventId(UUID value) {

	public EventId {
		Objects.requireNonNull(value, "value");
	}

	public static EventId of(UUID value) {
		return new EventId(value);
	}

	/**
	 * The id in {@code text}, or the module's not-found problem when it is not a UUID.
	 */
	public static EventId parse(String text) {
		try {
			return new EventId(UUID.fromString(text));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new EventNotFound(text);
		}
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
