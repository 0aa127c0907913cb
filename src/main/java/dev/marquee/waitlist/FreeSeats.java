package dev.marquee.waitlist;

import dev.marquee.catalog.VenueLayout;
import dev.marquee.shared.SeatStatus;

/**
 * Counts a section's free seats in a seat-status string (one glyph per seat, in the
 * layout's order): a section with as many free seats as a buyer asks for is not waited
 * for.
 */
final class FreeSeats {

	private FreeSeats() {
	}

	static long in(VenueLayout layout, String statuses, String sectionCode) {
		long free = 0;
		int index = 0;
		for (VenueLayout.Section section : layout.sections()) {
			for (VenueLayout.Row row : section.rows()) {
				if (section.code().equals(sectionCode)) {
					for (int k = 0; k < row.seats(); k++) {
						if (statuses.charAt(index + k) == SeatStatus.AVAILABLE.glyph()
								|| statuses.charAt(index + k) == SeatStatus.RESALE.glyph()) {
							free++;
						}
					}
				}
				index += row.seats();
			}
		}
		return free;
	}

}
