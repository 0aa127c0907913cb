package dev.marquee.ticket;

import java.util.Objects;
import java.util.UUID;

import dev.marquee.ticket.TicketProblems.TicketNotFound;

/**
 * A ticket's id. Converted once, at the web edge, from the text of a path or body; a
 * malformed id is simply not found (a 404 like any unknown id), so callers never parse
 * UUIDs.
 *
 * @param value the id
 */
public record TicketId(UUID value) {

	public TicketId {
		Objects.requireNonNull(value, "value");
	}

	public static TicketId of(UUID value) {
		return new TicketId(value);
	}

	/**
	 * The id in {@code text}, or the module's not-found problem when it is not a UUID.
	 */
	public static TicketId parse(String text) {
		try {
			return new TicketId(UUID.fromString(text));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new TicketNotFound(text);
		}
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
