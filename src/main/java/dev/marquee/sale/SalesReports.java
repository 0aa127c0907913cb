package dev.marquee.sale;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import dev.marquee.catalog.EventId;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What an event has sold, for its organizers: confirmed orders and their tickets minute
 * by minute, the cancelled ones, and every order with its seats for an export. Read
 * straight from the orders and tickets the sale wrote.
 */
@Component
public class SalesReports {

	private final DatabaseClient db;

	SalesReports(DatabaseClient db) {
		this.db = db;
	}

	/** One minute of sales: its confirmed orders, their tickets and what they brought. */
	public record Minute(Instant minute, long orders, long tickets, long revenueMinor) {
	}

	/** An event's sales so far: minute by minute, and how many orders were cancelled. */
	public record Sales(List<Minute> minutes, long cancelledOrders) {
	}

	/** An order as the export lists it. */
	public record OrderLine(UUID orderId, Instant createdAt, String userId, String status, long totalMinor,
			String currency, List<String> seatIds, List<UUID> ticketIds) {
	}

	/** A LIKE pattern matching what starts with {@code text}, its wildcards escaped. */
	static String likePrefix(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	public Mono<Sales> sales(EventId eventId) {
		Mono<List<Minute>> minutes = db.sql("""
				select date_trunc('minute', o.created_at) as minute, count(distinct o.id) as orders,
				  count(t.id) as tickets, coalesce(sum(t.price_minor), 0) as revenue
				from orders o join ticket t on t.order_id = o.id
				where o.event_id = :event and o.status = 'CONFIRMED'
				group by 1 order by 1""")
			.bind("event", eventId.value())
			.map(row -> new Minute(row.get("minute", OffsetDateTime.class).toInstant(), row.get("orders", Long.class),
					row.get("tickets", Long.class), row.get("revenue", Number.class).longValue()))
			.all()
			.collectList();
		Mono<Long> cancelled = db
			.sql("select count(*) as cancelled from orders where event_id = :event and status = 'CANCELLED'")
			.bind("event", eventId.value())
			.map(row -> row.get("cancelled", Long.class))
			.one();
		return Mono.zip(minutes, cancelled, Sales::new);
	}

	/** Every order of the event, oldest first, with its seats and tickets. */
	public Flux<OrderLine> orders(EventId eventId) {
		return lines(eventId, "", null);
	}

	/**
	 * The event's orders (at most 50, newest first) that {@code query} names: an order or
	 * ticket id, a seat id, or the start of a buyer's id.
	 */
	public Flux<OrderLine> search(EventId eventId, String query) {
		return lines(eventId, """
				and (o.id::text = lower(:q) or o.user_id like :prefix escape '\\'
				  or exists (select 1 from ticket s where s.order_id = o.id
				    and (s.id::text = lower(:q) or s.seat_id = upper(:q))))
				""", query.strip());
	}

	private Flux<OrderLine> lines(EventId eventId, String filter, String query) {
		var spec = db
			.sql("""
					select o.id, o.created_at, o.user_id, o.status, o.total_minor, o.currency,
					  array_agg(t.seat_id order by t.seat_id) as seats, array_agg(t.id order by t.seat_id) as tickets
					from orders o join ticket t on t.order_id = o.id
					where o.event_id = :event %s
					group by o.id order by %s""".formatted(filter,
					query == null ? "o.created_at, o.id" : "o.created_at desc, o.id limit 50"))
			.bind("event", eventId.value());
		if (query != null) {
			spec = spec.bind("q", query).bind("prefix", likePrefix(query));
		}
		return spec
			.map(row -> new OrderLine(row.get("id", UUID.class),
					row.get("created_at", OffsetDateTime.class).toInstant(), row.get("user_id", String.class),
					row.get("status", String.class), row.get("total_minor", Long.class),
					row.get("currency", String.class).trim(), List.of(row.get("seats", String[].class)),
					List.of(row.get("tickets", UUID[].class))))
			.all();
	}

}
