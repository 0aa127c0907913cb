package dev.marquee.sale;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;

import dev.marquee.outbox.Outbox;
import dev.marquee.pricing.PriceAudit;
import dev.marquee.shared.InFlightBatches;
import dev.marquee.shared.InObservation;
import dev.marquee.shared.Money;
import dev.marquee.ticket.Ticket;
import dev.marquee.ticket.TicketIssue;
import dev.marquee.ticket.TicketLedger;
import dev.marquee.ticket.TicketResale;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * Orders in PostgreSQL. Storing an order is one statement: the order's own row, plus the
 * steps the ticket module ({@link TicketIssue}), the outbox ({@link Outbox.Entry}) and
 * pricing ({@link PriceAudit}) give for their tables, so it is one round trip and atomic
 * without a transaction around it ({@link CancelledOrders} does the same for a cancel);
 * the orders of purchases that reach it together share that statement. An order's tickets
 * are read from the ticket module.
 */
@Repository
class OrderRepository {

	/**
	 * Orders, their tickets, their attempts' outcomes, outbox rows and price audits, as
	 * one statement for one order or several (built once: the other modules' steps depend
	 * only on the CTE names given them). An order is stored only where its attempt is
	 * still open; the statement answers the ids of those stored.
	 */
	private static final String SAVE = """
			with input as (
			  select * from unnest(:ids::uuid[], :events::uuid[], :users::text[], :holds::uuid[], :statuses::text[],
			    :totals::bigint[], :currencies::text[], :payments::text[], :ats::timestamptz[], :keys::text[])
			    as i(id, event_id, user_id, hold_id, status, total_minor, currency, payment_id, created_at, idempotency_key)
			), confirmed as (
			  update purchase_attempt a set status = :confirmed, order_id = i.id, payment_id = i.payment_id,
			    updated_at = i.created_at
			  from input i
			  where a.user_id = i.user_id and a.idempotency_key = i.idempotency_key and a.status in (%s)
			  returning i.id
			), saved as (
			  insert into orders (id, event_id, user_id, hold_id, status, total_minor, currency, payment_id, created_at)
			  select i.id, i.event_id, i.user_id, i.hold_id, i.status, i.total_minor, i.currency, i.payment_id, i.created_at
			  from input i where i.id in (select id from confirmed)
			  returning id, event_id, user_id, hold_id, currency, created_at
			), %s, %s, %s
			select id from confirmed"""
		.formatted(AttemptStatus.literals(AttemptStatus.OPEN), TicketIssue.step("tickets", "saved"),
				Outbox.Entry.stepEach("announced", "saved"), PriceAudit.step("audited", "saved"));

	/**
	 * How many order statements may run at once; orders asked meanwhile wait to go
	 * together.
	 */
	private static final int STATEMENTS_IN_FLIGHT = 4;

	/** The most orders one statement stores. */
	private static final int ORDERS_A_STATEMENT = 64;

	private final DatabaseClient db;

	private final Outbox outbox;

	private final TicketLedger tickets;

	private final TransactionalOperator tx;

	private final InFlightBatches<ToStore, Boolean> batches = new InFlightBatches<>(this::storeEach,
			STATEMENTS_IN_FLIGHT, ORDERS_A_STATEMENT);

	OrderRepository(DatabaseClient db, Outbox outbox, TicketLedger tickets, TransactionalOperator tx) {
		this.tx = tx;
		this.db = db;
		this.outbox = outbox;
		this.tickets = tickets;
	}

	/**
	 * The attempt was taken over by the recovery job (it is refunding the charge) while
	 * its order was being stored: the order is rolled back.
	 */
	static final class AttemptSettled extends RuntimeException {

		AttemptSettled() {
			super("The purchase attempt is being settled by the recovery job", null, false, false);
		}

	}

	/** An order to store, for its attempt, with its prices' audit (null: none). */
	private record ToStore(Order order, AttemptRepository.Attempt attempt, PriceAudit prices) {
	}

	/**
	 * Order, tickets, the attempt's outcome, the outbox row and the audit of the seats'
	 * prices ({@code prices} null: no audit): all in one statement, or none. The order is
	 * stored only while nobody settled the attempt (the recovery job may be refunding
	 * it). Orders asked for while others are being stored go together, in one statement
	 * ({@link InFlightBatches}; if it fails, each is stored again alone, so that one
	 * order's failure is no other's).
	 */
	Mono<Order> save(Order order, AttemptRepository.Attempt attempt, PriceAudit prices) {
		return this.batches.submit(new ToStore(order, attempt, prices))
			.flatMap(confirmed -> confirmed ? Mono.just(order) : Mono.error(new AttemptSettled()));
	}

	/** Whether each order was stored (its attempt still open). */
	private Mono<List<Boolean>> storeEach(List<ToStore> orders) {
		return write(orders).map(stored -> orders.stream().map(one -> stored.contains(one.order().id())).toList());
	}

	/** One statement for {@code orders}: answers the ids of the orders stored. */
	private Mono<Set<UUID>> write(List<ToStore> orders) {
		List<Ticket> issued = new ArrayList<>();
		List<Outbox.Entry> announced = new ArrayList<>(orders.size());
		Map<UUID, PriceAudit> audited = new LinkedHashMap<>();
		for (ToStore one : orders) {
			Order order = one.order();
			issued.addAll(order.tickets());
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("orderId", order.id().toString());
			payload.put("eventId", order.eventId().toString());
			payload.put("userId", order.userId());
			payload.put("seatIds", order.seatIds());
			payload.put("total", order.total());
			announced.add(outbox.entry(order.id().toString(), "OrderConfirmed", payload, order.createdAt()));
			if (one.prices() != null) {
				audited.put(order.id(), one.prices());
			}
		}
		var spec = db.sql(SAVE)
			.bind("ids", column(orders, one -> one.order().id(), UUID[]::new))
			.bind("events", column(orders, one -> one.order().eventId(), UUID[]::new))
			.bind("users", column(orders, one -> one.attempt().userId(), String[]::new))
			.bind("holds", column(orders, one -> one.order().holdId(), UUID[]::new))
			.bind("statuses", column(orders, one -> one.order().status().name(), String[]::new))
			.bind("totals", column(orders, one -> one.order().total().amountMinor(), Long[]::new))
			.bind("currencies", column(orders, one -> one.order().total().currency(), String[]::new))
			.bind("payments", column(orders, one -> one.order().paymentId(), String[]::new))
			.bind("ats", column(orders, one -> utc(one.order().createdAt()), OffsetDateTime[]::new))
			.bind("keys", column(orders, one -> one.attempt().idempotencyKey(), String[]::new))
			.bind("confirmed", AttemptStatus.CONFIRMED.name());
		spec = PriceAudit.bind(Outbox.Entry.bindEach(new TicketIssue(issued).bind(spec), announced), audited);
		return spec.map(row -> row.get("id", UUID.class))
			.all()
			.collect(Collectors.toSet())
			.contextWrite(InObservation::without);
	}

	private static <T> T[] column(List<ToStore> orders, Function<ToStore, T> value, IntFunction<T[]> array) {
		return orders.stream().map(value).toArray(array);
	}

	/**
	 * A resale listing ended (or its ticket changed) before the purchase claimed it: the
	 * transaction rolled back.
	 */
	static final class ListingGone extends RuntimeException {

		final List<String> seatIds;

		ListingGone(List<String> seatIds) {
			super("Resale listing of " + seatIds + " ended", null, false, false);
			this.seatIds = List.copyOf(seatIds);
		}

	}

	private static final String LISTING_SETTLED = """
			update resale_listing l set buyer_order_id = :order,
			  buyer_ticket_id = (select t.id from ticket t where t.order_id = :order and t.seat_id = l.seat_id)
			where l.id = any(:ids)""";

	private static final String PAYOUT = """
			insert into resale_payout (listing_id, seller_id, payment_id, amount_minor, currency, status, created_at)
			select l.id, l.seller_id, o.payment_id, l.price_minor, o.currency, 'PENDING', :at
			from resale_listing l join ticket t on t.id = l.ticket_id join orders o on o.id = t.order_id
			where l.id = any(:ids)""";

	private static final String RESOLD_ROWS = """
			select t.order_id::text as aggregate_id, jsonb_build_object('listingId', l.id, 'eventId', l.event_id,
			  'seatId', l.seat_id, 'ticketId', l.ticket_id, 'sellerId', l.seller_id, 'orderId', t.order_id,
			  'buyerOrderId', l.buyer_order_id, 'price', jsonb_build_object('amountMinor', l.price_minor,
			  'currency', o.currency)) as payload
			from resale_listing l join ticket t on t.id = l.ticket_id join orders o on o.id = t.order_id
			where l.id = any(:resold)""";

	/**
	 * As {@link #save}, for an order with resale seats, in one transaction: the listings
	 * are claimed (only if still OPEN) and their sellers' tickets become RESOLD (only if
	 * still valid, theirs and of the code listed) before the buyer's tickets are
	 * inserted; then the listings get the buyer's order and ticket, the payouts are
	 * written PENDING and each seller's order gets an outbox row; the prices are audited
	 * as {@link #save(Order, AttemptRepository.Attempt, PriceAudit)} does. Fails with
	 * {@link ListingGone} (nothing written) when a listing or its ticket changed.
	 */
	Mono<Order> saveResale(Order order, AttemptRepository.Attempt attempt, List<ResaleListing> listings,
			PriceAudit prices) {
		UUID[] ids = ResaleRepository.ids(listings);
		List<String> seats = listings.stream().map(ResaleListing::seatId).toList();
		OffsetDateTime at = utc(order.createdAt());
		Mono<Void> claim = db
			.sql("update resale_listing set status = 'SOLD', closed_at = :at where id = any(:ids) and status = 'OPEN'")
			.bind("at", at)
			.bind("ids", ids)
			.fetch()
			.rowsUpdated()
			.flatMap(claimed -> claimed == listings.size() ? Mono.<Void>empty() : Mono.error(new ListingGone(seats)));
		Mono<Void> resell = Flux.fromIterable(listings)
			.concatMap(l -> new TicketResale(l.ticketId(), l.sellerId(), l.codeVersion()).statement(db)
				.fetch()
				.rowsUpdated()
				.flatMap(done -> done == 1 ? Mono.<Void>empty() : Mono.error(new ListingGone(List.of(l.seatId())))))
			.then();
		Mono<Void> settle = db.sql(LISTING_SETTLED)
			.bind("order", order.id())
			.bind("ids", ids)
			.then()
			.then(db.sql(PAYOUT).bind("at", at).bind("ids", ids).then())
			.then(outbox.appendEach("TicketResold", RESOLD_ROWS, Map.of("resold", ids), order.createdAt()))
			.then();
		// in the transaction: alone, not with orders of other buyers
		Mono<Order> stored = write(List.of(new ToStore(order, attempt, prices)))
			.flatMap(confirmed -> confirmed.isEmpty() ? Mono.error(new AttemptSettled()) : Mono.just(order));
		return claim.then(resell).then(stored).flatMap(saved -> settle.thenReturn(saved)).as(tx::transactional);
	}

	Mono<Order> find(UUID orderId) {
		return db.sql("select * from orders where id = :id")
			.bind("id", orderId)
			.map(OrderRepository::orderRow)
			.one()
			.flatMap(this::withTickets);
	}

	Mono<Order> findByHold(UUID holdId) {
		return db.sql("select * from orders where hold_id = :hold")
			.bind("hold", holdId)
			.map(OrderRepository::orderRow)
			.one()
			.flatMap(this::withTickets);
	}

	/** Whether an order carries this payment (cancelled ones too). */
	Mono<Boolean> carriesPayment(String paymentId) {
		return db.sql("select exists (select 1 from orders where payment_id = :payment) as carried")
			.bind("payment", paymentId)
			.map(row -> Boolean.TRUE.equals(row.get("carried", Boolean.class)))
			.one();
	}

	Flux<Order> ordersOf(String userId) {
		return db.sql("select * from orders where user_id = :user order by created_at desc, id limit 500")
			.bind("user", userId)
			.map(OrderRepository::orderRow)
			.all()
			// finish reading the orders before querying their tickets (no nested
			// streaming queries)
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap(this::withTickets);
	}

	private Mono<Order> withTickets(Order order) {
		return tickets.ofOrder(order.id())
			.collectList()
			.map(found -> new Order(order.id(), order.eventId(), order.userId(), order.holdId(), order.status(),
					order.total(), order.paymentId(), order.createdAt(), found));
	}

	static Order orderRow(Readable row) {
		return new Order(row.get("id", UUID.class), row.get("event_id", UUID.class), row.get("user_id", String.class),
				row.get("hold_id", UUID.class), Order.Status.valueOf(row.get("status", String.class)),
				new Money(row.get("total_minor", Long.class), row.get("currency", String.class).trim()),
				row.get("payment_id", String.class), row.get("created_at", OffsetDateTime.class).toInstant(),
				List.of());
	}

}
