package dev.marquee.catalog;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.VenueLayout.Row;
import dev.marquee.catalog.VenueLayout.Section;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A venue's seats in their one fixed order (sections, rows, numbers), which every
 * seat-status string follows; general-admission areas as rows of interchangeable places.
 */
class VenueLayoutTests {

	static final VenueLayout LAYOUT = new VenueLayout(
			List.of(new Section("FLOOR", "Floor", "gold", List.of(new Row("A", 3)), null),
					new Section("UP", "Upper", "silver", List.of(new Row("1", 2), new Row("2", 1)), null)));

	@Test
	void seatsAreOrderedBySectionRowAndNumber() {
		assertThat(LAYOUT.seatIds()).containsExactly("FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3", "UP-1-1", "UP-1-2",
				"UP-2-1");
		assertThat(LAYOUT.seatCount()).isEqualTo(6);
		assertThat(LAYOUT.indexOf("UP-1-2")).isEqualTo(4);
	}

	@Test
	void aSeatTheVenueDoesNotHaveIsNowhere() {
		assertThat(LAYOUT.indexOf("UP-3-1")).isEqualTo(-1);
		assertThat(LAYOUT.contains("UP-3-1")).isFalse();
		assertThat(LAYOUT.contains("FLOOR-A-3")).isTrue();
	}

	@Test
	void aSeatKnowsItsSectionAndPriceTier() {
		assertThat(LAYOUT.sectionOf("UP-2-1").code()).isEqualTo("UP");
		assertThat(LAYOUT.priceTierOf("UP-2-1")).isEqualTo("silver");
		assertThat(LAYOUT.priceTierOf("FLOOR-A-1")).isEqualTo("gold");
		assertThat(LAYOUT.sectionOf("NOSUCH-A-1")).isNull();
	}

	@Test
	void theWidthIsTheWidestRow() {
		assertThat(LAYOUT.width()).isEqualTo(3);
	}

	@Test
	void aGeneralAdmissionAreaIsRowsOfInterchangeablePlacesUpToItsCapacity() {
		Section standing = Section.generalAdmission("PIT", "Pit", "std", 120, null);

		assertThat(standing.generalAdmission()).isTrue();
		assertThat(standing.rows()).containsExactly(new Row("GA1", Section.GA_ROW_LENGTH),
				new Row("GA2", Section.GA_ROW_LENGTH), new Row("GA3", 20));
		VenueLayout layout = new VenueLayout(List.of(standing));
		assertThat(layout.seatCount()).isEqualTo(120);
		assertThat(layout.seatIds()).startsWith("PIT-GA1-1").endsWith("PIT-GA3-20");
	}

}
