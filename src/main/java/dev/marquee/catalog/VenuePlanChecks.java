package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.marquee.shared.Violations;

/**
 * The rules of a venue's rows and drawn plan that {@link VenueSpecChecks#validate} checks
 * between fields: a section placed by both coordinates, aisles and seat numbers that
 * exist, each seat one kind of place and in one tier, arcs that close; and, on a layout
 * otherwise valid, every seat inside its section's outline, off the stage and never on
 * top of another. Each adds what it finds to the violations; none throws.
 */
final class VenuePlanChecks {

	/** Seat centres closer than this (in seat widths) are the same place twice. */
	static final double MIN_SEAT_DISTANCE = 0.5;

	/** How many overlapping pairs a problem names before it only counts the rest. */
	static final int OVERLAPS_LISTED = 10;

	private VenuePlanChecks() {
	}

	/** A section is on the plan with both coordinates, or not at all. */
	static void checkPlacement(CreateVenue.SectionSpec section, String at, Violations v) {
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

	static void checkRow(CreateVenue.RowSpec row, String at, Violations v) {
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
	private static void checkSeatTiers(CreateVenue.RowSpec row, VenueLayout.Row shaped, String at, Violations v) {
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
	static void checkNumbers(VenueLayout.Row row, String at, Violations v) {
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
	static void checkPlan(List<CreateVenue.SectionSpec> sections, VenueLayout layout, Violations v) {
		SeatGeometry geometry = layout.geometry();
		List<String> rowPaths = new ArrayList<>();
		int[] rowOf = new int[layout.seatCount()];
		int index = 0;
		for (int s = 0; s < sections.size(); s++) {
			CreateVenue.SectionSpec section = sections.get(s);
			VenueLayout.Section laid = layout.sections().get(s);
			int rows = section.rows() == null ? 0 : section.rows().size();
			for (int r = 0; r < laid.rows().size(); r++) {
				String path = section.capacity() != null ? "sections[" + s + "]" : r < rows
						? "sections[" + s + "].rows[" + r + "]" : "sections[" + s + "].tables[" + (r - rows) + "]";
				rowPaths.add(path);
				VenueLayout.Row row = laid.rows().get(r);
				for (int k = 0; k < row.seats(); k++, index++) {
					rowOf[index] = rowPaths.size() - 1;
				}
			}
		}
		checkOutlines(layout, rowPaths, v);
		checkStage(layout, rowPaths, rowOf, v);
		checkOverlaps(layout, geometry, rowPaths, rowOf, v);
	}

	private static void checkOutlines(VenueLayout layout, List<String> rowPaths, Violations v) {
		int path = 0;
		double[] local = new double[2];
		for (int s = 0; s < layout.sections().size(); s++) {
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

	private static void checkStage(VenueLayout layout, List<String> rowPaths, int[] rowOf, Violations v) {
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
				onStage.computeIfAbsent(rowOf[i], row -> new ArrayList<>()).add(layout.seatIds().get(i));
			}
		}
		onStage.forEach((row, seats) -> v.add(rowPaths.get(row), "seats " + seats + " are on the stage"));
	}

	/**
	 * No two seat centres closer than {@link #MIN_SEAT_DISTANCE}: seats go into a grid of
	 * one-seat cells, and each is compared with those in its cell and the cells around.
	 */
	private static void checkOverlaps(VenueLayout layout, SeatGeometry geometry, List<String> rowPaths, int[] rowOf,
			Violations v) {
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
								found.add(rowPaths.get(rowOf[i]) + ": seat " + seat + " is on top of seat "
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

}
