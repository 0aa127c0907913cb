package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

	/** Seat centres closer than this (in seat widths) are the same place twice. */
	static final double MIN_SEAT_DISTANCE = 0.5;

	/** How many overlapping pairs a problem names before it only counts the rest. */
	static final int OVERLAPS_LISTED = 10;

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
	 * the order the fields have always been reported, among the rules checked here;
	 * throws {@code ValidationFailed} listing them all, if any.
	 */
	void validate(Violations v) {
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
				checkPlacement(section, at, v);
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
						checkRow(row, rowAt, v);
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
						checkNumbers(table.row(), tableAt, v);
					}
				}
			}
			v.check(total <= MAX_SEATS, "sections", "a venue has at most " + MAX_SEATS + " seats, this one " + total);
		}
		v.constraints("stage");
		if (v.isEmpty()) {
			checkPlan(v);
		}
		v.throwIfAny();
	}

	/** A section is on the plan with both coordinates, or not at all. */
	private static void checkPlacement(SectionSpec section, String at, Violations v) {
		if (section.placed()) {
			v.check(section.x() != null, at + ".x", "is needed with y: a section is placed by both");
			v.check(section.y() != null, at + ".y", "is needed with x: a section is placed by both");
		}
		else {
			v.check(section.rotation() == null && section.width() == null && section.depth() == null, at,
					"is turned or outlined only once it is placed: give its x and y");
		}
		v.check((section.width() == null) == (section.depth() == null), at + ".depth",
				"goes with width: an outline has both");
	}

	private static void checkRow(RowSpec row, String at, Violations v) {
		int n = row.seats();
		if (row.gapsAfter() != null) {
			Set<Integer> seen = new HashSet<>();
			for (int g = 0; g < row.gapsAfter().size(); g++) {
				Integer gap = row.gapsAfter().get(g);
				v.check(gap == null || (gap >= 1 && gap < n && seen.add(gap)), at + ".gapsAfter[" + g + "]",
						"must be a seat position between 1 and " + (n - 1) + ", each once");
			}
		}
		if (v.constraints(at + ".firstNumber", at + ".numberStep")) {
			v.check(row.numberStep() == null || row.numberStep() != 0, at + ".numberStep", "must be -2, -1, 1 or 2");
			VenueLayout.Row shaped = row.row();
			v.check(row.numberStep() == null || row.numberStep() == 0 || shaped.number(n - 1) >= 1, at + ".firstNumber",
					"numbers the last seat "
							+ (row.numberStep() == null || row.numberStep() == 0 ? 0 : shaped.number(n - 1))
							+ ": seat numbers start at 1");
			if (row.numberStep() == null || row.numberStep() != 0) {
				checkNumbers(shaped, at, v);
				checkSeatTiers(row, shaped, at, v);
			}
		}
		if (row.radius() != null && v.constraints(at + ".radius", at + ".spacing")) {
			double span = SeatGeometry.span(row.row());
			double spacing = row.spacing() != null ? row.spacing() : 1;
			double needed = (span + spacing) / (2 * Math.PI);
			v.check(Math.abs(row.radius()) >= needed, at + ".radius",
					"cannot hold this row: an arc of %s seats %s apart wraps onto itself below a radius of %.2f"
						.formatted(n, spacing, needed));
		}
	}

	/** Each seat named in a tier is a seat of the row, in one tier only. */
	private static void checkSeatTiers(RowSpec row, VenueLayout.Row shaped, String at, Violations v) {
		if (row.seatTiers() == null || !v.constraints(at + ".seatTiers")) {
			return;
		}
		Map<Integer, String> tierOf = new HashMap<>();
		new TreeMap<>(row.seatTiers()).forEach((tier, numbers) -> {
			for (int i = 0; numbers != null && i < numbers.size(); i++) {
				Integer number = numbers.get(i);
				String field = at + ".seatTiers." + tier + "[" + i + "]";
				if (number == null) {
					continue;
				}
				if (shaped.position(number) < 0) {
					v.add(field, "seat " + number + " is not in this row");
					continue;
				}
				String before = tierOf.putIfAbsent(number, tier);
				v.check(before == null, field, "seat " + number + " is already in tier " + before);
			}
		});
	}

	/** Each listed seat number is a seat of the row, and a seat is one kind of place. */
	private static void checkNumbers(VenueLayout.Row row, String at, Violations v) {
		Map<Integer, String> kinds = new HashMap<>();
		Map<String, List<Integer>> lists = new LinkedHashMap<>();
		lists.put("wheelchair", row.wheelchair());
		lists.put("companion", row.companion());
		lists.put("restrictedView", row.restrictedView());
		lists.forEach((kind, numbers) -> {
			for (int i = 0; numbers != null && i < numbers.size(); i++) {
				Integer number = numbers.get(i);
				String field = at + "." + kind + "[" + i + "]";
				if (number == null) {
					continue;
				}
				if (row.position(number) < 0) {
					v.add(field, "seat " + number + " is not in this row");
					continue;
				}
				String before = kinds.putIfAbsent(number, kind);
				v.check(before == null, field, "seat " + number + " is already listed as " + before);
			}
		});
	}

	/**
	 * The rules of the drawn plan, on a layout that is otherwise valid: every seat inside
	 * its section's outline, off the stage, and never on top of another.
	 */
	private void checkPlan(Violations v) {
		VenueLayout layout = layout();
		SeatGeometry geometry = layout.geometry();
		List<String> rowPaths = new ArrayList<>();
		List<Integer> rowOf = new ArrayList<>();
		int index = 0;
		for (int s = 0; s < sections.size(); s++) {
			SectionSpec section = sections.get(s);
			VenueLayout.Section laid = layout.sections().get(s);
			int rows = section.rows() == null ? 0 : section.rows().size();
			for (int r = 0; r < laid.rows().size(); r++) {
				String path = section.capacity() != null ? "sections[" + s + "]" : r < rows
						? "sections[" + s + "].rows[" + r + "]" : "sections[" + s + "].tables[" + (r - rows) + "]";
				rowPaths.add(path);
				VenueLayout.Row row = laid.rows().get(r);
				for (int k = 0; k < row.seats(); k++, index++) {
					rowOf.add(rowPaths.size() - 1);
				}
			}
		}
		checkOutlines(layout, rowPaths, v);
		checkStage(layout, rowPaths, rowOf, v);
		checkOverlaps(layout, geometry, rowPaths, rowOf, v);
	}

	private void checkOutlines(VenueLayout layout, List<String> rowPaths, Violations v) {
		int path = 0;
		double[] local = new double[2];
		for (int s = 0; s < sections.size(); s++) {
			VenueLayout.Section section = layout.sections().get(s);
			VenueLayout.Placement placement = section.placement();
			boolean outlined = placement != null && placement.width() != null && !section.generalAdmission();
			List<double[]> centres = layout.geometry().sections().get(s).rowCentres();
			for (int r = 0; r < section.rows().size(); r++, path++) {
				VenueLayout.Row row = section.rows().get(r);
				List<Integer> outside = new ArrayList<>();
				for (int k = 0; outlined && k < row.seats(); k++) {
					SeatGeometry.place(row, centres.get(r)[0], centres.get(r)[1], k, local);
					boolean inside = Math.abs(local[0]) <= placement.width() / 2 + 1e-9 && local[1] >= -0.5 - 1e-9
							&& local[1] <= placement.depth() - 0.5 + 1e-9;
					if (!inside) {
						outside.add(row.number(k));
					}
				}
				v.check(outside.isEmpty(), rowPaths.get(path),
						"seats " + outside + " lie outside the section's outline (" + formatted(placement) + ")");
			}
		}
	}

	private static String formatted(VenueLayout.Placement placement) {
		return placement == null || placement.width() == null ? ""
				: "%s wide, %s deep".formatted(placement.width(), placement.depth());
	}

	private static void checkStage(VenueLayout layout, List<String> rowPaths, List<Integer> rowOf, Violations v) {
		VenueLayout.Stage stage = layout.stage();
		if (stage == null) {
			return;
		}
		SeatGeometry geometry = layout.geometry();
		Map<Integer, List<String>> onStage = new TreeMap<>();
		for (int i = 0; i < layout.seatCount(); i++) {
			if (layout.sectionOf(layout.seatIds().get(i)).generalAdmission()) {
				continue;
			}
			if (Math.abs(geometry.x(i) - stage.x()) < stage.width() / 2
					&& Math.abs(geometry.y(i) - stage.y()) < stage.height() / 2) {
				onStage.computeIfAbsent(rowOf.get(i), row -> new ArrayList<>()).add(layout.seatIds().get(i));
			}
		}
		onStage.forEach((row, seats) -> v.add(rowPaths.get(row), "seats " + seats + " are on the stage"));
	}

	/**
	 * No two seat centres closer than {@link #MIN_SEAT_DISTANCE}: seats go into a grid of
	 * one-seat cells, and each is compared with those in its cell and the cells around.
	 */
	private static void checkOverlaps(VenueLayout layout, SeatGeometry geometry, List<String> rowPaths,
			List<Integer> rowOf, Violations v) {
		Map<Long, List<Integer>> cells = new HashMap<>();
		List<String> found = new ArrayList<>();
		int more = 0;
		for (int i = 0; i < layout.seatCount(); i++) {
			String seat = layout.seatIds().get(i);
			if (layout.sectionOf(seat).generalAdmission()) {
				continue;
			}
			long cx = (long) Math.floor(geometry.x(i));
			long cy = (long) Math.floor(geometry.y(i));
			for (long dx = -1; dx <= 1; dx++) {
				for (long dy = -1; dy <= 1; dy++) {
					for (int j : cells.getOrDefault(cell(cx + dx, cy + dy), List.of())) {
						if (Math.hypot(geometry.x(i) - geometry.x(j),
								geometry.y(i) - geometry.y(j)) < MIN_SEAT_DISTANCE) {
							if (found.size() < OVERLAPS_LISTED) {
								found.add(rowPaths.get(rowOf.get(i)) + ": seat " + seat + " is on top of seat "
										+ layout.seatIds().get(j));
							}
							else {
								more++;
							}
						}
					}
				}
			}
			cells.computeIfAbsent(cell(cx, cy), key -> new ArrayList<>()).add(i);
		}
		for (String overlap : found) {
			int colon = overlap.indexOf(": ");
			v.add(overlap.substring(0, colon), overlap.substring(colon + 2));
		}
		v.check(more == 0, "sections", more + " more seats are on top of others");
	}

	private static long cell(long x, long y) {
		return (x << 32) ^ (y & 0xffffffffL);
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
