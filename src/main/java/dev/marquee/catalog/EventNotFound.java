package dev.marquee.catalog;

import dev.marquee.shared.NotFound;

/**
 * No event has that id.
 */
public class EventNotFound extends NotFound {

	/** For an id as it came in, perhaps not even a UUID. */
	public EventNotFound(String eventId) {
		super("event-not-found", "No event with id " + eventId);
		with("eventId", String.valueOf(eventId));
	}

	public EventNotFound(EventId eventId) {
		this(eventId.toString());
	}

}
