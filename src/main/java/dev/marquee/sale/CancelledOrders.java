package dev.marquee.sale;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.marquee.outbox.Outbox;
import dev.marquee.ticket.TicketVoid;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * Cancelled orders in PostgreSQL: the cancel as one statement (the order's row, plus the
 * steps the ticket module ({@link TicketVoid}) and the outbox ({@link Outbox.Entry}) give
 * for their tables, so it is one round trip and atomic without a transaction around it),
 * and the refunds it leaves to be made.
 */
@Repository
class CancelledOrders {

	/** The cancel as one statement that first locks the order's tickets (built once). */
	private static final String CANCEL = """
			with %1$s, cancelled as (
			  update orders set status = :cancelledStatus, cancelled_at = :at, refund_minor = :refund,
			    refund_status = :refundStatus
			  where id = :id and status = :confirmedStatus and (:force or (select used + transferred from %2$s) = 0)
			  returning id
			), %3$s, %4$s
			select (select count(*) from cancelled) as cancelled, used, transferred from %2$s""".formatted(
			TicketVoid.VERDICT_STEPS, TicketVoid.VERDICT, TicketVoid.step("voided", "cancelled"),
			Outbox.Entry.step("announced", "cancelled"));

	private final DatabaseClient db;

	private final Outbox outbox;

	CancelledOrders(DatabaseClient db, Outbox outbox) {
		this.db = db;
		this.outbox = outbox;
	}

	/**
	 * What a cancellation did to an order: when, what it refunds, and whether the refund
	 * went through.
	 */
	record Cancellation(Instant cancelledAt, long refundMinor, RefundStatus refundStatus) {
	}

	Mono<Cancellation> cancellation(UUID orderId) {
		return db.sql(
				"select cancelled_at, refund_minor, refund_status from orders where id = :id and cancelled_at is not null")
			.bind("id", orderId)
			.map(row -> new Cancellation(row.get("cancelled_at", OffsetDateTime.class).toInstant(),
					row.get("refund_minor", Long.class), RefundStatus.valueOf(row.get("refund_status", String.class))))
			.one();
	}

	/**
	 * What a cancel statement decided: whether it cancelled the order, and what it found
	 * on the order's tickets (counted on the rows it locked, so no scan or transfer slips
	 * in between).
	 */
	record CancelVerdict(boolean cancelled, long used, long transferred) {
	}

	/**
	 * Cancels a confirmed order, voids its tickets and writes the outbox row, in one
	 * statement that first locks the order's tickets ({@link TicketVoid}): it cancels
	 * only if none is used or has changed hands.
	 */
	Mono<CancelVerdict> cancel(Order order, long refundMinor, Instant at) {
		return cancel(order, refundMinor, at, "buyer", false);
	}

	/**
	 * As {@link #cancel(Order, long, Instant)}, saying why ({@code buyer},
	 * {@code organizer}, {@code event-cancelled}: the outbox row carries it); with
	 * {@code force}, it cancels even an order whose tickets were scanned in or given away
	 * (its event is cancelled: every ticket is void, whoever holds it).
	 */
	Mono<CancelVerdict> cancel(Order order, long refundMinor, Instant at, String reason, boolean force) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("orderId", order.id().toString());
		payload.put("eventId", order.eventId().toString());
		payload.put("userId", order.userId());
		payload.put("seatIds", order.seatIds());
		payload.put("refund", Map.of("amountMinor", refundMinor, "currency", order.total().currency()));
		payload.put("cancelledAt", at.toString());
		payload.put("reason", reason);
		TicketVoid voiding = new TicketVoid(order.id(), order.userId());
		Outbox.Entry announced = outbox.entry(order.id().toString(), "OrderCancelled", payload, at);
		var spec = db.sql(CANCEL)
			.bind("id", order.id())
			.bind("cancelledStatus", Order.Status.CANCELLED.name())
			.bind("confirmedStatus", Order.Status.CONFIRMED.name())
			.bind("at", utc(at))
			.bind("refund", refundMinor)
			.bind("refundStatus", (refundMinor > 0 ? RefundStatus.PENDING : RefundStatus.NONE).name())
			.bind("force", force);
		return announced.bind(voiding.bind(spec))
			.map(row -> new CancelVerdict(row.get("cancelled", Long.class) == 1, row.get("used", Long.class),
					row.get("transferred", Long.class)))
			.one();
	}

	Mono<Void> refunded(UUID orderId) {
		return db.sql("update orders set refund_status = :refunded where id = :id and refund_status = :pending")
			.bind("refunded", RefundStatus.REFUNDED.name())
			.bind("pending", RefundStatus.PENDING.name())
			.bind("id", orderId)
			.then();
	}

	/** Cancelled orders whose refund has not gone through yet, with their payment ids. */
	Flux<Order> pendingRefunds() {
		return db.sql("select * from orders where refund_status = :pending order by cancelled_at limit 100")
			.bind("pending", RefundStatus.PENDING.name())
			.map(OrderRepository::orderRow)
			.all();
	}

}
