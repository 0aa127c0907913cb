package dev.marquee.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seats of a venue in their one fixed order (sections, then rows, then each row's
 * seats from its left end). Every seat-status string ({@code availability}, snapshots,
 * the text map) uses this order. Where each seat is drawn, and how far it is from the
 * stage, is its {@link SeatGeometry}.
 */
public final class VenueLayout {

	private final List<Section> sections;

	private final Stage stage;

	private final SeatGeometry geometry;

	private final List<String> seatIds;

	private final Map<String, Integer> indexBySeatId;

	private final String[] tierBySeat;

	private final Map<String, Section> sectionByCode = new HashMap<>();

	public VenueLayout(List<Section> sections) {
		this(sections, null);
	}

	public VenueLayout(List<Section> sections, Stage stage) {
		this.sections = List.copyOf(sections);
		this.stage = stage;
		this.sections.forEach(section -> sectionByCode.put(section.code(), section));
		List<String> ids = new ArrayList<>();
		List<String> tiers = new ArrayList<>();
		for (Section section : this.sections) {
			for (Row row : section.rows()) {
				for (int k = 0; k < row.seats(); k++) {
					ids.add(row.seatId(section.code(), k));
					tiers.add(row.tier(k, section.priceTier()));
				}
			}
		}
		this.seatIds = Collections.unmodifiableList(ids);
		this.tierBySeat = tiers.toArray(String[]::new);
		this.indexBySeatId = new HashMap<>(ids.size() * 2);
		for (int i = 0; i < ids.size(); i++) {
			indexBySeatId.put(ids.get(i), i);
		}
		this.geometry = new SeatGeometry(this);
	}

	public static String seatId(String sectionCode, String rowLabel, int number) {
		return sectionCode + "-" + rowLabel + "-" + number;
	}

	public List<Section> sections() {
		return sections;
	}

	/** The stage, if the venue places one. */
	public Stage stage() {
		return stage;
	}

	public SeatGeometry geometry() {
		return geometry;
	}

	/** Every price tier a seat of this venue is in. */
	public Set<String> priceTiers() {
		return new LinkedHashSet<>(List.of(tierBySeat));
	}

	public String priceTierAt(int index) {
		return tierBySeat[index];
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
	 * One section of seats sharing a price tier (a row may have its own). A
	 * general-admission area has a {@code capacity} and its rows are interchangeable
	 * places ({@code CODE-GA1-1}, ...), {@value #GA_ROW_LENGTH} to a row, so the same
	 * machinery that never sells a seat twice never sells the area past its capacity;
	 * buyers hold a quantity, never a particular place. {@code placement} puts the
	 * section on the venue's plan; without one it stands below the section before it, its
	 * rows centred, as sections always did.
	 */
	public record Section(String code, String name, String priceTier, List<Row> rows, Integer capacity,
			Placement placement) {

		public static final int GA_ROW_LENGTH = 50;

		public Section(String code, String name, String priceTier, List<Row> rows, Integer capacity) {
			this(code, name, priceTier, rows, capacity, null);
		}

		static Section generalAdmission(String code, String name, String priceTier, int capacity, Placement placement) {
			List<Row> rows = new ArrayList<>();
			for (int placed = 0, r = 1; placed < capacity; placed += GA_ROW_LENGTH, r++) {
				rows.add(new Row("GA" + r, Math.min(GA_ROW_LENGTH, capacity - placed)));
			}
			return new Section(code, name, priceTier, List.copyOf(rows), capacity, placement);
		}

		public boolean generalAdmission() {
			return capacity != null;
		}

	}

	/**
	 * Where a section stands on the plan: its origin (the middle of its front edge),
	 * turned {@code rotation} degrees clockwise about it, and, if given, its outline: a
	 * rectangle {@code width} wide and {@code depth} deep behind the origin, inside which
	 * every seat must lie (a standing area is drawn as this rectangle).
	 */
	public record Placement(double x, double y, double rotation, Double width, Double depth) {
	}

	/**
	 * The stage (or pitch, or screen): a rectangle centred at (x, y), and the focus of
	 * every seat.
	 */
	public record Stage(String label, double x, double y, double width, double height, Double focusX, Double focusY) {

		public double focalX() {
			return focusX != null ? focusX : x;
		}

		public double focalY() {
			return focusY != null ? focusY : y;
		}

	}

	/**
	 * One row: {@code seats} seats numbered {@code firstNumber},
	 * {@code firstNumber + step}, ... from its left end (1, 2, 3 by default; 1, 3, 5 for
	 * an odd side), drawn as {@link Shape} says, with the places of wheelchair users,
	 * their companions and the seats with a restricted view named by seat number, its own
	 * price tier if it has one, and the tiers of single seats ({@code seatTiers}: tier to
	 * seat numbers) where they differ.
	 */
	public record Row(String label, int seats, Integer firstNumber, Integer step, Shape shape, List<Integer> wheelchair,
			List<Integer> companion, List<Integer> restrictedView, String priceTier,
			Map<String, List<Integer>> seatTiers) {

		public Row(String label, int seats) {
			this(label, seats, null, null, null, null, null, null, null, null);
		}

		public Row(String label, int seats, Integer firstNumber, Integer step, Shape shape, List<Integer> wheelchair,
				List<Integer> companion, List<Integer> restrictedView, String priceTier) {
			this(label, seats, firstNumber, step, shape, wheelchair, companion, restrictedView, priceTier, null);
		}

		/**
		 * The price tier of seat {@code k}: its own, else the row's, else
		 * {@code sectionTier}.
		 */
		public String tier(int k, String sectionTier) {
			if (seatTiers != null) {
				int number = number(k);
				for (Map.Entry<String, List<Integer>> tier : seatTiers.entrySet()) {
					if (tier.getValue().contains(number)) {
						return tier.getKey();
					}
				}
			}
			return priceTier != null ? priceTier : sectionTier;
		}

		/** The number of the seat {@code k} places from the left end (0-based). */
		public int number(int k) {
			return (firstNumber != null ? firstNumber : 1) + k * (step != null ? step : 1);
		}

		/** Where a seat number sits in the row (0-based), or -1 if the row has none. */
		public int position(int number) {
			int first = firstNumber != null ? firstNumber : 1;
			int by = step != null ? step : 1;
			int k = (number - first) / by;
			return (number - first) % by == 0 && k >= 0 && k < seats ? k : -1;
		}

		public String seatId(String sectionCode, int k) {
			return VenueLayout.seatId(sectionCode, label, number(k));
		}

		/** Every seat id of the row, from its left end. */
		public List<String> seatIds(String sectionCode) {
			List<String> ids = new ArrayList<>(seats);
			for (int k = 0; k < seats; k++) {
				ids.add(seatId(sectionCode, k));
			}
			return ids;
		}

		public SeatCategory category(int k) {
			int number = number(k);
			if (wheelchair != null && wheelchair.contains(number)) {
				return SeatCategory.WHEELCHAIR;
			}
			if (companion != null && companion.contains(number)) {
				return SeatCategory.COMPANION;
			}
			if (restrictedView != null && restrictedView.contains(number)) {
				return SeatCategory.RESTRICTED_VIEW;
			}
			return SeatCategory.STANDARD;
		}

	}

	/**
	 * How a row is drawn, in its section's frame (x to the right, y away from the front):
	 * its middle at ({@code x}, {@code y}) (by default centred, one row behind the one
	 * before), seats {@code spacing} apart (1), an aisle as wide as a seat after each
	 * seat position in {@code gapsAfter}; straight, or an arc of {@code radius} whose
	 * ends bend towards the front (negative: away from it); or, for a table, seats spaced
	 * evenly round a circle of {@code radius} centred at ({@code x}, {@code y}).
	 */
	public record Shape(Double x, Double y, Double spacing, Double radius, List<Integer> gapsAfter, boolean table) {

		public double spacingOr1() {
			return spacing != null ? spacing : 1;
		}

	}

}
