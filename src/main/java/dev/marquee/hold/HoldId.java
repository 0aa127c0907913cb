package dev.marquee.hold;

import java.util.Objects;
import java.util.UUID;

import dev.marquee.hold.HoldProblems.HoldNotFound;

/**
 * A hold's id. Converted once, at the web edge, from the text of a path or body; a
 * malformed id is simply not found (a 404 like any unknown id), so callers never parse
 * UUIDs.
 *
 * @param value the id
 */
public record HoldId(UUID value) {

	public HoldId {
		Objects.requireNonNull(value, "value");
	}

	public static HoldId of(UUID value) {
		return new HoldId(value);
	}

	/**
	 * The id in {@code text}, or the module's not-found problem when it is not a UUID.
	 */
	public static HoldId parse(String text) {
		try {
			return new HoldId(UUID.fromString(text));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new HoldNotFound(text);
		}
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
