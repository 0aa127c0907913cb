package dev.marquee.ticket;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The seller's side of a resale, as a statement of the sale's own transaction: the ticket
 * becomes RESOLD only if it is still valid, still the seller's and still carries the code
 * it was listed with. A scan or transfer that committed first leaves it as it is (no
 * rows: the sale rolls back); one that comes later waits for the transaction and then
 * finds the ticket resold.
 *
 * @param ticketId the seller's ticket
 * @param seller who listed it
 * @param codeVersion its code's version when listed
 */
public record TicketResale(UUID ticketId, String seller, int codeVersion) {

	private static final String RESELL = "update ticket set status = :resold where id = :id and status = :valid"
			+ " and user_id = :seller and code_version = :version";

	/** The statement; it updates one row, or none if the ticket changed meanwhile. */
	public GenericExecuteSpec statement(DatabaseClient db) {
		return db.sql(RESELL)
			.bind("resold", TicketStatus.RESOLD.name())
			.bind("valid", TicketStatus.VALID.name())
			.bind("id", ticketId)
			.bind("seller", seller)
			.bind("version", codeVersion);
	}

}
