package dev.marquee.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.marquee.shared.Text;
import dev.marquee.shared.Violations;

/**
 * What an admin sends to create a venue: sections of rows, each row a seat count; or
 * general-admission areas with a capacity instead of rows (a standing floor).
 */
public record CreateVenue(String name, String city, List<SectionSpec> sections) {

	static final String CODE = "[A-Za-z0-9]{1,16}";

	static final int MAX_SEATS_PER_ROW = 1_000;

	static final int MAX_SEATS = 200_000;

	static final int MAX_CAPACITY = 100_000;

	/** A section as sent: rows of seats, or a general-admission capacity. */
	public record SectionSpec(String code, String name, String priceTier, List<RowSpec> rows, Integer capacity) {

		public SectionSpec(String code, String name, String priceTier, List<RowSpec> rows) {
			this(code, name, priceTier, rows, null);
		}

	}

	/** A row as sent: a label and how many seats (numbered 1..n). */
	public record RowSpec(String label, Integer seats) {
	}

	void validate() {
		Violations v = new Violations();
		v.check(hasText(name, 200), "name", "must be 1-200 characters");
		v.check(hasText(city, 200), "city", "must be 1-200 characters");
		if (sections == null || sections.isEmpty()) {
			v.add("sections", "must list at least one section");
		}
		else {
			Set<String> codes = new HashSet<>();
			long total = 0;
			for (int s = 0; s < sections.size(); s++) {
				SectionSpec section = sections.get(s);
				String at = "sections[" + s + "]";
				if (section == null) {
					v.add(at, "must be an object");
					continue;
				}
				v.check(section.code() != null && section.code().matches(CODE), at + ".code",
						"must be 1-16 letters or digits");
				v.check(section.code() == null || codes.add(section.code()), at + ".code", "duplicates another section");
				v.check(hasText(section.name(), 200), at + ".name", "must be 1-200 characters");
				v.check(section.priceTier() != null && section.priceTier().matches("[A-Za-z0-9_-]{1,32}"),
						at + ".priceTier", "must be 1-32 letters, digits, '_' or '-'");
				if (section.capacity() != null) {
					v.check(section.rows() == null || section.rows().isEmpty(), at + ".rows",
							"must be absent in a general-admission area (it has a capacity)");
					boolean capacityOk = section.capacity() >= 1 && section.capacity() <= MAX_CAPACITY;
					v.check(capacityOk, at + ".capacity", "must be between 1 and " + MAX_CAPACITY);
					total += capacityOk ? section.capacity() : 0;
					continue;
				}
				if (section.rows() == null || section.rows().isEmpty()) {
					v.add(at + ".rows", "must list at least one row (or give a capacity for general admission)");
					continue;
				}
				Set<String> labels = new HashSet<>();
				for (int r = 0; r < section.rows().size(); r++) {
					RowSpec row = section.rows().get(r);
					String rowAt = at + ".rows[" + r + "]";
					if (row == null) {
						v.add(rowAt, "must be an object");
						continue;
					}
					v.check(row.label() != null && row.label().matches(CODE), rowAt + ".label",
							"must be 1-16 letters or digits");
					v.check(row.label() == null || labels.add(row.label()), rowAt + ".label",
							"duplicates another row of this section");
					boolean seatsOk = row.seats() != null && row.seats() >= 1 && row.seats() <= MAX_SEATS_PER_ROW;
					v.check(seatsOk, rowAt + ".seats", "must be between 1 and " + MAX_SEATS_PER_ROW);
					total += seatsOk ? row.seats() : 0;
				}
			}
			v.check(total <= MAX_SEATS, "sections", "a venue has at most " + MAX_SEATS + " seats, this one " + total);
		}
		v.throwIfAny();
	}

	VenueLayout layout() {
		return new VenueLayout(sections.stream()
			.map(s -> s.capacity() != null ? VenueLayout.Section.generalAdmission(s.code(), s.name().strip(), s.priceTier(), s.capacity())
					: new VenueLayout.Section(s.code(), s.name().strip(), s.priceTier(),
							s.rows().stream().map(r -> new VenueLayout.Row(r.label(), r.seats())).toList(), null))
			.toList());
	}

	static boolean hasText(String value, int max) {
		return Text.isClean(value, max);
	}

}
