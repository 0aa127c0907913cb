package dev.marquee.sale;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a purchase attempt stands. It only ever moves forward, one conditional statement
 * per step from the state its writer expects ({@link AttemptRepository#move}); a writer
 * that finds the attempt moved on by someone else (a twin retry, the recovery job) is
 * told so and backs off:
 *
 * <pre>
 * PENDING ─────── charge approved, then order stored (one statement) ───────▶ CONFIRMED
 *    │  ▲                                                                        ▲
 *    │  │  AWAITING ──authenticated (by a retry, or the webhook)──▶ CHARGED ──order stored
 *    │  │   ▲    └──failed──▶ DECLINED
 *    │  │   └── the charge needs the buyer's authentication (3-D Secure)
 *    │  └── retry ── UNKNOWN ◀── no answer from the gateway (PENDING, UNKNOWN)
 *    ├──declined──▶ DECLINED
 *    ├──charged, hold lost, refunded──▶ FAILED
 *    └── (PENDING, CHARGED, UNKNOWN, AWAITING) ── recovery job takes over ──▶ SETTLING ──▶ REFUNDED | FAILED
 * </pre>
 *
 * CONFIRMED, DECLINED, FAILED and REFUNDED are final.
 */
enum AttemptStatus {

	PENDING, CHARGED, UNKNOWN, AWAITING, SETTLING, CONFIRMED, DECLINED, FAILED, REFUNDED;

	/** An order may still be stored for these: no writer has settled them either way. */
	static final Set<AttemptStatus> OPEN = EnumSet.of(PENDING, CHARGED, UNKNOWN, AWAITING);

	/** The gateway has been (or may have been) asked, and no outcome is final yet. */
	static final Set<AttemptStatus> UNSETTLED = EnumSet.of(PENDING, CHARGED, UNKNOWN, AWAITING, SETTLING);

	/**
	 * The statuses as SQL literals ({@code 'PENDING', 'CHARGED'}), for a statement whose
	 * plan must know them: a partial index on them is used only where the statement names
	 * them itself (V18).
	 */
	static String literals(Set<AttemptStatus> statuses) {
		return statuses.stream().map(status -> "'" + status.name() + "'").collect(Collectors.joining(", "));
	}

	static String[] names(Set<AttemptStatus> statuses) {
		return statuses.stream().map(Enum::name).toArray(String[]::new);
	}

}
