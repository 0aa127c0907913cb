package dev.marquee.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import dev.marquee.shared.Violations;

/**
 * The rules of a {@link CreateVenue} checked in code, between its fields: unique codes
 * and labels, rows or a capacity, the size of the venue (those of rows and of the drawn
 * plan are {@link VenuePlanChecks}); and the reading of the seat numbers sent, null
 * entries left out, that the specs' layouts are made with.
 */
final class VenueSpecChecks {

	private VenueSpecChecks() {
	}

	/**
	 * Places the constraints' violations (in {@code v}, from {@link Violations#of}) in
	 * the order the fields have always been reported, among the rules checked here (those
	 * of rows and of the drawn plan are {@link VenuePlanChecks}); throws
	 * {@code ValidationFailed} listing them all, if any, else answers the venue's layout,
	 * made once for the plan's checks and for the caller.
	 */
	static VenueLayout validate(CreateVenue venue, Violations v) {
		List<CreateVenue.SectionSpec> sections = venue.sections();
		v.constraints("name", "city", "sections");
		if (sections != null && !sections.isEmpty()) {
			Set<String> codes = new HashSet<>();
			long total = 0;
			for (int s = 0; s < sections.size(); s++) {
				CreateVenue.SectionSpec section = sections.get(s);
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
					CreateVenue.RowSpec row = section.rows().get(r);
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
					CreateVenue.TableSpec table = section.tables().get(t);
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
			v.check(total <= CreateVenue.MAX_SEATS, "sections",
					"a venue has at most " + CreateVenue.MAX_SEATS + " seats, this one " + total);
		}
		v.constraints("stage");
		VenueLayout layout = v.isEmpty() ? venue.layout() : null;
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
	static List<Integer> listed(List<Integer> numbers) {
		List<Integer> present = numbers == null ? List.of() : numbers.stream().filter(Objects::nonNull).toList();
		return present.isEmpty() ? null : present;
	}

	static List<Integer> sorted(List<Integer> numbers) {
		List<Integer> present = listed(numbers);
		return present == null ? null : present.stream().sorted().toList();
	}

	static Map<String, List<Integer>> tiers(Map<String, List<Integer>> seatTiers) {
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

}
