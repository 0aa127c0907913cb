package dev.marquee.queue;

import java.util.Objects;
import java.util.UUID;

import dev.marquee.queue.QueueProblems.QueueTicketNotFound;

/**
 * A queue ticket's id: unguessable, so it is the capability a watcher of the ticket
 * holds. Converted once, at the web edge; a malformed id is simply not found.
 *
 * @param value the id
 */
public record QueueTicketId(UUID value) {

	public QueueTicketId {
		Objects.requireNonNull(value, "value");
	}

	public static QueueTicketId of(UUID value) {
		return new QueueTicketId(value);
	}

	/** The id in {@code text}, or {@link QueueTicketNotFound} when it is not a UUID. */
	public static QueueTicketId parse(String text) {
		try {
			return new QueueTicketId(UUID.fromString(text));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new QueueTicketNotFound(text);
		}
	}

	static QueueTicketId random() {
		return new QueueTicketId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
