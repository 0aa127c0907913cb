package dev.marquee.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.Range;

import dev.marquee.shared.CleanText;
import dev.marquee.shared.Violations;

/**
 * What an admin sends to create a venue: sections of rows, each row a seat count; or
 * general-admission areas with a capacity instead of rows (a standing floor). The rules
 * of single fields are its constraints; unique codes and labels, rows or a capacity, and
 * the size of the venue are checked in code, by {@link #validate}.
 */
public record CreateVenue(@CleanText(max = 200, message = "must be 1-200 characters") String name,
		@CleanText(max = 200, message = "must be 1-200 characters") String city,
		@NotEmpty(message = "must list at least one section") List<@NotNull(
				message = "must be an object") @Valid SectionSpec> sections) {

	static final String CODE = "[A-Za-z0-9]{1,16}";

	static final int MAX_SEATS_PER_ROW = 1_000;

	static final int MAX_SEATS = 200_000;

	static final int MAX_CAPACITY = 100_000;

	/** A section as sent: rows of seats, or a general-admission capacity. */
	public record SectionSpec(
			@NotNull(message = "must be 1-16 letters or digits") @Pattern(regexp = CODE,
					message = "must be 1-16 letters or digits") String code,
			@CleanText(max = 200, message = "must be 1-200 characters") String name,
			@NotNull(message = "must be 1-32 letters, digits, '_' or '-'") @Pattern(regexp = "[A-Za-z0-9_-]{1,32}",
					message = "must be 1-32 letters, digits, '_' or '-'") String priceTier,
			List<@NotNull(message = "must be an object") @Valid RowSpec> rows,
			@Range(min = 1, max = MAX_CAPACITY, message = "must be between 1 and " + MAX_CAPACITY) Integer capacity) {

		public SectionSpec(String code, String name, String priceTier, List<RowSpec> rows) {
			this(code, name, priceTier, rows, null);
		}

	}

	/** A row as sent: a label and how many seats (numbered 1..n). */
	public record RowSpec(
			@NotNull(message = "must be 1-16 letters or digits") @Pattern(regexp = CODE,
					message = "must be 1-16 letters or digits") String label,
			@NotNull(message = "must be between 1 and " + MAX_SEATS_PER_ROW) @Range(min = 1, max = MAX_SEATS_PER_ROW,
					message = "must be between 1 and " + MAX_SEATS_PER_ROW) Integer seats) {
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
				if (section.capacity() != null) {
					// a general-admission area's rows are not checked one by one: they
					// must be absent
					v.ignoreConstraintsUnder(at + ".rows");
					v.check(section.rows() == null || section.rows().isEmpty(), at + ".rows",
							"must be absent in a general-admission area (it has a capacity)");
					total += v.constraints(at + ".capacity") ? section.capacity() : 0;
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
					if (!v.constraints(rowAt)) {
						continue;
					}
					v.constraints(rowAt + ".label");
					v.check(row.label() == null || labels.add(row.label()), rowAt + ".label",
							"duplicates another row of this section");
					total += v.constraints(rowAt + ".seats") ? row.seats() : 0;
				}
			}
			v.check(total <= MAX_SEATS, "sections", "a venue has at most " + MAX_SEATS + " seats, this one " + total);
		}
		v.throwIfAny();
	}

	VenueLayout layout() {
		return new VenueLayout(sections.stream()
			.map(s -> s.capacity() != null
					? VenueLayout.Section.generalAdmission(s.code(), s.name().strip(), s.priceTier(), s.capacity())
					: new VenueLayout.Section(s.code(), s.name().strip(), s.priceTier(),
							s.rows().stream().map(r -> new VenueLayout.Row(r.label(), r.seats())).toList(), null))
			.toList());
	}

}
