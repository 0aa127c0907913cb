package dev.marquee.ticket;

import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Issues an order's tickets as one step of the sale's own statement, so that the order,
 * its tickets and its outbox row stay one round trip and one atomic write. The ticket
 * module owns the {@code ticket} table: this is the only place that inserts into it.
 *
 * @param tickets the tickets to issue ({@link Ticket#issue}), all of one order, event and
 * buyer
 */
public record TicketIssue(List<Ticket> tickets) {

	public TicketIssue {
		tickets = List.copyOf(tickets);
		if (tickets.isEmpty()) {
			throw new IllegalArgumentException("An order has at least one ticket");
		}
	}

	/**
	 * The common table expression {@code name as (...)} that inserts the tickets once per
	 * row of {@code orders} (a CTE of the caller's statement whose rows carry the order's
	 * id as {@code id}; none if it has no rows). Its parameters are named
	 * {@code ticket*}; bind them with {@link #bind}.
	 */
	public static String step(String name, String orders) {
		return name
				+ """
						 as (
						  insert into ticket (id, order_id, event_id, seat_id, user_id, status, price_minor, created_at)
						  select t.id, %1$s.id, :ticketEvent, t.seat, :ticketUser, :ticketStatus, t.price, :ticketAt
						  from %1$s, unnest(:ticketIds::uuid[], :ticketSeats::text[], :ticketPrices::bigint[]) as t(id, seat, price)
						)"""
					.formatted(orders);
	}

	public GenericExecuteSpec bind(GenericExecuteSpec spec) {
		Ticket first = tickets.getFirst();
		return spec.bind("ticketEvent", first.eventId())
			.bind("ticketUser", first.userId())
			.bind("ticketStatus", TicketStatus.VALID.name())
			.bind("ticketAt", first.createdAt().atOffset(ZoneOffset.UTC))
			.bind("ticketIds", tickets.stream().map(Ticket::id).toArray(UUID[]::new))
			.bind("ticketSeats", tickets.stream().map(Ticket::seatId).toArray(String[]::new))
			.bind("ticketPrices", tickets.stream().map(t -> t.price().amountMinor()).toArray(Long[]::new));
	}

}
