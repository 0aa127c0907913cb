package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.Range;

import dev.marquee.shared.CleanText;
import dev.marquee.shared.Violations;

/**
 * What an admin sends to create a venue: sections of rows, each row a seat count; or
 * general-admission areas with a capacity instead of rows (a standing floor); and, if the
 * venue is drawn as it is, a stage, each section's place and turn on the plan, curved
 * rows, aisles, tables, seat numbering and the wheelchair places, companion seats and
 * restricted views. The rules of single fields are its constraints; everything between
 * fields (unique codes and labels, rows or a capacity, numbers that exist, arcs that
 * close, seats inside their section and never on another, the size of the venue) is
 * checked in code, by {@link #validate}, and every violation is listed.
 */
public record CreateVenue(@CleanText(max = 200, message = "must be 1-200 characters") String name,
		@CleanText(max = 200, message = "must be 1-200 characters") String city,
		@NotEmpty(message = "must list at least one section") List<@NotNull(
				message = "must be an object") @Valid SectionSpec> sections,
		@Valid StageSpec stage) {

	static final String CODE = "[A-Za-z0-9]{1,16}";

	static final String TIER = "[A-Za-z0-9_-]{1,32}";

	static final String TIER_MESSAGE = "must be 1-32 letters, digits, '_' or '-'";

	static final int MAX_SEATS_PER_ROW = 1_000;

	static final int MAX_SEATS = 200_000;

	static final int MAX_CAPACITY = 100_000;

	static final String PLAN = "10000";

	static final String PLAN_MESSAGE = "must be between -10000 and 10000";

	public CreateVenue(String name, String city, List<SectionSpec> sections) {
		this(name, city, sections, null);
	}

	/**
	 * A section as sent: rows of seats (and tables), or a general-admission capacity; and
	 * where it stands on the plan: its front middle at ({@code x}, {@code y}), turned
	 * {@code rotation} degrees clockwise, its outline {@code width} by {@code depth}.
	 */
	public record SectionSpec(
			@NotNull(message = "must be 1-16 letters or digits") @Pattern(regexp = CODE,
					message = "must be 1-16 letters or digits") String code,
			@CleanText(max = 200, message = "must be 1-200 characters") String name,
			@NotNull(message = TIER_MESSAGE) @Pattern(regexp = TIER, message = TIER_MESSAGE) String priceTier,
			List<@NotNull(message = "must be an object") @Valid RowSpec> rows,
			@Range(min = 1, max = MAX_CAPACITY, message = "must be between 1 and " + MAX_CAPACITY) Integer capacity,
			@DecimalMin(value = "-" + PLAN, message = PLAN_MESSAGE) @DecimalMax(value = PLAN,
					message = PLAN_MESSAGE) Double x,
			@DecimalMin(value = "-" + PLAN, message = PLAN_MESSAGE) @DecimalMax(value = PLAN,
					message = PLAN_MESSAGE) Double y,
			@DecimalMin(value = "-360", message = "must be between -360 and 360") @DecimalMax(value = "360",
					message = "must be between -360 and 360") Double rotation,
			@DecimalMin(value = "1", message = "must be between 1 and " + PLAN) @DecimalMax(value = PLAN,
					message = "must be between 1 and " + PLAN) Double width,
			@DecimalMin(value = "1", message = "must be between 1 and " + PLAN) @DecimalMax(value = PLAN,
					message = "must be between 1 and " + PLAN) Double depth,
			List<@NotNull(message = "must be an object") @Valid TableSpec> tables) {

		public SectionSpec(String code, String name, String priceTier, List<RowSpec> rows) {
			this(code, name, priceTier, rows, null);
		}

		public SectionSpec(String code, String name, String priceTier, List<RowSpec> rows, Integer capacity) {
			this(code, name, priceTier, rows, capacity, null, null, null, null, null, null);
		}

		boolean placed() {
			return x != null || y != null;
		}

		VenueLayout.Placement placement() {
			return placed() ? new VenueLayout.Placement(x, y, rotation != null ? rotation : 0, width, depth) : null;
		}

		/** Its rows then its tables, as the layout keeps them. */
		List<VenueLayout.Row> layoutRows() {
			List<VenueLayout.Row> all = new ArrayList<>();
			if (rows != null) {
				rows.forEach(row -> all.add(row.row()));
			}
			if (tables != null) {
				tables.forEach(table -> all.add(table.row()));
			}
			return all;
		}

	}

	/**
	 * A row as sent: a label and how many seats, and optionally its shape (middle at
	 * {@code x}, {@code y} in its section; {@code spacing}; an arc of {@code radius};
	 * aisles after seat positions {@code gapsAfter}), its numbering ({@code firstNumber},
	 * then every {@code numberStep}: 1 by default, 2 for an odd or even side, negative to
	 * count down), the seat numbers of wheelchair places, companion seats and restricted
	 * views, and its own price tier.
	 */
	public record RowSpec(
			@NotNull(message = "must be 1-16 letters or digits") @Pattern(regexp = CODE,
					message = "must be 1-16 letters or digits") String label,
			@NotNull(message = "must be between 1 and " + MAX_SEATS_PER_ROW) @Range(min = 1, max = MAX_SEATS_PER_ROW,
					message = "must be between 1 and " + MAX_SEATS_PER_ROW) Integer seats,
			@DecimalMin(value = "-" + PLAN, message = PLAN_MESSAGE) @DecimalMax(value = PLAN,
					message = PLAN_MESSAGE) Double x,
			@DecimalMin(value = "-" + PLAN, message = PLAN_MESSAGE) @DecimalMax(value = PLAN,
					message = PLAN_MESSAGE) Double y,
			@DecimalMin(value = "0.5", message = "must be between 0.5 and 10") @DecimalMax(value = "10",
					message = "must be between 0.5 and 10") Double spacing,
			@DecimalMin(value = "-" + PLAN, message = PLAN_MESSAGE) @DecimalMax(value = PLAN,
					message = PLAN_MESSAGE) Double radius,
			List<@NotNull(message = "must be a seat position") Integer> gapsAfter,
			@Range(min = 1, max = 100_000, message = "must be between 1 and 100000") Integer firstNumber,
			@Range(min = -2, max = 2, message = "must be -2, -1, 1 or 2") Integer numberStep,
			List<@NotNull(message = "must be a seat number") Integer> wheelchair,
			List<@NotNull(message = "must be a seat number") Integer> companion,
			List<@NotNull(message = "must be a seat number") Integer> restrictedView,
			@Pattern(regexp = TIER, message = TIER_MESSAGE) String priceTier,
			Map<@Pattern(regexp = TIER,
					message = TIER_MESSAGE) String, @NotNull(message = "must list seat numbers") List<@NotNull(
							message = "must be a seat number") Integer>> seatTiers) {

		public RowSpec(String label, Integer seats) {
			this(label, seats, null, null, null, null, null, null, null, null, null, null, null, null);
		}

		public RowSpec(String label, Integer seats, Double x, Double y, Double spacing, Double radius,
				List<Integer> gapsAfter, Integer firstNumber, Integer numberStep, List<Integer> wheelchair,
				List<Integer> companion, List<Integer> restrictedView, String priceTier) {
			this(label, seats, x, y, spacing, radius, gapsAfter, firstNumber, numberStep, wheelchair, companion,
					restrictedView, priceTier, null);
		}

		VenueLayout.Row row() {
			boolean shaped = x != null || y != null || spacing != null || radius != null
					|| (gapsAfter != null && !gapsAfter.isEmpty());
			return new VenueLayout.Row(label, seats, firstNumber, numberStep,
					shaped ? new VenueLayout.Shape(x, y, spacing, radius, VenueSpecChecks.sorted(gapsAfter), false)
							: null,
					VenueSpecChecks.listed(wheelchair), VenueSpecChecks.listed(companion),
					VenueSpecChecks.listed(restrictedView), priceTier, VenueSpecChecks.tiers(seatTiers));
		}

	}

	/**
	 * A table as sent: {@code seats} round it, centred at ({@code x}, {@code y}) in its
	 * section, numbered 1.. clockwise from the top; its seat ids are
	 * {@code SECTION-LABEL-n} like a row's.
	 */
	public record TableSpec(
			@NotNull(message = "must be 1-16 letters or digits") @Pattern(regexp = CODE,
					message = "must be 1-16 letters or digits") String label,
			@NotNull(message = "must be between 1 and 24") @Range(min = 1, max = 24,
					message = "must be between 1 and 24") Integer seats,
			@NotNull(message = PLAN_MESSAGE) @DecimalMin(value = "-" + PLAN,
					message = PLAN_MESSAGE) @DecimalMax(value = PLAN, message = PLAN_MESSAGE) Double x,
			@NotNull(message = PLAN_MESSAGE) @DecimalMin(value = "-" + PLAN,
					message = PLAN_MESSAGE) @DecimalMax(value = PLAN, message = PLAN_MESSAGE) Double y,
			@DecimalMin(value = "0.5", message = "must be between 0.5 and 20") @DecimalMax(value = "20",
					message = "must be between 0.5 and 20") Double radius,
			List<@NotNull(message = "must be a seat number") Integer> wheelchair,
			List<@NotNull(message = "must be a seat number") Integer> companion,
			@Pattern(regexp = TIER, message = TIER_MESSAGE) String priceTier) {

		VenueLayout.Row row() {
			return new VenueLayout.Row(label, seats, null, null, new VenueLayout.Shape(x, y, null, radius, null, true),
					VenueSpecChecks.listed(wheelchair), VenueSpecChecks.listed(companion), null, priceTier);
		}

	}

	/**
	 * The stage: a rectangle {@code width} by {@code height} centred at ({@code x},
	 * {@code y}); seats are better the nearer they are to its focus (its centre unless
	 * {@code focusX}, {@code focusY} say otherwise).
	 */
	public record StageSpec(@CleanText(max = 50, message = "must be 1-50 characters") String label,
			@NotNull(message = PLAN_MESSAGE) @DecimalMin(value = "-" + PLAN,
					message = PLAN_MESSAGE) @DecimalMax(value = PLAN, message = PLAN_MESSAGE) Double x,
			@NotNull(message = PLAN_MESSAGE) @DecimalMin(value = "-" + PLAN,
					message = PLAN_MESSAGE) @DecimalMax(value = PLAN, message = PLAN_MESSAGE) Double y,
			@NotNull(message = "must be between 1 and " + PLAN) @DecimalMin(value = "1",
					message = "must be between 1 and " + PLAN) @DecimalMax(value = PLAN,
							message = "must be between 1 and " + PLAN) Double width,
			@NotNull(message = "must be between 1 and " + PLAN) @DecimalMin(value = "1",
					message = "must be between 1 and " + PLAN) @DecimalMax(value = PLAN,
							message = "must be between 1 and " + PLAN) Double height,
			@DecimalMin(value = "-" + PLAN, message = PLAN_MESSAGE) @DecimalMax(value = PLAN,
					message = PLAN_MESSAGE) Double focusX,
			@DecimalMin(value = "-" + PLAN, message = PLAN_MESSAGE) @DecimalMax(value = PLAN,
					message = PLAN_MESSAGE) Double focusY) {

		VenueLayout.Stage stage() {
			return new VenueLayout.Stage(label.strip(), x, y, width, height, focusX, focusY);
		}

	}

	/**
	 * Checks this venue between fields, as {@link VenueSpecChecks#validate} does, and
	 * answers its layout.
	 */
	VenueLayout validate(Violations v) {
		return VenueSpecChecks.validate(this, v);
	}

	VenueLayout layout() {
		return new VenueLayout(sections.stream()
			.map(s -> s.capacity() != null
					? VenueLayout.Section.generalAdmission(s.code(), s.name().strip(), s.priceTier(), s.capacity(),
							s.placement())
					: new VenueLayout.Section(s.code(), s.name().strip(), s.priceTier(), s.layoutRows(), null,
							s.placement()))
			.toList(), stage != null ? stage.stage() : null);
	}

}
