package dev.marquee.ticket;

import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Issues orders' tickets as one step of the sale's own statement, so that the orders,
 * their tickets and their outbox rows stay one round trip and one atomic write (one
 * order, or several stored together). The ticket module owns the {@code ticket} table:
 * this is the only place that inserts into it.
 *
 * @param tickets the tickets to issue ({@link Ticket#issue}), of one order or several
 */
public record TicketIssue(List<Ticket> tickets) {

	public TicketIssue {
		tickets = List.copyOf(tickets);
		if (tickets.isEmpty()) {
			throw new IllegalArgumentException("An order has at least one ticket");
		}
	}

	/**
	 * The common table expression {@code name as (...)} that inserts each ticket whose
	 * order is a row of {@code orders} (a CTE of the caller's statement whose rows carry
	 * the order's {@code id}, {@code event_id}, {@code user_id} and {@code created_at},
	 * which its tickets take; a ticket of an order not among them is not issued). Its
	 * parameters are named {@code ticket*}; bind them with {@link #bind}.
	 */
	public static String step(String name, String orders) {
		return name + """
				 as (
				  insert into ticket (id, order_id, event_id, seat_id, user_id, status, price_minor, created_at)
				  select t.id, o.id, o.event_id, t.seat, o.user_id, :ticketStatus, t.price, o.created_at
				  from unnest(:ticketIds::uuid[], :ticketOrders::uuid[], :ticketSeats::text[], :ticketPrices::bigint[])
				    as t(id, order_id, seat, price)
				  join %1$s o on o.id = t.order_id
				)""".formatted(orders);
	}

	public GenericExecuteSpec bind(GenericExecuteSpec spec) {
		return spec.bind("ticketStatus", TicketStatus.VALID.name())
			.bind("ticketIds", tickets.stream().map(Ticket::id).toArray(UUID[]::new))
			.bind("ticketOrders", tickets.stream().map(Ticket::orderId).toArray(UUID[]::new))
			.bind("ticketSeats", tickets.stream().map(Ticket::seatId).toArray(String[]::new))
			.bind("ticketPrices", tickets.stream().map(t -> t.price().amountMinor()).toArray(Long[]::new));
	}

}
