package dev.marquee.ticket;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Voids an order's tickets as steps of the sale's cancel statement.
 * {@link #VERDICT_STEPS} first lock the order's tickets and counts, on the locked rows,
 * those scanned in and those that changed hands, so no scan or transfer slips in between:
 * one that committed first is counted, one that comes later waits for the statement and
 * then finds the ticket void.
 *
 * @param orderId the order whose tickets these are
 * @param owner who bought them
 */
public record TicketVoid(UUID orderId, String owner) {

	/**
	 * The CTE {@link #VERDICT_STEPS} end with: one row, columns {@code used} and
	 * {@code transferred}.
	 */
	public static final String VERDICT = "ticket_verdict";

	/** The CTEs that lock the order's tickets and count them into {@link #VERDICT}. */
	public static final String VERDICT_STEPS = """
			ticket_locked as (
			  select status, user_id from ticket where order_id = :ticketOrder for update
			), ticket_verdict as (
			  select count(*) filter (where status = :ticketUsed) as used,
			         count(*) filter (where user_id <> :ticketOwner or status = 'RESOLD') as transferred
			  from ticket_locked
			)""";

	/**
	 * The CTE {@code name as (...)} that voids the valid tickets of the orders in
	 * {@code orders} (a CTE of the caller's statement whose rows carry an order's id as
	 * {@code id}).
	 */
	public static String step(String name, String orders) {
		return name + " as (update ticket set status = :ticketCancelled where order_id in (select id from " + orders
				+ ") and status = :ticketValid)";
	}

	/** Binds the parameters of {@link #VERDICT_STEPS} and {@link #step}. */
	public GenericExecuteSpec bind(GenericExecuteSpec spec) {
		return spec.bind("ticketOrder", orderId)
			.bind("ticketOwner", owner)
			.bind("ticketUsed", TicketStatus.USED.name())
			.bind("ticketCancelled", TicketStatus.CANCELLED.name())
			.bind("ticketValid", TicketStatus.VALID.name());
	}

}
