package dev.marquee.hold;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import dev.marquee.shared.Violations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Best available, as pure selection on a seat map: the best block of adjacent seats is
 * front and centre, never strands a single seat when another block avoids it, and within
 * a price is in the dearest affordable section. (That buyers asking at once get disjoint
 * blocks is a Redis race: {@link HoldContentionTests}.)
 */
class BestAvailableTests {

	private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");

	/**
	 * Section S, rows A and B of {@code seats} seats, one price; at most 8 tickets per
	 * buyer.
	 */
	private static EventSetup stalls(int seats) {
		return setup(Map.of("std", 5000L),
				new Section("S", "Stalls", "std", List.of(new Row("A", seats), new Row("B", seats)), null));
	}

	private static EventSetup setup(Map<String, Long> prices, Section... sections) {
		return setup(new Venue(UUID.randomUUID(), "Hall", "Porto", new VenueLayout(List.of(sections)), NOW), prices);
	}

	private static EventSetup setup(Venue venue, Map<String, Long> prices) {
		Event event = new Event(EventId.of(UUID.randomUUID()), venue.id(), "Night", NOW.plusSeconds(86_400),
				NOW.minusSeconds(3_600), 600, 8, "EUR", prices, Set.of(), false, null, 48, NOW, EventStatus.PUBLISHED);
		return new EventSetup(event, venue);
	}

	/**
	 * The map at one seq: {@code statuses} one glyph per seat in layout order ('.' free).
	 */
	private static SeatSnapshot map(EventSetup setup, String statuses) {
		return new SeatSnapshot(setup.event().id(), 1, statuses, setup);
	}

	private static List<String> best(SeatSnapshot snapshot, String section, int quantity, Long maxPrice) {
		return BestAvailable.find(snapshot, new BestAvailable.Request(section, quantity, maxPrice)).get(0).seatIds();
	}

	@Test
	void theBestBlockIsInTheFrontRowInTheMiddle() {
		EventSetup setup = stalls(10);
		assertThat(best(map(setup, ".".repeat(20)), "S", 2, null)).containsExactly("S-A-5", "S-A-6");
		// with the middle pair taken, the pairs beside it are as central: the first on
		// the map wins
		assertThat(best(map(setup, "....HH...." + ".........."), null, 2, null)).containsExactly("S-A-3", "S-A-4");
	}

	@Test
	void noSingleSeatIsStrandedWhenAnotherBlockAvoidsIt() {
		// A-4..A-7 are free: three of them would strand one, so row B it is; four fit
		// exactly
		SeatSnapshot snapshot = map(stalls(10), "HHH....HHH" + "..........");
		assertThat(best(snapshot, null, 3, null)).containsExactly("S-B-4", "S-B-5", "S-B-6");
		assertThat(best(snapshot, null, 4, null)).containsExactly("S-A-4", "S-A-5", "S-A-6", "S-A-7");
	}

	@Test
	void withinAPriceTheDearestAffordableSectionWins() {
		EventSetup setup = setup(Map.of("premium", 9000L, "middle", 5000L, "cheap", 3000L),
				new Section("P", "Premium", "premium", List.of(new Row("A", 4)), null),
				new Section("M", "Middle", "middle", List.of(new Row("A", 4)), null),
				new Section("C", "Cheap", "cheap", List.of(new Row("A", 4)), null));
		SeatSnapshot snapshot = map(setup, ".".repeat(12));
		// two of four: the end of the row, since the middle pair would strand the seat
		// beside it
		assertThat(best(snapshot, null, 2, 6000L)).containsExactly("M-A-1", "M-A-2");
		assertThat(best(snapshot, null, 2, null)).containsExactly("P-A-1", "P-A-2");
	}

	@Test
	void blocksAreBestFirstDisjointFromTakenSeatsAndAtMostTheCandidates() {
		EventSetup setup = stalls(100);
		String statuses = "H.".repeat(25) + ".".repeat(150);
		List<BestAvailable.Block> blocks = BestAvailable.find(map(setup, statuses),
				new BestAvailable.Request(null, 2, null));
		assertThat(blocks).hasSize(BestAvailable.CANDIDATES);
		assertThat(blocks).allSatisfy(block -> assertThat(block.seatIds())
			.allSatisfy(seat -> assertThat(statuses.charAt(setup.layout().indexOf(seat))).isEqualTo('.')));
		assertThat(blocks).isSortedAccordingTo(Comparator.comparingInt(BestAvailable.Block::orphans)
			.thenComparingInt(BestAvailable.Block::row)
			.thenComparingInt(BestAvailable.Block::offCentre));
	}

	@Test
	void withAStageTheBlockNearestItsFocusWinsNotTheFrontMiddle() {
		// a stage off to the left of two rows: the left end of row B is nearest it
		Section stalls = new Section("S", "Stalls", "std", List.of(new Row("A", 10), new Row("B", 10)), null,
				new VenueLayout.Placement(0, 0, 0, null, null));
		Venue venue = new Venue(UUID.randomUUID(), "Hall", "Porto",
				new VenueLayout(List.of(stalls), new VenueLayout.Stage("Stage", -20, 2, 4, 4, null, null)), NOW);
		EventSetup setup = setup(venue, Map.of("std", 5000L));

		assertThat(best(map(setup, ".".repeat(20)), null, 2, null)).containsExactly("S-B-1", "S-B-2");
		assertThat(best(map(setup, "." + ".........." + "H........."), null, 2, null)).containsExactly("S-A-1",
				"S-A-2");
	}

	@Test
	void aWheelchairPlaceGoesWithItsCompanionSeatAndOnlyToWhoAsks() {
		// row A: wheelchair places 1 and 10, companion seats 2 and 9
		Row accessible = new Row("A", 10, null, null, null, List.of(1, 10), List.of(2, 9), null, null);
		EventSetup setup = setup(Map.of("std", 5000L),
				new Section("S", "Stalls", "std", List.of(accessible, new Row("B", 10)), null));
		SeatSnapshot free = map(setup, ".".repeat(20));

		assertThat(BestAvailable.find(free, new BestAvailable.Request(null, 2, null, 1)).get(0).seatIds())
			.containsExactly("S-A-1", "S-A-2");
		assertThat(BestAvailable.find(map(setup, "H" + ".".repeat(19)), new BestAvailable.Request(null, 2, null, 1))
			.get(0)
			.seatIds()).containsExactly("S-A-9", "S-A-10");
		// a companion seat without its wheelchair place is no block for who needs one
		assertThat(BestAvailable.find(map(setup, "H........H" + ".........."),
				new BestAvailable.Request(null, 2, null, 1)))
			.isEmpty();
		// everyone else is never offered them, nor the seats between as a block past them
		List<BestAvailable.Block> blocks = BestAvailable.find(free, new BestAvailable.Request(null, 6, null));
		assertThat(blocks).isNotEmpty()
			.allSatisfy(block -> assertThat(block.seatIds()).doesNotContain("S-A-1", "S-A-2", "S-A-9", "S-A-10"));
		assertThat(BestAvailable.loose(free, "S", 16)).get()
			.satisfies(block -> assertThat(block.seatIds()).doesNotContain("S-A-1", "S-A-2", "S-A-9", "S-A-10"));
		assertThat(BestAvailable.loose(free, "S", 17)).isEmpty();
	}

	@Test
	void singleSeatsOfTheirOwnTierArePricedAndChosenAsSuch() {
		// row A's middle pair is a box at 9000, the rest of the section 5000
		Row boxed = new Row("A", 6, null, null, null, null, null, null, null, Map.of("box", List.of(3, 4)));
		EventSetup setup = setup(Map.of("std", 5000L, "box", 9000L),
				new Section("S", "Stalls", "std", List.of(boxed, new Row("B", 6)), null));
		SeatSnapshot free = map(setup, ".".repeat(12));

		List<BestAvailable.Block> dearest = BestAvailable.find(free, new BestAvailable.Request(null, 2, null));
		assertThat(dearest.get(0).seatIds()).containsExactly("S-A-3", "S-A-4");
		assertThat(dearest.get(0).price()).isEqualTo(9000);
		// up to 5000 a seat: never a block with a box seat in it
		assertThat(BestAvailable.find(free, new BestAvailable.Request(null, 2, 5000L)))
			.allSatisfy(block -> assertThat(block.seatIds()).doesNotContain("S-A-3", "S-A-4"));
		assertThat(setup.priceOf("S-A-4").amountMinor()).isEqualTo(9000);
	}

	@Test
	void aBlockNeverSpansAnAisle() {
		Row split = new Row("A", 6, null, null, new VenueLayout.Shape(null, null, null, null, List.of(3), false), null,
				null, null, null);
		SeatSnapshot snapshot = map(
				setup(Map.of("std", 5000L), new Section("S", "Stalls", "std", List.of(split), null)), "......");

		assertThat(BestAvailable.find(snapshot, new BestAvailable.Request(null, 4, null))).isEmpty();
		assertThat(BestAvailable.find(snapshot, new BestAvailable.Request(null, 3, null)))
			.extracting(BestAvailable.Block::seatIds)
			.containsExactly(List.of("S-A-1", "S-A-2", "S-A-3"), List.of("S-A-4", "S-A-5", "S-A-6"));
	}

	@Test
	void noBlockWhenNoRunIsLongEnough() {
		assertThat(BestAvailable.find(map(stalls(4), ".H.H.H.H"), new BestAvailable.Request("S", 2, null))).isEmpty();
	}

	@Test
	void looseSeatsAreTheFrontRowsFromTheMiddleOut() {
		SeatSnapshot snapshot = map(stalls(5), "..H.." + ".....");
		assertThat(BestAvailable.loose(snapshot, "S", 3)).get()
			.satisfies(block -> assertThat(block.seatIds()).containsExactly("S-A-2", "S-A-4", "S-A-1"));
		assertThat(BestAvailable.loose(snapshot, "S", 10)).isEmpty();
	}

	@Test
	void generalAdmissionPlacesAreDrawnFromTheFreeOnesOnly() {
		EventSetup setup = setup(Map.of("floor", 2500L),
				new Section("FLOOR", "Floor", "floor", List.of(new Row("GA1", 6)), 6));
		SeatSnapshot snapshot = map(setup, "H.H...");
		Random random = new Random(42);
		Set<String> drawn = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			List<String> places = BestAvailable.randomPlaces(snapshot, "FLOOR", 3, random).orElseThrow().seatIds();
			assertThat(places).hasSize(3).doesNotHaveDuplicates().doesNotContain("FLOOR-GA1-1", "FLOOR-GA1-3");
			drawn.addAll(places);
		}
		assertThat(drawn).containsExactlyInAnyOrder("FLOOR-GA1-2", "FLOOR-GA1-4", "FLOOR-GA1-5", "FLOOR-GA1-6");
		assertThat(BestAvailable.free(snapshot, "FLOOR")).isEqualTo(4);
		assertThat(BestAvailable.randomPlaces(snapshot, "FLOOR", 5, random)).isEmpty();
	}

	@Test
	void badRequestsAreRefusedFieldByField() {
		EventSetup setup = stalls(4);
		assertThat(violations(setup, new BestAvailable.Request(null, null, null))).containsExactly("quantity");
		assertThat(violations(setup, new BestAvailable.Request(null, 0, null))).containsExactly("quantity");
		assertThat(violations(setup, new BestAvailable.Request(null, 9, null))).containsExactly("quantity");
		assertThat(violations(setup, new BestAvailable.Request("NOPE", 2, null))).containsExactly("sectionCode");
		assertThat(violations(setup, new BestAvailable.Request(null, 2, -1L))).containsExactly("maxPriceMinor");
		assertThat(violations(setup, new BestAvailable.Request("S", 8, 0L))).isEmpty();
	}

	private static List<String> violations(EventSetup setup, BestAvailable.Request request) {
		Violations v = new Violations();
		request.validate(setup, v);
		try {
			v.throwIfAny();
			return List.of();
		}
		catch (ValidationFailed ex) {
			return ex.violations().stream().map(Violation::field).toList();
		}
	}

}
