package dev.marquee.catalog;

import java.util.UUID;

import dev.marquee.shared.NotFound;

/**
 * No event has that id.
 */
public class EventNotFound extends NotFound {

	public EventNotFound(Object eventId) {
		super("event-not-found", "No event with id " + eventId);
		with("eventId", String.valueOf(eventId));
	}

	public EventNotFound(UUID eventId) {
		this((Object) eventId);
	}

}
