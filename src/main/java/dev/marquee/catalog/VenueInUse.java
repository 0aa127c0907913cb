package dev.marquee.catalog;

import java.util.UUID;

import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A venue an event is on cannot be edited: the event keeps the layout it was sold on.
 * Save the new layout as a new venue instead.
 */
public class VenueInUse extends ProblemException {

	public VenueInUse(UUID venueId) {
		super(HttpStatus.CONFLICT, "venue-in-use", "Venue " + venueId
				+ " has events on it, which keep the layout they were sold on: save the edit as a " + "new venue");
		with("venueId", venueId.toString());
	}

}
