package dev.marquee.hold;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.shared.Violations;

/**
 * The rules a hold request must meet before anything is held; each throws the request's
 * violations as one validation problem. Pure: it reads the event's layout only.
 */
final class HoldRequests {

	private HoldRequests() {
	}

	/** A general-admission area of the event, and a quantity the buyer may hold of it. */
	static void validateArea(EventSetup setup, String areaCode, Integer quantity) {
		VenueLayout.Section area = (areaCode != null) ? setup.layout().section(areaCode) : null;
		int max = Math.min(setup.event().maxTicketsPerUser(), Hold.MAX_SEATS);
		Violations v = new Violations();
		v.check(area != null && area.generalAdmission(), "areaCode", "is not a general-admission area of this event");
		v.check(quantity != null && quantity >= 1 && quantity <= max, "quantity", "must be between 1 and " + max);
		v.throwIfAny();
	}

	/**
	 * General-admission places are interchangeable: buyers hold a quantity of the area,
	 * never a place.
	 */
	static void rejectPlaces(EventSetup setup, List<String> seatIds) {
		if (seatIds == null) {
			return;
		}
		Violations v = new Violations();
		for (int i = 0; i < seatIds.size(); i++) {
			String seat = seatIds.get(i);
			VenueLayout.Section section = (seat == null || !setup.layout().contains(seat)) ? null
					: setup.layout().sectionOf(seat);
			v.check(section == null || !section.generalAdmission(), "seatIds[" + i + "]",
					"is a place in general-admission area " + ((section != null) ? section.code() : "")
							+ ": hold a quantity of the area (areaCode, quantity) instead");
		}
		v.throwIfAny();
	}

	/**
	 * At least one, at most {@link Hold#MAX_SEATS}, each a seat of the event, none twice.
	 */
	static void validateSeats(EventSetup setup, List<String> seatIds) {
		Violations v = new Violations();
		if (seatIds == null || seatIds.isEmpty()) {
			v.add("seatIds", "must list at least one seat");
		}
		else if (seatIds.size() > Hold.MAX_SEATS) {
			v.add("seatIds", "must list at most " + Hold.MAX_SEATS + " seats");
		}
		else {
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < seatIds.size(); i++) {
				String seat = seatIds.get(i);
				if (seat == null || !setup.layout().contains(seat)) {
					v.add("seatIds[" + i + "]", "is not a seat of this event");
				}
				else if (!seen.add(seat)) {
					v.add("seatIds[" + i + "]", "is listed twice");
				}
			}
		}
		v.throwIfAny();
	}

}
