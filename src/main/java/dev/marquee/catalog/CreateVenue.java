package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

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
					shaped ? new VenueLayout.Shape(x, y, spacing, radius, sorted(gapsAfter), false) : null,
					listed(wheelchair), listed(companion), listed(restrictedView), priceTier, tiers(seatTiers));
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
					listed(wheelchair), listed(companion), null, priceTier);
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
	 * Places the constraints' violations (in {@code v}, from {@link Violations#of}) in
	 * the order the fields have always been reported, among the rules checked here (those
	 * of rows and of the drawn plan are {@link VenuePlanChecks}); throws
	 * {@code ValidationFailed} listing them all, if any, else answers the venue's layout,
	 * made once for the plan's checks and for the caller.
	 */
	VenueLayout validate(Violations v) {
		v.constraints("name", "city", "sections");
		if (sections != null && !sections.isEmpty()) {
			Set<String> codes = new HashSet<>();
			long total = 0;
			for (int s = 0; s < sections.size(); s++) {
				SectionSpec section = sections.get(s);
				String at = "sections[" + s + "]";
				if (!v.constraints(at)) {
					continue;
				}
				v.constraints(at + ".code");
				v.check(section.code() == null || codes.add(section.code()), at + ".code",
						"duplicates another section");
				v.constraints(at + ".name", at + ".priceTier");
				VenuePlanChecks.checkPlacement(section, at, v);
				if (section.capacity() != null) {
					// a general-admission area's rows are not checked one by one: they
					// must be absent
					v.ignoreConstraintsUnder(at + ".rows");
					v.ignoreConstraintsUnder(at + ".tables");
					v.check(section.rows() == null || section.rows().isEmpty(), at + ".rows",
							"must be absent in a general-admission area (it has a capacity)");
					v.check(section.tables() == null || section.tables().isEmpty(), at + ".tables",
							"must be absent in a general-admission area (it has a capacity)");
					total += v.constraints(at + ".capacity") ? section.capacity() : 0;
					continue;
				}
				boolean noRows = section.rows() == null || section.rows().isEmpty();
				if (noRows && (section.tables() == null || section.tables().isEmpty())) {
					v.add(at + ".rows", "must list at least one row (or give a capacity for general admission)");
					continue;
				}
				Set<String> labels = new HashSet<>();
				for (int r = 0; section.rows() != null && r < section.rows().size(); r++) {
					RowSpec row = section.rows().get(r);
					String rowAt = at + ".rows[" + r + "]";
					if (!v.constraints(rowAt)) {
						continue;
					}
					v.constraints(rowAt + ".label");
					v.check(row.label() == null || labels.add(row.label()), rowAt + ".label",
							"duplicates another row of this section");
					if (v.constraints(rowAt + ".seats")) {
						total += row.seats();
						VenuePlanChecks.checkRow(row, rowAt, v);
					}
				}
				for (int t = 0; section.tables() != null && t < section.tables().size(); t++) {
					TableSpec table = section.tables().get(t);
					String tableAt = at + ".tables[" + t + "]";
					if (!v.constraints(tableAt)) {
						continue;
					}
					v.constraints(tableAt + ".label");
					v.check(table.label() == null || labels.add(table.label()), tableAt + ".label",
							"duplicates another row or table of this section");
					if (v.constraints(tableAt + ".seats")) {
						total += table.seats();
						VenuePlanChecks.checkNumbers(table.row(), tableAt, v);
					}
				}
			}
			v.check(total <= MAX_SEATS, "sections", "a venue has at most " + MAX_SEATS + " seats, this one " + total);
		}
		v.constraints("stage");
		VenueLayout layout = v.isEmpty() ? layout() : null;
		if (layout != null) {
			VenuePlanChecks.checkPlan(sections, layout, v);
		}
		v.throwIfAny();
		return layout;
	}

	/**
	 * The numbers sent, or null for none. A null entry is a violation of its own,
	 * reported by the constraints; the layout made while checking the rest leaves it out.
	 */
	private static List<Integer> listed(List<Integer> numbers) {
		List<Integer> present = numbers == null ? List.of() : numbers.stream().filter(Objects::nonNull).toList();
		return present.isEmpty() ? null : present;
	}

	private static List<Integer> sorted(List<Integer> numbers) {
		List<Integer> present = listed(numbers);
		return present == null ? null : present.stream().sorted().toList();
	}

	private static Map<String, List<Integer>> tiers(Map<String, List<Integer>> seatTiers) {
		Map<String, List<Integer>> present = new TreeMap<>();
		if (seatTiers != null) {
			seatTiers.forEach((tier, numbers) -> {
				List<Integer> listed = listed(numbers);
				if (tier != null && listed != null) {
					present.put(tier, listed);
				}
			});
		}
		return present.isEmpty() ? null : Map.copyOf(present);
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
