package dev.marquee.hold;

import java.util.List;

import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * One or more of the requested seats is held, sold or blocked; nothing was held.
 */
public class SeatUnavailable extends ProblemException {

	public SeatUnavailable(List<String> unavailableSeatIds) {
		super(HttpStatus.CONFLICT, "seat-unavailable",
				"Not available: " + String.join(", ", unavailableSeatIds) + ". Nothing was held.");
		with("unavailableSeatIds", List.copyOf(unavailableSeatIds));
	}

}
