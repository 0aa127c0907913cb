package dev.marquee.catalog;

import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The event is not in a state that allows this change: publishing what is already
 * published, changing a cancelled event.
 */
public class EventStatusConflict extends ProblemException {

	public EventStatusConflict(EventId eventId, EventStatus status, String detail) {
		super(HttpStatus.CONFLICT, "event-status", detail);
		with("eventId", eventId.value().toString());
		with("eventStatus", status.name());
	}

}
