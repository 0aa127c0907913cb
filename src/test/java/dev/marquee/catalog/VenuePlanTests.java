package dev.marquee.catalog;

import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.shared.ValidationFailed;
import dev.marquee.shared.Violation;
import dev.marquee.shared.Violations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * A venue drawn as it is: where each seat lands on the plan (the simple form on the grid
 * it always had; curved rows, aisles, turned sections and tables), how seats are
 * numbered, and every rule of the plan, each broken one listed in one problem. Venues are
 * written as the API receives them, in JSON.
 */
class VenuePlanTests {

	static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	private static CreateVenue venue(String sectionsJson, String stageJson) {
		return JsonMapper.shared()
			.readValue("{\"name\":\"Hall\",\"city\":\"Porto\",\"sections\":" + sectionsJson
					+ (stageJson != null ? ",\"stage\":" + stageJson : "") + "}", CreateVenue.class);
	}

	private static VenueLayout layout(String sectionsJson, String stageJson) {
		CreateVenue venue = venue(sectionsJson, stageJson);
		return venue.validate(Violations.of(VALIDATOR.validate(venue)));
	}

	private static List<Violation> violations(String sectionsJson, String stageJson) {
		CreateVenue venue = venue(sectionsJson, stageJson);
		ValidationFailed failed = catchThrowableOfType(ValidationFailed.class,
				() -> venue.validate(Violations.of(VALIDATOR.validate(venue))));
		return failed == null ? List.of() : failed.violations();
	}

	private static double[] at(VenueLayout layout, String seatId) {
		int index = layout.indexOf(seatId);
		return new double[] { layout.geometry().x(index), layout.geometry().y(index) };
	}

	private static void assertAt(VenueLayout layout, String seatId, double x, double y) {
		double[] position = at(layout, seatId);
		assertThat(position[0]).as("%s x", seatId).isCloseTo(x, within(1e-9));
		assertThat(position[1]).as("%s y", seatId).isCloseTo(y, within(1e-9));
	}

	@Test
	void theSimpleFormKeepsTheGridItAlwaysHadAndNoStage() {
		VenueLayout layout = layout(
				"""
						[{"code":"S","name":"Stalls","priceTier":"std","rows":[{"label":"A","seats":10},{"label":"B","seats":8}]},
						 {"code":"T","name":"Circle","priceTier":"std","rows":[{"label":"A","seats":10}]}]""",
				null);

		// seat k of a row at ((width - seats) / 2 + k, row), an aisle between sections
		assertAt(layout, "S-A-1", 0, 0);
		assertAt(layout, "S-A-10", 9, 0);
		assertAt(layout, "S-B-1", 1, 1);
		assertAt(layout, "T-A-1", 0, 3);
		assertThat(layout.stage()).isNull();
		assertThat(layout.geometry().focused()).isFalse();
		assertThat(layout.geometry().distance(0)).isZero();
		assertThat(layout.geometry().bounds()).containsExactly(-0.5, -0.5, 9.5, 3.5);
	}

	@Test
	void aCurvedRowBendsItsEndsTowardsTheStageOnOneCircle() {
		VenueLayout layout = layout("""
				[{"code":"S","name":"Stalls","priceTier":"std","x":0,"y":0,
				  "rows":[{"label":"A","seats":9,"radius":10,"spacing":1.2}]}]""", """
				{"label":"Stage","x":0,"y":-6,"width":12,"height":4}""");

		assertAt(layout, "S-A-5", 0, 0);
		for (int n = 1; n <= 9; n++) {
			double[] seat = at(layout, "S-A-" + n);
			// every seat is 10 from the arc's centre, in front of the row's middle
			assertThat(Math.hypot(seat[0], seat[1] + 10)).isCloseTo(10, within(1e-9));
		}
		double[] end = at(layout, "S-A-1");
		double[] otherEnd = at(layout, "S-A-9");
		assertThat(end[1]).isNegative().isCloseTo(otherEnd[1], within(1e-9));
		assertThat(end[0]).isCloseTo(-otherEnd[0], within(1e-9));
		// neighbours are spacing apart along the arc: a chord a little shorter
		double[] second = at(layout, "S-A-2");
		assertThat(Math.hypot(second[0] - end[0], second[1] - end[1])).isCloseTo(1.2, within(0.01)).isLessThan(1.2);
		assertThat(layout.geometry().focused()).isTrue();
		assertThat(layout.geometry().distance(layout.indexOf("S-A-5"))).isCloseTo(6, within(1e-9));
	}

	@Test
	void aislesTurnsAndTablesPlaceSeatsWhereTheyStand() {
		VenueLayout layout = layout("""
				[{"code":"L","name":"Left","priceTier":"std","x":10,"y":0,"rotation":90,
				  "rows":[{"label":"A","seats":4,"gapsAfter":[2]}]},
				 {"code":"D","name":"Dining","priceTier":"std","x":0,"y":5,
				  "tables":[{"label":"T1","seats":4,"x":0,"y":0,"radius":1}]}]""", null);

		// an aisle one seat wide after the second seat; the section turned a quarter
		// clockwise about its origin
		assertAt(layout, "L-A-1", 10, -2);
		assertAt(layout, "L-A-2", 10, -1);
		assertAt(layout, "L-A-3", 10, 1);
		assertAt(layout, "L-A-4", 10, 2);
		// a table's seats round it, clockwise from the top
		assertAt(layout, "D-T1-1", 0, 4);
		assertAt(layout, "D-T1-2", 1, 5);
		assertAt(layout, "D-T1-3", 0, 6);
		assertAt(layout, "D-T1-4", -1, 5);
	}

	@Test
	void seatNumbersFollowTheRowsSchemeAndAreTheSeatIds() {
		VenueLayout layout = layout("""
				[{"code":"S","name":"Stalls","priceTier":"std","rows":[
				  {"label":"A","seats":4,"firstNumber":1,"numberStep":2},
				  {"label":"B","seats":4,"firstNumber":4,"numberStep":-1},
				  {"label":"C","seats":3,"firstNumber":2,"numberStep":2,"priceTier":"box"}]}]""", null);

		assertThat(layout.seatIds()).containsExactly("S-A-1", "S-A-3", "S-A-5", "S-A-7", "S-B-4", "S-B-3", "S-B-2",
				"S-B-1", "S-C-2", "S-C-4", "S-C-6");
		assertThat(layout.sections().get(0).rows().get(0).position(5)).isEqualTo(2);
		assertThat(layout.sections().get(0).rows().get(0).position(4)).isEqualTo(-1);
		assertThat(layout.priceTierOf("S-C-4")).isEqualTo("box");
		assertThat(layout.priceTiers()).containsExactly("std", "box");
	}

	@Test
	void singleSeatsMayHaveATierOfTheirOwnNamedOnceEach() {
		VenueLayout layout = layout("""
				[{"code":"S","name":"Stalls","priceTier":"std","rows":[
				  {"label":"A","seats":4,"priceTier":"row","seatTiers":{"vip":[2,3]}}]}]""", null);

		assertThat(layout.priceTierOf("S-A-1")).isEqualTo("row");
		assertThat(layout.priceTierOf("S-A-2")).isEqualTo("vip");
		assertThat(layout.priceTierOf("S-A-3")).isEqualTo("vip");
		assertThat(layout.priceTiers()).containsExactly("row", "vip");

		assertThat(violations("""
				[{"code":"S","name":"Stalls","priceTier":"std","rows":[
				  {"label":"A","seats":4,"seatTiers":{"box":[1,9],"vip":[1,null],"bad tier":[2]}}]}]""", null))
			.containsExactlyInAnyOrder(
					new Violation("sections[0].rows[0].seatTiers.box[1]", "seat 9 is not in this row"),
					new Violation("sections[0].rows[0].seatTiers.vip[0]", "seat 1 is already in tier box"),
					new Violation("sections[0].rows[0].seatTiers.vip[1]", "must be a seat number"), new Violation(
							"sections[0].rows[0].seatTiers.bad tier", "must be 1-32 letters, digits, '_' or '-'"));
	}

	@Test
	void aNullSeatNumberIsAViolationNotAFailure() {
		// the layout made while checking the rest once threw on these (a 500)
		assertThat(violations("""
				[{"code":"S","name":"Stalls","priceTier":"std","x":0,"y":0,"rows":[
				  {"label":"A","seats":4,"radius":9,"gapsAfter":[null],"wheelchair":[null, 2]}]}]""", null))
			.containsExactlyInAnyOrder(new Violation("sections[0].rows[0].gapsAfter[0]", "must be a seat position"),
					new Violation("sections[0].rows[0].wheelchair[0]", "must be a seat number"));
	}

	@Test
	void everyBrokenRuleOfARowOrSectionIsListedTogether() {
		assertThat(violations("""
				[{"code":"S","name":"Stalls","priceTier":"std","rotation":30,"rows":[
				  {"label":"A","seats":20,"radius":2},
				  {"label":"B","seats":4,"firstNumber":2,"numberStep":-1},
				  {"label":"C","seats":6,"gapsAfter":[6,2,2],"wheelchair":[1,99],"companion":[1]}],
				  "tables":[{"label":"C","seats":4,"x":0,"y":8}]},
				 {"code":"P","name":"Placed","priceTier":"std","x":4,"width":10,
				  "rows":[{"label":"A","seats":4}]}]""", null)).containsExactly(
				new Violation("sections[0]", "is turned or outlined only once it is placed: give its x and y"),
				new Violation("sections[0].rows[0].radius",
						"cannot hold this row: an arc of 20 seats 1.0 apart wraps onto itself below a radius of 3.18"),
				new Violation("sections[0].rows[1].firstNumber", "numbers the last seat -1: seat numbers start at 1"),
				new Violation("sections[0].rows[2].gapsAfter[0]", "must be a seat position between 1 and 5, each once"),
				new Violation("sections[0].rows[2].gapsAfter[2]", "must be a seat position between 1 and 5, each once"),
				new Violation("sections[0].rows[2].wheelchair[1]", "seat 99 is not in this row"),
				new Violation("sections[0].rows[2].companion[0]", "seat 1 is already listed as wheelchair"),
				new Violation("sections[0].tables[0].label", "duplicates another row or table of this section"),
				new Violation("sections[1].y", "is needed with x: a section is placed by both"),
				new Violation("sections[1].depth", "goes with width: an outline has both"));
	}

	@Test
	void seatsOnEachOtherOutsideTheirOutlineOrOnTheStageAreListedTogether() {
		assertThat(violations("""
				[{"code":"S","name":"Stalls","priceTier":"std","x":0,"y":0,"width":4,"depth":1,
				  "rows":[{"label":"A","seats":6}]},
				 {"code":"T","name":"Terrace","priceTier":"std","x":0.2,"y":0.1,
				  "rows":[{"label":"A","seats":2}]},
				 {"code":"U","name":"Up front","priceTier":"std","x":20,"y":-3,
				  "rows":[{"label":"A","seats":3}]}]""", """
				{"label":"Stage","x":20,"y":-3,"width":8,"height":2}""")).containsExactly(
				new Violation("sections[0].rows[0]",
						"seats [1, 6] lie outside the section's outline (4.0 wide, 1.0 deep)"),
				new Violation("sections[2].rows[0]", "seats [U-A-1, U-A-2, U-A-3] are on the stage"),
				new Violation("sections[1].rows[0]", "seat T-A-1 is on top of seat S-A-3"),
				new Violation("sections[1].rows[0]", "seat T-A-2 is on top of seat S-A-4"));
	}

	@Test
	void theDemoHallIsADrawnVenueThatKeepsItsSeatIds() {
		CreateVenue hall = DemoCatalog.hall();
		VenueLayout layout = hall.validate(Violations.of(VALIDATOR.validate(hall)));

		assertThat(layout.seatCount()).isEqualTo(8 * 20 + 4 * 24);
		assertThat(layout.seatIds()).contains("FLOOR-A-1", "FLOOR-C-7", "FLOOR-H-20", "BALC-D-24");
		assertThat(layout.sections().get(0).rows().get(7).category(0)).isEqualTo(SeatCategory.WHEELCHAIR);
		assertThat(layout.geometry().focused()).isTrue();
	}

}
