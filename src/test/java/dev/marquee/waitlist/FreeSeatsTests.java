package dev.marquee.waitlist;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.VenueLayout;
import dev.marquee.catalog.VenueLayout.Row;
import dev.marquee.catalog.VenueLayout.Section;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A section's free seats are counted in its own stretch of the seat-status string only.
 */
class FreeSeatsTests {

	// sections in layout order: F (rows A:3, B:2), then S (row A:4)
	static final VenueLayout LAYOUT = new VenueLayout(
			List.of(new Section("F", "Front", "std", List.of(new Row("A", 3), new Row("B", 2)), null),
					new Section("S", "Stalls", "std", List.of(new Row("A", 4)), null)));

	@Test
	void countsTheAvailableSeatsOfTheSectionOnly() {
		String statuses = ".HX" + "#." + "..HX";
		assertThat(FreeSeats.in(LAYOUT, statuses, "F")).isEqualTo(2);
		assertThat(FreeSeats.in(LAYOUT, statuses, "S")).isEqualTo(2);
	}

	@Test
	void aSoldOutSectionOrAnUnknownOneHasNone() {
		assertThat(FreeSeats.in(LAYOUT, "HHXXH" + "....", "F")).isZero();
		assertThat(FreeSeats.in(LAYOUT, ".........", "Z")).isZero();
	}

}
