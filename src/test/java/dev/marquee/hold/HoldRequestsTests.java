package dev.marquee.hold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventStatus;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.Venue;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.catalog.VenueLayout.Row;
import dev.marquee.catalog.VenueLayout.Section;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.shared.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What a hold request must be before anything is held: seats of the event, none twice, at
 * most a hold's worth; never a general-admission place by id; a quantity of a real area
 * within the buyer's limit. Each refusal names the field.
 */
class HoldRequestsTests {

	private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");

	/**
	 * Four seats in S (row A), and a standing FLOOR of 100 places; at most 8 tickets per
	 * buyer.
	 */
	private static final EventSetup CLUB = club();

	private static EventSetup club() {
		Section floor = new Section("FLOOR", "Floor", "floor", List.of(new Row("GA1", 50), new Row("GA2", 50)), 100);
		Venue venue = new Venue(UUID.randomUUID(), "Club", "Berlin",
				new VenueLayout(List.of(new Section("S", "Seats", "std", List.of(new Row("A", 4)), null), floor)), NOW);
		Event event = new Event(EventId.of(UUID.randomUUID()), venue.id(), "Rave", NOW.plusSeconds(86_400),
				NOW.minusSeconds(60), 300, 8, "EUR", Map.of("std", 4000L, "floor", 2500L), Set.of(), false, null, 48,
				NOW, EventStatus.PUBLISHED);
		return new EventSetup(event, venue);
	}

	private static List<String> refused(Runnable rule) {
		try {
			rule.run();
			return List.of();
		}
		catch (ValidationFailed ex) {
			return ex.violations().stream().map(Violation::field).toList();
		}
	}

	@Test
	void seatsOfTheEventAreAccepted() {
		assertThatNoException().isThrownBy(() -> HoldRequests.validateSeats(CLUB, List.of("S-A-1", "S-A-4")));
		assertThatNoException().isThrownBy(() -> HoldRequests.rejectPlaces(CLUB, List.of("S-A-1", "NOPE")));
	}

	@Test
	void unknownRepeatedOrNoSeatsAreRefusedOneByOne() {
		assertThat(refused(() -> HoldRequests.validateSeats(CLUB, List.of("S-A-1", "S-Z-9", "S-A-1"))))
			.containsExactly("seatIds[1]", "seatIds[2]");
		assertThat(refused(() -> HoldRequests.validateSeats(CLUB, List.of()))).containsExactly("seatIds");
		assertThat(refused(() -> HoldRequests.validateSeats(CLUB, null))).containsExactly("seatIds");
		assertThat(refused(() -> HoldRequests.validateSeats(CLUB, Arrays.asList("S-A-1", null))))
			.containsExactly("seatIds[1]");
	}

	@Test
	void moreThanAHoldsWorthOfSeatsIsRefused() {
		List<String> many = new ArrayList<>();
		for (int n = 0; n <= Hold.MAX_SEATS; n++) {
			many.add("S-A-1");
		}
		assertThat(refused(() -> HoldRequests.validateSeats(CLUB, many))).containsExactly("seatIds");
	}

	@Test
	void aGeneralAdmissionPlaceCannotBePicked() {
		assertThat(refused(() -> HoldRequests.rejectPlaces(CLUB, List.of("S-A-1", "FLOOR-GA1-1"))))
			.containsExactly("seatIds[1]");
	}

	@Test
	void aQuantityOfARealAreaWithinTheLimitIsAccepted() {
		assertThatNoException().isThrownBy(() -> HoldRequests.validateArea(CLUB, "FLOOR", 8));
		assertThat(refused(() -> HoldRequests.validateArea(CLUB, "S", 1))).containsExactly("areaCode");
		assertThat(refused(() -> HoldRequests.validateArea(CLUB, "NOPE", 1))).containsExactly("areaCode");
		assertThat(refused(() -> HoldRequests.validateArea(CLUB, null, 1))).containsExactly("areaCode");
		assertThat(refused(() -> HoldRequests.validateArea(CLUB, "FLOOR", 0))).containsExactly("quantity");
		assertThat(refused(() -> HoldRequests.validateArea(CLUB, "FLOOR", 9))).containsExactly("quantity");
		assertThat(refused(() -> HoldRequests.validateArea(CLUB, "FLOOR", null))).containsExactly("quantity");
	}

}
