package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seats of a venue in their one fixed order (sections, then rows, then numbers 1..n).
 * Every seat-status string ({@code availability}, snapshots, the text map) uses this
 * order.
 */
public final class VenueLayout {

	private final List<Section> sections;

	private final List<String> seatIds;

	private final Map<String, Integer> indexBySeatId;

	private final String[] tierBySeat;

	private final Map<String, Section> sectionByCode = new HashMap<>();

	public VenueLayout(List<Section> sections) {
		this.sections = List.copyOf(sections);
		this.sections.forEach(section -> sectionByCode.put(section.code(), section));
		List<String> ids = new ArrayList<>();
		List<String> tiers = new ArrayList<>();
		for (Section section : this.sections) {
			for (Row row : section.rows()) {
				for (int n = 1; n <= row.seats(); n++) {
					ids.add(seatId(section.code(), row.label(), n));
					tiers.add(section.priceTier());
				}
			}
		}
		this.seatIds = Collections.unmodifiableList(ids);
		this.tierBySeat = tiers.toArray(String[]::new);
		this.indexBySeatId = new HashMap<>(ids.size() * 2);
		for (int i = 0; i < ids.size(); i++) {
			indexBySeatId.put(ids.get(i), i);
		}
	}

	public static String seatId(String sectionCode, String rowLabel, int number) {
		return sectionCode + "-" + rowLabel + "-" + number;
	}

	public List<Section> sections() {
		return sections;
	}

	public List<String> seatIds() {
		return seatIds;
	}

	public int seatCount() {
		return seatIds.size();
	}

	/** Position of the seat in the fixed order, or -1 if the venue has no such seat. */
	public int indexOf(String seatId) {
		Integer index = indexBySeatId.get(seatId);
		return index == null ? -1 : index;
	}

	public boolean contains(String seatId) {
		return indexBySeatId.containsKey(seatId);
	}

	/** The section a seat (or general-admission place) belongs to. */
	public Section sectionOf(String seatId) {
		return sectionByCode.get(seatId.substring(0, Math.max(0, seatId.indexOf('-'))));
	}

	public Section section(String code) {
		return sectionByCode.get(code);
	}

	public String priceTierOf(String seatId) {
		return tierBySeat[indexBySeatId.get(seatId)];
	}

	/** The width of the widest row, in seats. */
	public int width() {
		return sections.stream().flatMap(s -> s.rows().stream()).mapToInt(Row::seats).max().orElse(0);
	}

	/**
	 * One section of seats sharing a price tier. A general-admission area has a
	 * {@code capacity} and its rows are interchangeable places ({@code CODE-GA1-1}, ...),
	 * {@value #GA_ROW_LENGTH} to a row, so the same machinery that never sells a seat
	 * twice never sells the area past its capacity; buyers hold a quantity, never a
	 * particular place.
	 */
	public record Section(String code, String name, String priceTier, List<Row> rows, Integer capacity) {

		public static final int GA_ROW_LENGTH = 50;

		static Section generalAdmission(String code, String name, String priceTier, int capacity) {
			List<Row> rows = new ArrayList<>();
			for (int placed = 0, r = 1; placed < capacity; placed += GA_ROW_LENGTH, r++) {
				rows.add(new Row("GA" + r, Math.min(GA_ROW_LENGTH, capacity - placed)));
			}
			return new Section(code, name, priceTier, List.copyOf(rows), capacity);
		}

		public boolean generalAdmission() {
			return capacity != null;
		}

	}

	/**
	 * One row: seats numbered 1..{@code seats}.
	 */
	public record Row(String label, int seats) {
	}

}
