package dev.marquee.hold;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.SeatCategory;
import dev.marquee.catalog.SeatGeometry;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.shared.SeatStatus;
import dev.marquee.shared.Violations;

/**
 * Finds the best blocks of adjacent free seats: in the dearest section the buyer asked
 * for (or can afford), without leaving a single seat stranded beside the block when
 * another block avoids it, and nearest the stage's focal point (in a venue without a
 * stage: in the front-most row, as near the middle of the row as possible). A block never
 * spans an aisle. Wheelchair places and companion seats go only to a buyer who asks for
 * wheelchair places, and then together: the places asked for and companion seats beside
 * them. Pure: it reads a snapshot; holding the block, and looking again when others took
 * it first, is {@link BestAvailableRounds}'s business. (A little over 200 lines: one
 * search whose scoring rules are read together.)
 */
final class BestAvailable {

	/**
	 * How many of the best blocks one hold offers its script, best first: the script
	 * holds the first still free, so this many buyers asking at the same moment each get
	 * a block from one look at the map.
	 */
	static final int CANDIDATES = 64;

	private BestAvailable() {
	}

	/**
	 * What the buyer asks for: how many seats, in which section or up to which price, and
	 * how many of them wheelchair places (the rest their companions' seats).
	 */
	record Request(String sectionCode, Integer quantity, Long maxPriceMinor, Integer wheelchair) {

		Request(String sectionCode, Integer quantity, Long maxPriceMinor) {
			this(sectionCode, quantity, maxPriceMinor, null);
		}

		int wheelchairPlaces() {
			return wheelchair != null ? wheelchair : 0;
		}

		void validate(EventSetup setup, Violations v) {
			int max = Math.min(setup.event().maxTicketsPerUser(), Hold.MAX_SEATS);
			v.check(quantity != null && quantity >= 1 && quantity <= max, "quantity", "must be between 1 and " + max);
			v.check(wheelchair == null || (wheelchair >= 0 && (quantity == null || wheelchair <= quantity)),
					"wheelchair", "must be between 0 and the quantity");
			v.check(sectionCode == null
					|| setup.layout().sections().stream().anyMatch(s -> s.code().equals(sectionCode)), "sectionCode",
					"is not a section of this event");
			v.check(maxPriceMinor == null || maxPriceMinor >= 0, "maxPriceMinor", "must not be negative");
		}

	}

	/**
	 * A block: its seats, and how good it is (lower is better; {@code distance} is the
	 * mean distance of its seats from the focal point in hundredths of a seat width, 0 in
	 * a venue without a stage).
	 */
	record Block(List<String> seatIds, long price, int row, int orphans, int offCentre, long distance) {

		Block(List<String> seatIds) {
			this(seatIds, 0, 0, 0, 0, 0);
		}

	}

	/**
	 * Whether a seat of this glyph can be held: free, or listed for resale by its ticket
	 * holder (best available and the waitlist offer resale seats too).
	 */
	static boolean holdable(char glyph) {
		return glyph == SeatStatus.AVAILABLE.glyph() || glyph == SeatStatus.RESALE.glyph();
	}

	/**
	 * The best {@code quantity} free seats of a section that need not be together: front
	 * rows first, from the middle of each row outwards, wheelchair places and companion
	 * seats left for those who need them. Empty when the section has fewer free seats.
	 */
	static Optional<Block> loose(SeatSnapshot snapshot, String sectionCode, int quantity) {
		EventSetup setup = snapshot.setup();
		List<String> seats = new ArrayList<>();
		int index = 0;
		for (VenueLayout.Section section : setup.layout().sections()) {
			for (VenueLayout.Row row : section.rows()) {
				int start = index;
				index += row.seats();
				if (!section.code().equals(sectionCode)) {
					continue;
				}
				List<Integer> order = new ArrayList<>();
				for (int k = 0; k < row.seats(); k++) {
					order.add(k);
				}
				order.sort(Comparator.comparingInt(k -> Math.abs(2 * k + 1 - row.seats())));
				for (int k : order) {
					if (seats.size() < quantity && holdable(snapshot.statuses().charAt(start + k))
							&& !accessible(row.category(k))) {
						seats.add(row.seatId(section.code(), k));
					}
				}
			}
		}
		return seats.size() == quantity ? Optional.of(new Block(seats)) : Optional.empty();
	}

	/**
	 * {@code quantity} free places of a general-admission area, drawn at random so that
	 * buyers asking at the same moment mostly pick different places. Empty when fewer are
	 * free.
	 */
	static Optional<Block> randomPlaces(SeatSnapshot snapshot, String areaCode, int quantity, RandomGenerator random) {
		List<String> free = new ArrayList<>();
		int index = 0;
		for (VenueLayout.Section section : snapshot.setup().layout().sections()) {
			for (VenueLayout.Row row : section.rows()) {
				if (section.code().equals(areaCode)) {
					for (int k = 0; k < row.seats(); k++) {
						if (holdable(snapshot.statuses().charAt(index + k))) {
							free.add(row.seatId(section.code(), k));
						}
					}
				}
				index += row.seats();
			}
		}
		if (free.size() < quantity) {
			return Optional.empty();
		}
		// a partial Fisher-Yates shuffle: the first quantity entries are a uniform sample
		for (int i = 0; i < quantity; i++) {
			Collections.swap(free, i, i + random.nextInt(free.size() - i));
		}
		return Optional.of(new Block(List.copyOf(free.subList(0, quantity))));
	}

	/** How many places of a section are free. */
	static long free(SeatSnapshot snapshot, String sectionCode) {
		long free = 0;
		int index = 0;
		for (VenueLayout.Section section : snapshot.setup().layout().sections()) {
			for (VenueLayout.Row row : section.rows()) {
				if (section.code().equals(sectionCode)) {
					for (int k = 0; k < row.seats(); k++) {
						free += holdable(snapshot.statuses().charAt(index + k)) ? 1 : 0;
					}
				}
				index += row.seats();
			}
		}
		return free;
	}

	static boolean accessible(SeatCategory category) {
		return category == SeatCategory.WHEELCHAIR || category == SeatCategory.COMPANION;
	}

	/** A block before its seat ids are spelled out: where it is, and how good it is. */
	private record Candidate(VenueLayout.Section section, VenueLayout.Row row, int first, long price, int rowIndex,
			int orphans, int offCentre, long distance, long order) {

		Block block(int quantity) {
			List<String> seats = new ArrayList<>(quantity);
			for (int k = first; k < first + quantity; k++) {
				seats.add(row.seatId(section.code(), k));
			}
			return new Block(seats, price, rowIndex, orphans, offCentre, distance);
		}

	}

	/**
	 * Best first: dearest, fewest stranded seats, nearest the focal point, front-most,
	 * most central, then map order.
	 */
	private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingLong((Candidate c) -> -c.price())
		.thenComparingInt(Candidate::orphans)
		.thenComparingLong(Candidate::distance)
		.thenComparingInt(Candidate::rowIndex)
		.thenComparingInt(Candidate::offCentre)
		.thenComparingLong(Candidate::order);

	/**
	 * The best {@link #CANDIDATES} blocks of {@code quantity} adjacent free seats, best
	 * first. Keeps only the best so far (a bounded heap, worst on top), so a big venue
	 * costs one pass over its seats and spells out the seat ids of those blocks alone.
	 */
	static List<Block> find(SeatSnapshot snapshot, Request request) {
		return find(snapshot, request, ScanPrices.base(snapshot.setup()));
	}

	/**
	 * As {@link #find(SeatSnapshot, Request)}, ranking and filtering by {@code prices}
	 * (the tiers' prices of this moment, resale seats at their listing's).
	 */
	static List<Block> find(SeatSnapshot snapshot, Request request, ScanPrices prices) {
		EventSetup setup = snapshot.setup();
		String statuses = snapshot.statuses();
		SeatGeometry geometry = setup.layout().geometry();
		int q = request.quantity();
		int wheelchair = request.wheelchairPlaces();
		PriorityQueue<Candidate> best = new PriorityQueue<>(CANDIDATES + 1, BEST_FIRST.reversed());
		long order = 0;
		int index = 0;
		for (VenueLayout.Section section : setup.layout().sections()) {
			// "anywhere" means seats: a standing area is asked for by name
			boolean inSection = request.sectionCode() == null ? !section.generalAdmission()
					: request.sectionCode().equals(section.code());
			for (int r = 0; r < section.rows().size(); r++) {
				VenueLayout.Row row = section.rows().get(r);
				int start = index;
				index += row.seats();
				if (!inSection) {
					continue;
				}
				RowScan seats = new RowScan(row, start, statuses, wheelchair > 0, geometry, setup,
						request.maxPriceMinor(), prices, section.code());
				// runs of usable seats in this row, broken by taken seats and aisles
				int k = 0;
				while (k < row.seats()) {
					if (!seats.usable(k)) {
						k++;
						continue;
					}
					int runStart = k;
					k++;
					while (k < row.seats() && seats.usable(k) && !seats.aisleBefore(k)) {
						k++;
					}
					int runEnd = k;
					for (int b = runStart; b + q <= runEnd; b++) {
						if (wheelchair > 0 && seats.wheelchair(b, q) != wheelchair) {
							continue;
						}
						int left = b - runStart;
						int right = runEnd - (b + q);
						int orphans = (left == 1 ? 1 : 0) + (right == 1 ? 1 : 0);
						int offCentre = Math.abs((2 * b + q) - row.seats());
						Candidate candidate = new Candidate(section, row, b, seats.price(b, q), r, orphans, offCentre,
								seats.distance(b, q), order++);
						if (best.size() < CANDIDATES) {
							best.add(candidate);
						}
						else if (BEST_FIRST.compare(candidate, best.peek()) < 0) {
							best.poll();
							best.add(candidate);
						}
					}
				}
			}
		}
		return best.stream().sorted(BEST_FIRST).map(candidate -> candidate.block(q)).toList();
	}

}
