package dev.marquee.sale;

import java.util.Objects;
import java.util.UUID;

import dev.marquee.shared.NotFound;

/**
 * An order's id. Converted once, at the web edge, from the text of a path or body; a
 * malformed id is simply not found (a 404 like any unknown id), so callers never parse
 * UUIDs.
 *
 * @param value the id
 */
public record OrderId(UUID value) {

	public OrderId {
		Objects.requireNonNull(value, "value");
	}

	public static OrderId of(UUID value) {
		return new OrderId(value);
	}

	/**
	 * The id in {@code text}, or the module's not-found problem when it is not a UUID.
	 */
	public static OrderId parse(String text) {
		try {
			return new OrderId(UUID.fromString(text));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new NotFound("order-not-found", "No order " + text + " of yours");
		}
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
