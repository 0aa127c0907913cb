package dev.marquee.ticket;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a ticket stands: VALID until scanned in (USED) or its order is cancelled
 * (CANCELLED). The database keeps the names; a seat has at most one {@link #LIVE} ticket.
 */
public enum TicketStatus {

	VALID, USED, CANCELLED;

	/** The seat is sold: at most one such ticket per seat (a unique index guards it). */
	public static final Set<TicketStatus> LIVE = EnumSet.of(VALID, USED);

	static String[] names(Set<TicketStatus> statuses) {
		return statuses.stream().map(Enum::name).toArray(String[]::new);
	}

}
