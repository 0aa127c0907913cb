package dev.marquee.hold;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.shared.Violations;

/**
 * Finds the best blocks of adjacent free seats: in the dearest section the buyer asked
 * for (or can afford), without leaving a single seat stranded beside the block when
 * another block avoids it, in the front-most row, and as near the middle of the row as
 * possible. Pure: it reads a snapshot; holding the block, and looking again when others
 * took it first, is {@link BestAvailableRounds}'s business. (A little over 200 lines: one
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

	/** What the buyer asks for: how many seats, in which section or up to which price. */
	record Request(String sectionCode, Integer quantity, Long maxPriceMinor) {

		void validate(EventSetup setup, Violations v) {
			int max = Math.min(setup.event().maxTicketsPerUser(), Hold.MAX_SEATS);
			v.check(quantity != null && quantity >= 1 && quantity <= max, "quantity", "must be between 1 and " + max);
			v.check(sectionCode == null
					|| setup.layout().sections().stream().anyMatch(s -> s.code().equals(sectionCode)), "sectionCode",
					"is not a section of this event");
			v.check(maxPriceMinor == null || maxPriceMinor >= 0, "maxPriceMinor", "must not be negative");
		}

	}

	/** A block: its seats, and how good it is (lower is better). */
	record Block(List<String> seatIds, long price, int row, int orphans, int offCentre) {
	}

	/**
	 * The best {@code quantity} free seats of a section that need not be together: front
	 * rows first, from the middle of each row outwards. Empty when the section has fewer
	 * free seats.
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
					if (seats.size() < quantity && snapshot.statuses().charAt(start + k) == '.') {
						seats.add(VenueLayout.seatId(section.code(), row.label(), k + 1));
					}
				}
			}
		}
		return seats.size() == quantity ? Optional.of(new Block(seats, 0, 0, 0, 0)) : Optional.empty();
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
						if (snapshot.statuses().charAt(index + k) == '.') {
							free.add(VenueLayout.seatId(section.code(), row.label(), k + 1));
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
		return Optional.of(new Block(List.copyOf(free.subList(0, quantity)), 0, 0, 0, 0));
	}

	/** How many places of a section are free. */
	static long free(SeatSnapshot snapshot, String sectionCode) {
		long free = 0;
		int index = 0;
		for (VenueLayout.Section section : snapshot.setup().layout().sections()) {
			for (VenueLayout.Row row : section.rows()) {
				if (section.code().equals(sectionCode)) {
					for (int k = 0; k < row.seats(); k++) {
						free += snapshot.statuses().charAt(index + k) == '.' ? 1 : 0;
					}
				}
				index += row.seats();
			}
		}
		return free;
	}

	/** A block before its seat ids are spelled out: where it is, and how good it is. */
	private record Candidate(VenueLayout.Section section, VenueLayout.Row row, int first, long price, int rowIndex,
			int orphans, int offCentre, long order) {

		Block block(int quantity) {
			List<String> seats = new ArrayList<>(quantity);
			for (int n = first; n < first + quantity; n++) {
				seats.add(VenueLayout.seatId(section.code(), row.label(), n + 1));
			}
			return new Block(seats, price, rowIndex, orphans, offCentre);
		}

	}

	/**
	 * Best first: dearest, fewest stranded seats, front-most, most central, then map
	 * order.
	 */
	private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingLong((Candidate c) -> -c.price())
		.thenComparingInt(Candidate::orphans)
		.thenComparingInt(Candidate::rowIndex)
		.thenComparingInt(Candidate::offCentre)
		.thenComparingLong(Candidate::order);

	/**
	 * The best {@link #CANDIDATES} blocks of {@code quantity} adjacent free seats, best
	 * first. Keeps only the best so far (a bounded heap, worst on top), so a big venue
	 * costs one pass over its seats and spells out the seat ids of those blocks alone.
	 */
	static List<Block> find(SeatSnapshot snapshot, Request request) {
		EventSetup setup = snapshot.setup();
		String statuses = snapshot.statuses();
		int q = request.quantity();
		PriorityQueue<Candidate> best = new PriorityQueue<>(CANDIDATES + 1, BEST_FIRST.reversed());
		long order = 0;
		int index = 0;
		for (VenueLayout.Section section : setup.layout().sections()) {
			long price = setup.event().pricesMinor().get(section.priceTier());
			// "anywhere" means seats: a standing area is asked for by name
			boolean wanted = (request.sectionCode() == null ? !section.generalAdmission()
					: request.sectionCode().equals(section.code()))
					&& (request.maxPriceMinor() == null || price <= request.maxPriceMinor());
			for (int r = 0; r < section.rows().size(); r++) {
				VenueLayout.Row row = section.rows().get(r);
				int start = index;
				index += row.seats();
				if (!wanted) {
					continue;
				}
				// runs of free seats in this row
				int k = 0;
				while (k < row.seats()) {
					if (statuses.charAt(start + k) != '.') {
						k++;
						continue;
					}
					int runStart = k;
					while (k < row.seats() && statuses.charAt(start + k) == '.') {
						k++;
					}
					int runEnd = k;
					for (int b = runStart; b + q <= runEnd; b++) {
						int left = b - runStart;
						int right = runEnd - (b + q);
						int orphans = (left == 1 ? 1 : 0) + (right == 1 ? 1 : 0);
						int offCentre = Math.abs((2 * b + q) - row.seats());
						Candidate candidate = new Candidate(section, row, b, price, r, orphans, offCentre, order++);
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
