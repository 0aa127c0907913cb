package dev.marquee.sale;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import dev.marquee.outbox.Outbox;
import dev.marquee.pricing.PriceAudit;
import dev.marquee.shared.InObservation;
import dev.marquee.shared.Money;
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
 * steps the ticket module ({@link TicketIssue}) and the outbox ({@link Outbox.Entry})
 * give for their tables, so it is one round trip and atomic without a transaction around
 * it ({@link CancelledOrders} does the same for a cancel). An order's tickets are read
 * from the ticket module.
 */
@Repository
class OrderRepository {

	/**
	 * Order, tickets, the attempt's outcome and the outbox row, as one statement (built
	 * once: the other modules' steps depend only on the CTE names given them).
	 */
	private static final String SAVE = """
			with confirmed as (
			  update purchase_attempt set status = :confirmed, order_id = :id, payment_id = :payment, updated_at = :at
			  where user_id = :attemptUser and idempotency_key = :key and status = any(:open)
			  returning 1
			), saved as (
			  insert into orders (id, event_id, user_id, hold_id, status, total_minor, currency, payment_id, created_at)
			  select :id, :event, :user, :hold, :status, :total, :currency, :payment, :at
			  where exists (select 1 from confirmed)
			  returning id
			), %s, %s
			select count(*) as confirmed from confirmed""".formatted(TicketIssue.step("tickets", "saved"),
			Outbox.Entry.step("announced", "saved"));

	/** {@link #SAVE} with the audit of the seats' prices (built once). */
	private static final String SAVE_AUDITED = SAVE.replace("\nselect count(*) as confirmed from confirmed",
			", " + PriceAudit.step("audited", "saved") + "\nselect count(*) as confirmed from confirmed");

	private static final String[] OPEN = AttemptStatus.names(AttemptStatus.OPEN);

	private final DatabaseClient db;

	private final Outbox outbox;

	private final TicketLedger tickets;

	private final TransactionalOperator tx;

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

	/**
	 * Order, tickets, the attempt's outcome and the outbox row: all in one statement, or
	 * none. The order is stored only while nobody settled the attempt (the recovery job
	 * may be refunding it).
	 */
	Mono<Order> save(Order order, AttemptRepository.Attempt attempt) {
		return save(order, attempt, null);
	}

	/**
	 * {@link #save(Order, AttemptRepository.Attempt)}, auditing the seats' prices in the
	 * same statement ({@code prices} null: no audit).
	 */
	Mono<Order> save(Order order, AttemptRepository.Attempt attempt, PriceAudit prices) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("orderId", order.id().toString());
		payload.put("eventId", order.eventId().toString());
		payload.put("userId", order.userId());
		payload.put("seatIds", order.seatIds());
		payload.put("total", order.total());
		TicketIssue issue = new TicketIssue(order.tickets());
		Outbox.Entry announced = outbox.entry(order.id().toString(), "OrderConfirmed", payload, order.createdAt());
		var spec = db.sql(prices == null ? SAVE : SAVE_AUDITED)
			.bind("confirmed", AttemptStatus.CONFIRMED.name())
			.bind("id", order.id())
			.bind("event", order.eventId())
			.bind("user", order.userId())
			.bind("hold", order.holdId())
			.bind("status", order.status().name())
			.bind("total", order.total().amountMinor())
			.bind("currency", order.total().currency())
			.bind("payment", order.paymentId())
			.bind("at", utc(order.createdAt()))
			.bind("attemptUser", attempt.userId())
			.bind("open", OPEN)
			.bind("key", attempt.idempotencyKey());
		if (prices != null) {
			spec = prices.bind(spec, order.eventId(), order.createdAt());
		}
		return announced.bind(issue.bind(spec))
			.map(row -> row.get("confirmed", Long.class))
			.one()
			.contextWrite(InObservation::without)
			.flatMap(confirmed -> confirmed == 1 ? Mono.just(order) : Mono.error(new AttemptSettled()));
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
		return claim.then(resell)
			.then(save(order, attempt, prices))
			.flatMap(saved -> settle.thenReturn(saved))
			.as(tx::transactional);
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
