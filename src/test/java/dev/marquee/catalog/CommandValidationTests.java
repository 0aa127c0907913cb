package dev.marquee.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CreateEvent.PriceSpec;
import dev.marquee.catalog.CreateEvent.QueueSpec;
import dev.marquee.catalog.CreateVenue.RowSpec;
import dev.marquee.catalog.CreateVenue.SectionSpec;
import dev.marquee.catalog.VenueLayout.Row;
import dev.marquee.catalog.VenueLayout.Section;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.shared.Violation;
import dev.marquee.shared.Violations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The catalog's commands as the API documents their validation: each field's rule is a
 * constraint on the record with the documented message and JSON path, and the rules
 * between fields, checked in code, are listed among them in one stable order (fields in
 * the order the command is checked, sections and rows and prices in the order sent; what
 * needs the venue last).
 */
class CommandValidationTests {

	static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	static final Instant STARTS_AT = Instant.parse("2030-01-01T20:00:00Z");

	static final VenueLayout LAYOUT = new VenueLayout(
			List.of(new Section("S", "Stalls", "std", List.of(new Row("A", 3)), null),
					new Section("V", "Vip", "VIP", List.of(new Row("A", 3)), null)));

	@Test
	void everyFieldOfAnEventBreaksItsConstraintWithTheDocumentedMessageAndPath() {
		Map<String, PriceSpec> prices = new LinkedHashMap<>();
		prices.put("A", new PriceSpec(-1L, "eur"));
		prices.put("B", null);
		prices.put("VIP", new PriceSpec(null, null));
		CreateEvent event = new CreateEvent(null, " ", null, null, 3601, 0, prices, null, null, 8761);

		assertThat(thrown(Violations.of(VALIDATOR.validate(event))::throwIfAny)).containsExactlyInAnyOrder(
				new Violation("name", "must be 1-200 characters"),
				new Violation("startsAt", "is required (ISO-8601, e.g. 2026-12-01T20:00:00Z)"),
				new Violation("onSaleAt", "is required (ISO-8601)"),
				new Violation("holdTtlSeconds", "must be between 1 and 3600"),
				new Violation("maxTicketsPerUser", "must be between 1 and 100"),
				new Violation("prices.A.amountMinor", "must be between 0 and 100000000 (minor units)"),
				new Violation("prices.A.currency", "must be a three-letter ISO-4217 code such as USD"),
				new Violation("prices.B", "must be {amountMinor, currency}"),
				new Violation("prices.VIP.amountMinor", "must be between 0 and 100000000 (minor units)"),
				new Violation("prices.VIP.currency", "must be a three-letter ISO-4217 code such as USD"),
				new Violation("refundCutoffHours", "must be between 0 and 8760 hours before the event starts"));
		CreateEvent noPrices = new CreateEvent(null, "x", STARTS_AT, STARTS_AT, null, null, Map.of(), null, null, null);
		assertThat(thrown(Violations.of(VALIDATOR.validate(noPrices))::throwIfAny))
			.containsExactly(new Violation("prices", "must give a price for every price tier of the venue"));
	}

	@Test
	void aBadEventListsItsConstraintsAndItsRulesInOneStableOrderNamedByJsonPath() {
		Map<String, PriceSpec> prices = new LinkedHashMap<>();
		prices.put("A", new PriceSpec(-1L, "EUR"));
		prices.put("B", new PriceSpec(5L, "USD"));
		prices.put("C", new PriceSpec(null, "eur"));
		prices.put("D", null);
		prices.put("VIP", new PriceSpec(200_000_000L, null));
		CreateEvent event = new CreateEvent(UUID.randomUUID().toString(), "x".repeat(201), STARTS_AT,
				STARTS_AT.plusSeconds(1), 3601, 0, prices, new QueueSpec(true, 0), Arrays.asList("S-A-1", null, "X"),
				8761);

		assertThat(violations(event, LAYOUT)).containsExactly(new Violation("name", "must be 1-200 characters"),
				new Violation("onSaleAt", "must be before startsAt"),
				new Violation("holdTtlSeconds", "must be between 1 and 3600"),
				new Violation("maxTicketsPerUser", "must be between 1 and 100"),
				new Violation("prices.A.amountMinor", "must be between 0 and 100000000 (minor units)"),
				new Violation("prices.B.currency", "all prices of an event must share one currency"),
				new Violation("prices.C.amountMinor", "must be between 0 and 100000000 (minor units)"),
				new Violation("prices.C.currency", "must be a three-letter ISO-4217 code such as USD"),
				new Violation("prices.D", "must be {amountMinor, currency}"),
				new Violation("prices.VIP.amountMinor", "must be between 0 and 100000000 (minor units)"),
				new Violation("prices.VIP.currency", "must be a three-letter ISO-4217 code such as USD"),
				new Violation("refundCutoffHours", "must be between 0 and 8760 hours before the event starts"),
				new Violation("queue.admitPerMinute", "must be between 1 and 1000000 when the queue is enabled"),
				new Violation("prices.std", "is missing: the venue has seats in this price tier"),
				new Violation("blockedSeatIds[1]", "is not a seat of this venue"),
				new Violation("blockedSeatIds[2]", "is not a seat of this venue"));
	}

	@Test
	void anEventWithoutAUsableVenueIdIsCheckedForEverythingElse() {
		CreateEvent event = new CreateEvent("nope", "ok", STARTS_AT, null, null, null, null, new QueueSpec(null, null),
				null, null);

		assertThat(violations(event, LAYOUT)).containsExactly(new Violation("venueId", "must be the UUID of a venue"),
				new Violation("onSaleAt", "is required (ISO-8601)"),
				new Violation("prices", "must give a price for every price tier of the venue"));
	}

	@Test
	void aGoodEventHasNoViolations() {
		CreateEvent event = new CreateEvent(UUID.randomUUID().toString(), "Night", STARTS_AT, STARTS_AT.minusSeconds(1),
				3600, 100, Map.of("std", new PriceSpec(100_000_000L, "EUR"), "VIP", new PriceSpec(0L, "EUR")),
				new QueueSpec(true, 1_000_000), List.of("S-A-1"), 8760);

		assertThat(violations(event, LAYOUT)).isEmpty();
	}

	@Test
	void aBadVenueListsEveryViolationInTheOrderOfItsSectionsAndRows() {
		List<SectionSpec> sections = new ArrayList<>();
		sections.add(new SectionSpec("FLOOR-1", "Floor", "std", List.of(new RowSpec("A", 0))));
		sections.add(new SectionSpec("B", "Balcony", "std", List.of(new RowSpec("A", 5), new RowSpec("A", -1))));
		sections.add(new SectionSpec("B", "Again", "std", List.of()));
		sections.add(null);
		sections.add(new SectionSpec("FLOOR-1", "", "bad tier!", null));
		sections.add(new SectionSpec("R", "Rows", "std",
				Arrays.asList(new RowSpec("1", 1000), null, new RowSpec("1", 1000))));

		assertThat(violations(new CreateVenue("", null, sections))).containsExactly(
				new Violation("name", "must be 1-200 characters"), new Violation("city", "must be 1-200 characters"),
				new Violation("sections[0].code", "must be 1-16 letters or digits"),
				new Violation("sections[0].rows[0].seats", "must be between 1 and 1000"),
				new Violation("sections[1].rows[1].label", "duplicates another row of this section"),
				new Violation("sections[1].rows[1].seats", "must be between 1 and 1000"),
				new Violation("sections[2].code", "duplicates another section"),
				new Violation("sections[2].rows",
						"must list at least one row (or give a capacity for general admission)"),
				new Violation("sections[3]", "must be an object"),
				new Violation("sections[4].code", "must be 1-16 letters or digits"),
				new Violation("sections[4].code", "duplicates another section"),
				new Violation("sections[4].name", "must be 1-200 characters"),
				new Violation("sections[4].priceTier", "must be 1-32 letters, digits, '_' or '-'"),
				new Violation("sections[4].rows",
						"must list at least one row (or give a capacity for general admission)"),
				new Violation("sections[5].rows[1]", "must be an object"),
				new Violation("sections[5].rows[2].label", "duplicates another row of this section"));
	}

	@Test
	void theRowsOfAGeneralAdmissionAreaAreNotCheckedOneByOneOnlyRefused() {
		List<SectionSpec> sections = List.of(
				new SectionSpec(null, null, null,
						Arrays.asList(null, new RowSpec(null, null), new RowSpec("x y", 1001)), 0),
				new SectionSpec("GA", "Ga", "std", List.of(new RowSpec("bad label", 0)), 100_001),
				new SectionSpec("GA2", "Ga", "std", List.of(), 5));

		assertThat(violations(new CreateVenue("Hall", "Porto", sections))).containsExactly(
				new Violation("sections[0].code", "must be 1-16 letters or digits"),
				new Violation("sections[0].name", "must be 1-200 characters"),
				new Violation("sections[0].priceTier", "must be 1-32 letters, digits, '_' or '-'"),
				new Violation("sections[0].rows", "must be absent in a general-admission area (it has a capacity)"),
				new Violation("sections[0].capacity", "must be between 1 and 100000"),
				new Violation("sections[1].rows", "must be absent in a general-admission area (it has a capacity)"),
				new Violation("sections[1].capacity", "must be between 1 and 100000"));
	}

	@Test
	void theSizeOfAVenueIsCheckedAfterItsSectionsCountingOnlyValidSeats() {
		List<RowSpec> rows = new ArrayList<>();
		for (int i = 0; i < 201; i++) {
			rows.add(new RowSpec("R" + i, 1000));
		}
		rows.add(new RowSpec("bad-", 1));
		List<SectionSpec> sections = List.of(new SectionSpec("BIG", "Big", "std", rows),
				new SectionSpec("GA", "Ga", "std", null, 100_000));

		assertThat(violations(new CreateVenue("Hall", "Porto", sections))).containsExactly(
				new Violation("sections[0].rows[201].label", "must be 1-16 letters or digits"),
				new Violation("sections", "a venue has at most 200000 seats, this one 301001"));
		assertThat(violations(new CreateVenue("Hall", "\u0007", List.of()))).containsExactly(
				new Violation("city", "must be 1-200 characters"),
				new Violation("sections", "must list at least one section"));
	}

	@Test
	void aGoodVenueHasNoViolations() {
		CreateVenue venue = new CreateVenue("Hall", "Porto",
				List.of(new SectionSpec("S", "Stalls", "std", List.of(new RowSpec("A", 1000))),
						new SectionSpec("F", "Floor", "std", null, 100_000)));

		assertThatNoException().isThrownBy(() -> venue.validate(Violations.of(VALIDATOR.validate(venue))));
	}

	/**
	 * What the catalog reports for the event, as {@link CatalogManagement#createEvent}
	 * checks it.
	 */
	private static List<Violation> violations(CreateEvent event, VenueLayout layout) {
		Violations v = Violations.of(VALIDATOR.validate(event));
		if (event.validateShape(v) != null) {
			event.validateAgainst(layout, v);
		}
		return thrown(v::throwIfAny);
	}

	private static List<Violation> violations(CreateVenue venue) {
		return thrown(() -> venue.validate(Violations.of(VALIDATOR.validate(venue))));
	}

	private static List<Violation> thrown(Runnable validation) {
		try {
			validation.run();
			return List.of();
		}
		catch (ValidationFailed ex) {
			return ex.violations();
		}
	}

}
