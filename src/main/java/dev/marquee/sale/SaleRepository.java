package dev.marquee.sale;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import io.r2dbc.postgresql.codec.Json;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.shared.Money;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Orders, tickets and the outbox in PostgreSQL (purchase attempts: {@link AttemptRepository}).
 */
@Repository
class SaleRepository {

	private final DatabaseClient db;

	private final JsonMapper json;

	SaleRepository(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * The attempt was taken over by the recovery job (it is refunding the charge) while its order
	 * was being stored: the order is rolled back.
	 */
	static final class AttemptSettled extends RuntimeException {

		AttemptSettled() {
			super("The purchase attempt is being settled by the recovery job", null, false, false);
		}

	}

	/** Order, tickets, the attempt's outcome and the outbox row: all in one statement, or none. */
	Mono<Order> save(Order order, AttemptRepository.Attempt attempt) {
		int n = order.tickets().size();
		UUID[] ids = new UUID[n];
		String[] seats = new String[n];
		Long[] prices = new Long[n];
		for (int i = 0; i < n; i++) {
			ids[i] = order.tickets().get(i).id();
			seats[i] = order.tickets().get(i).seatId();
			prices[i] = order.tickets().get(i).price().amountMinor();
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("orderId", order.id().toString());
		payload.put("eventId", order.eventId().toString());
		payload.put("userId", order.userId());
		payload.put("seatIds", List.of(seats));
		payload.put("total", order.total());
		// one statement, so one round trip and atomic without a transaction around it; the order is
		// stored only while nobody settled the attempt (the recovery job may be refunding it)
		return db.sql("""
				with confirmed as (
				  update purchase_attempt set status = 'CONFIRMED', order_id = :id, payment_id = :payment, updated_at = :at
				  where user_id = :attemptUser and idempotency_key = :key and status = any(:open)
				  returning 1
				), saved as (
				  insert into orders (id, event_id, user_id, hold_id, status, total_minor, currency, payment_id, created_at)
				  select :id, :event, :user, :hold, :status, :total, :currency, :payment, :at
				  where exists (select 1 from confirmed)
				  returning id
				), tickets as (
				  insert into ticket (id, order_id, event_id, seat_id, user_id, status, price_minor, created_at)
				  select t.id, saved.id, :event, t.seat, :user, 'VALID', t.price, :at
				  from saved, unnest(:ids::uuid[], :seats::text[], :prices::bigint[]) as t(id, seat, price)
				), announced as (
				  insert into outbox (aggregate_id, type, payload, created_at)
				  select :aggregate, 'OrderConfirmed', :payload, :at from saved
				)
				select count(*) as confirmed from confirmed""")
			.bind("id", order.id())
			.bind("event", order.eventId())
			.bind("user", order.userId())
			.bind("hold", order.holdId())
			.bind("status", order.status().name())
			.bind("total", order.total().amountMinor())
			.bind("currency", order.total().currency())
			.bind("payment", order.paymentId())
			.bind("at", utc(order.createdAt()))
			.bind("ids", ids)
			.bind("seats", seats)
			.bind("prices", prices)
			.bind("attemptUser", attempt.userId())
			.bind("open", AttemptStatus.names(AttemptStatus.OPEN))
			.bind("key", attempt.idempotencyKey())
			.bind("aggregate", order.id().toString())
			.bind("payload", Json.of(json.writeValueAsString(payload)))
			.map(row -> row.get("confirmed", Long.class))
			.one()
			.flatMap(confirmed -> confirmed == 1 ? Mono.just(order) : Mono.error(new AttemptSettled()));
	}

	Mono<Order> findOrder(UUID orderId) {
		return db.sql("select * from orders where id = :id").bind("id", orderId).map(SaleRepository::orderRow).one()
			.flatMap(this::withTickets);
	}

	/** What a cancellation did to an order: when, what it refunds, and whether the refund went through. */
	record Cancellation(Instant cancelledAt, long refundMinor, String refundStatus) {
	}

	Mono<Cancellation> cancellation(UUID orderId) {
		return db.sql("select cancelled_at, refund_minor, refund_status from orders where id = :id and cancelled_at is not null")
			.bind("id", orderId)
			.map(row -> new Cancellation(row.get("cancelled_at", OffsetDateTime.class).toInstant(),
					row.get("refund_minor", Long.class), row.get("refund_status", String.class)))
			.one();
	}

	/**
	 * What a cancel statement decided: whether it cancelled the order, and what it found on the
	 * order's tickets (counted on the rows it locked, so no scan or transfer slips in between).
	 */
	record CancelVerdict(boolean cancelled, long used, long transferred) {
	}

	/**
	 * Cancels a confirmed order, voids its tickets and writes the outbox row, in one statement
	 * that first locks the order's tickets: it cancels only if none is used or has changed hands.
	 * A scan or transfer of one of them either committed first (and is counted here, so nothing is
	 * cancelled) or waits for this statement and then finds the ticket void.
	 */
	Mono<CancelVerdict> cancel(Order order, long refundMinor, Instant at) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("orderId", order.id().toString());
		payload.put("eventId", order.eventId().toString());
		payload.put("userId", order.userId());
		payload.put("seatIds", order.tickets().stream().map(Order.Ticket::seatId).toList());
		payload.put("refund", Map.of("amountMinor", refundMinor, "currency", order.total().currency()));
		payload.put("cancelledAt", at.toString());
		return db.sql("""
				with locked as (
				  select status, user_id from ticket where order_id = :id for update
				), verdict as (
				  select count(*) filter (where status = 'USED') as used,
				         count(*) filter (where user_id <> :owner) as transferred
				  from locked
				), cancelled as (
				  update orders set status = 'CANCELLED', cancelled_at = :at, refund_minor = :refund,
				    refund_status = :refundStatus
				  where id = :id and status = 'CONFIRMED' and (select used + transferred from verdict) = 0
				  returning id
				), voided as (
				  update ticket set status = 'CANCELLED' where order_id in (select id from cancelled) and status = 'VALID'
				), announced as (
				  insert into outbox (aggregate_id, type, payload, created_at)
				  select :aggregate, 'OrderCancelled', :payload, :at from cancelled
				)
				select (select count(*) from cancelled) as cancelled, used, transferred from verdict""")
			.bind("id", order.id())
			.bind("owner", order.userId())
			.bind("at", utc(at))
			.bind("refund", refundMinor)
			.bind("refundStatus", refundMinor > 0 ? "PENDING" : "NONE")
			.bind("aggregate", order.id().toString())
			.bind("payload", Json.of(json.writeValueAsString(payload)))
			.map(row -> new CancelVerdict(row.get("cancelled", Long.class) == 1, row.get("used", Long.class),
					row.get("transferred", Long.class)))
			.one();
	}

	Mono<Void> refunded(UUID orderId) {
		return db.sql("update orders set refund_status = 'REFUNDED' where id = :id and refund_status = 'PENDING'")
			.bind("id", orderId)
			.then();
	}

	/** Cancelled orders whose refund has not gone through yet, with their payment ids. */
	Flux<Order> pendingRefunds() {
		return db.sql("select * from orders where refund_status = 'PENDING' order by cancelled_at limit 100")
			.map(SaleRepository::orderRow)
			.all();
	}

	Mono<Order> findOrderByHold(UUID holdId) {
		return db.sql("select * from orders where hold_id = :hold").bind("hold", holdId).map(SaleRepository::orderRow).one()
			.flatMap(this::withTickets);
	}

	Flux<Order> ordersOf(String userId) {
		return db.sql("select * from orders where user_id = :user order by created_at desc, id limit 500")
			.bind("user", userId)
			.map(SaleRepository::orderRow)
			.all()
			// finish reading the orders before querying their tickets (no nested streaming queries)
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap(this::withTickets);
	}

	private Mono<Order> withTickets(Order order) {
		return db.sql("""
				select t.*, o.currency from ticket t join orders o on o.id = t.order_id
				where t.order_id = :order order by t.seat_id""")
			.bind("order", order.id())
			.map(SaleRepository::ticketRow)
			.all()
			.collectList()
			.map(tickets -> new Order(order.id(), order.eventId(), order.userId(), order.holdId(), order.status(),
					order.total(), order.paymentId(), order.createdAt(), tickets));
	}

	/** Which of these seats PostgreSQL holds as sold. */
	Flux<String> soldAmong(UUID eventId, List<String> seatIds) {
		return db.sql("select seat_id from ticket where event_id = :event and seat_id = any(:seats) and status in ('VALID', 'USED')")
			.bind("event", eventId)
			.bind("seats", seatIds.toArray(String[]::new))
			.map(row -> row.get("seat_id", String.class))
			.all();
	}

	/** A live ticket, as the seat-state rebuild needs it. */
	record SoldSeat(UUID eventId, String seatId, String userId) {
	}

	Flux<SoldSeat> liveTickets(UUID eventId) {
		return db.sql("select event_id, seat_id, user_id from ticket where event_id = :event and status in ('VALID', 'USED')")
			.bind("event", eventId)
			.map(row -> new SoldSeat(row.get("event_id", UUID.class), row.get("seat_id", String.class),
					row.get("user_id", String.class)))
			.all();
	}

	/** An attempt whose purchase may still sell (or has sold) its hold's seats without an order yet. */
	record OpenAttempt(UUID holdId, String userId) {
	}

	/**
	 * What PostgreSQL says about some seats of an event, read in one statement (one snapshot, so a
	 * purchase storing its order meanwhile shows either as a live ticket or as an open attempt):
	 * which are sold, which attempts are open, and who last held a ticket for each seat.
	 */
	record SaleView(Set<String> live, List<OpenAttempt> open, Map<String, String> lastOwner) {
	}

	Mono<SaleView> saleView(UUID eventId, java.util.Collection<String> seatIds) {
		return db.sql("""
				select 'live' as kind, seat_id as a, null as b from ticket
				  where event_id = :event and seat_id = any(:seats) and status in ('VALID', 'USED')
				union all
				select 'open', hold_id::text, user_id from purchase_attempt where status = any(:unsettled)
				union all
				(select distinct on (seat_id) 'owner', seat_id, user_id from ticket
				  where event_id = :event and seat_id = any(:seats) order by seat_id, created_at desc)""")
			.bind("event", eventId)
			.bind("seats", seatIds.toArray(String[]::new))
			.bind("unsettled", AttemptStatus.names(AttemptStatus.UNSETTLED))
			.map(row -> new String[] { row.get("kind", String.class), row.get("a", String.class), row.get("b", String.class) })
			.all()
			.collectList()
			.map(rows -> {
				Set<String> live = new java.util.HashSet<>();
				List<OpenAttempt> open = new ArrayList<>();
				Map<String, String> owners = new java.util.HashMap<>();
				for (String[] row : rows) {
					switch (row[0]) {
						case "live" -> live.add(row[1]);
						case "open" -> open.add(new OpenAttempt(UUID.fromString(row[1]), row[2]));
						default -> owners.put(row[1], row[2]);
					}
				}
				return new SaleView(live, open, owners);
			});
	}

	/** Events that start after {@code since}: the ones whose seat maps anybody still looks at. */
	Flux<UUID> eventsStartingAfter(Instant since) {
		return db.sql("select id from event where starts_at > :since").bind("since", utc(since))
			.map(row -> row.get("id", UUID.class))
			.all();
	}

	Flux<UUID> eventIds() {
		return db.sql("select id from event").map(row -> row.get("id", UUID.class)).all();
	}

	private static Order orderRow(Readable row) {
		return new Order(row.get("id", UUID.class), row.get("event_id", UUID.class), row.get("user_id", String.class),
				row.get("hold_id", UUID.class), Order.Status.valueOf(row.get("status", String.class)),
				new Money(row.get("total_minor", Long.class), row.get("currency", String.class).trim()),
				row.get("payment_id", String.class), row.get("created_at", OffsetDateTime.class).toInstant(),
				new ArrayList<>());
	}

	private static Order.Ticket ticketRow(Readable row) {
		return new Order.Ticket(row.get("id", UUID.class), row.get("order_id", UUID.class),
				row.get("event_id", UUID.class), row.get("seat_id", String.class), row.get("user_id", String.class),
				row.get("status", String.class),
				new Money(row.get("price_minor", Long.class), row.get("currency", String.class).trim()),
				row.get("created_at", OffsetDateTime.class).toInstant());
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
