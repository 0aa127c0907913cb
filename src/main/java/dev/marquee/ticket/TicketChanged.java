package dev.marquee.ticket;

import java.util.UUID;

/**
 * A ticket was scanned in or changed hands: whatever offered it (a resale listing) ends.
 */
public record TicketChanged(UUID ticketId, UUID eventId, String seatId, Kind kind) {

	/** What happened to the ticket. */
	public enum Kind {

		SCANNED, TRANSFERRED

	}

	static TicketChanged scanned(Ticket ticket) {
		return new TicketChanged(ticket.id(), ticket.eventId(), ticket.seatId(), Kind.SCANNED);
	}

	static TicketChanged transferred(Ticket ticket) {
		return new TicketChanged(ticket.id(), ticket.eventId(), ticket.seatId(), Kind.TRANSFERRED);
	}

}
