package dev.marquee.shared;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants as PostgreSQL keeps them: to the microsecond. PostgreSQL rounds a finer
 * instant (as often up as down), so an instant is cut here before it is stored or kept,
 * and what is answered, kept in memory and stored is the same instant, never later than
 * the one given.
 */
public final class Timestamps {

	private Timestamps() {
	}

	/** {@code at} cut to the microsecond (null stays null). */
	public static Instant stored(Instant at) {
		return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
	}

	/** {@code at} cut to the microsecond, in UTC, as a statement binds it. */
	public static OffsetDateTime utc(Instant at) {
		return stored(at).atOffset(ZoneOffset.UTC);
	}

}
