package dev.marquee.hold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.marquee.shared.NotFound;
import dev.marquee.shared.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The named failures of holds.
 */
public final class HoldProblems {

	private HoldProblems() {
	}

	/** Over the event's per-user ticket limit, counting held and bought seats. */
	public static class TicketLimit extends ProblemException {

		public TicketLimit(int limit, int alreadyHeldOrBought, int requested) {
			super(HttpStatus.CONFLICT, "ticket-limit", "This event allows " + limit + " tickets per buyer; you have "
					+ alreadyHeldOrBought + " held or bought and asked for " + requested + " more.");
			with("limit", limit);
			with("current", alreadyHeldOrBought);
			with("requested", requested);
		}

	}

	/** No such hold, or not yours (which reads the same). */
	public static class HoldNotFound extends NotFound {

		public HoldNotFound(Object holdId) {
			super("hold-not-found", "No hold " + holdId + " of yours");
		}

	}

	/** The hold's countdown ran out or it was released; its seats are no longer yours. */
	public static class HoldExpired extends ProblemException {

		public HoldExpired(HoldId holdId, String detail) {
			super(HttpStatus.GONE, "hold-expired", detail);
			with("holdId", holdId.toString());
		}

	}

	/** The hold is being paid for right now. */
	public static class PurchaseInProgress extends ProblemException {

		public PurchaseInProgress(HoldId holdId) {
			super(HttpStatus.CONFLICT, "purchase-in-progress", "A payment for hold " + holdId
					+ " is in flight; retry with the same Idempotency-Key to get its outcome.");
			with("holdId", holdId.toString());
		}

	}

	/** The hold was already bought. */
	public static class AlreadyPurchased extends ProblemException {

		public AlreadyPurchased(HoldId holdId, UUID orderId) {
			super(HttpStatus.CONFLICT, "hold-already-purchased", "Hold " + holdId + " was already purchased");
			with("holdId", holdId.toString());
			if (orderId != null) {
				with("orderId", orderId.toString());
			}
		}

	}

	/** Before the event's on-sale time, or after it started. */
	public static class NotOnSale extends ProblemException {

		public NotOnSale(String detail, Instant onSaleAt) {
			super(HttpStatus.CONFLICT, "not-on-sale", detail);
			with("onSaleAt", onSaleAt.toString());
		}

	}

	/**
	 * The hold asked for seats the buyer listed for resale themselves: a seller withdraws
	 * a listing rather than buying it back.
	 */
	public static class OwnListing extends ProblemException {

		public OwnListing(List<String> seatIds) {
			super(HttpStatus.CONFLICT, "own-listing", "You listed " + String.join(", ", seatIds)
					+ " for resale yourself: withdraw the listing instead. Nothing was held.");
			with("seatIds", List.copyOf(seatIds));
		}

	}

	/** No block of that many adjacent free seats where the buyer asked. */
	public static class NoSeatsTogether extends ProblemException {

		public NoSeatsTogether(int quantity, String sectionCode) {
			super(HttpStatus.CONFLICT, "no-seats-together", "No " + quantity + " adjacent free seats"
					+ (sectionCode == null ? "" : " in section " + sectionCode) + " right now.");
			with("quantity", quantity);
			if (sectionCode != null) {
				with("sectionCode", sectionCode);
			}
		}

	}

	/** Not that many free places left in a general-admission area. */
	public static class AreaFull extends ProblemException {

		public AreaFull(String areaCode, int quantity, long available) {
			super(HttpStatus.CONFLICT, "area-full", "General-admission area " + areaCode + " has "
					+ (available >= 0 ? available : "fewer than " + quantity) + " free places, not " + quantity + ".");
			with("areaCode", areaCode);
			if (available >= 0) {
				with("available", available);
			}
		}

	}

}
