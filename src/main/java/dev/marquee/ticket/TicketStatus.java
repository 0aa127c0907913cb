package dev.marquee.ticket;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a ticket stands: VALID until scanned in (USED), its order is cancelled
 * (CANCELLED) or it is sold again at face value to another buyer, who gets a new ticket
 * for the seat (RESOLD). The database keeps the names; a seat has at most one
 * {@link #LIVE} ticket.
 */
public enum TicketStatus {

	VALID, USED, CANCELLED, RESOLD;

	/** Whether the ticket is void for good (no code, no entry). */
	public boolean isVoid() {
		return this == CANCELLED || this == RESOLD;
	}

	/** The seat is sold: at most one such ticket per seat (a unique index guards it). */
	public static final Set<TicketStatus> LIVE = EnumSet.of(VALID, USED);

	static String[] names(Set<TicketStatus> statuses) {
		return statuses.stream().map(Enum::name).toArray(String[]::new);
	}

}
