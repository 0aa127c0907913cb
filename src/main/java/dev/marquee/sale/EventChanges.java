package dev.marquee.sale;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the organizers do to an event that has buyers: postpone it (a new start, every
 * buyer told in the same transaction), cancel it (every order refunded in full and every
 * buyer told), and send an order's tickets again.
 * <p>
 * A cancel is settled by a sweep rather than in the request: the event is marked
 * cancelled first (from then on no hold is placed for it, on every node within
 * {@code marquee.catalog.refresh-interval}), then every node's sweep cancels and refunds
 * the event's confirmed orders, a few at a time, until none is left. A purchase that was
 * already paying when the event was cancelled, or a hold placed on a node that had not
 * heard yet, ends as an order the next sweep refunds: nobody keeps a ticket of a
 * cancelled event, nobody pays for one. Each order is cancelled by one conditional
 * statement, so two sweeps never refund it twice.
 */
@Service
public class EventChanges {

	private static final Logger log = LoggerFactory.getLogger(EventChanges.class);

	private static final int SWEEP_BATCH = 200;

	private final CatalogManagement catalog;

	private final Cancellations cancellations;

	private final PurchaseManagement purchases;

	private final Outbox outbox;

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final Clock clock;

	EventChanges(CatalogManagement catalog, Cancellations cancellations, PurchaseManagement purchases, Outbox outbox,
			DatabaseClient db, TransactionalOperator tx, Clock clock) {
		this.clock = clock;
		this.catalog = catalog;
		this.cancellations = cancellations;
		this.purchases = purchases;
		this.outbox = outbox;
		this.db = db;
		this.tx = tx;
	}

	/** The event cancelled, and how many of its orders are still to be refunded. */
	public record EventCancelled(Event event, long ordersToRefund) {
	}

	/**
	 * Cancels the event and starts refunding its orders (the sweep finishes what this
	 * node does not).
	 */
	public Mono<EventCancelled> cancel(EventId eventId) {
		return catalog.cancel(eventId).flatMap(event -> confirmedOrders(eventId).map(count -> {
			sweep(eventId).subscribe(null,
					ex -> log.warn(
							"Refunding the orders of cancelled event {} stopped ({});" + " the sweep goes on with them",
							eventId.value(), ex.toString()));
			return new EventCancelled(event, count);
		}));
	}

	/**
	 * Moves the event to {@code startsAt} and leaves an {@code EventPostponed} outbox row
	 * for each confirmed order, in one transaction: every buyer is told, once.
	 */
	public Mono<Event> postpone(EventId eventId, Instant startsAt) {
		return catalog.setup(eventId)
			.map(setup -> setup.event().startsAt())
			.flatMap(previous -> catalog.postpone(eventId, startsAt)
				.flatMap(event -> outbox
					.appendEach("EventPostponed",
							"""
									select o.id::text as aggregate_id, jsonb_build_object('orderId', o.id, 'eventId', o.event_id,
									  'userId', o.user_id, 'previousStartsAt', :previous::text, 'startsAt', :startsAt::text,
									  'seatIds', (select jsonb_agg(t.seat_id order by t.seat_id) from ticket t where t.order_id = o.id))
									  as payload
									from orders o where o.event_id = :event and o.status = 'CONFIRMED'""",
							Map.of("previous", previous.toString(), "startsAt", event.startsAt().toString(), "event",
									eventId.value()),
							event.startsAt())
					.thenReturn(event)))
			.as(tx::transactional);
	}

	/**
	 * Sends an order's tickets to its buyer again (as they hold them now); answers the
	 * order. A cancelled order has no tickets to send.
	 */
	public Mono<Order> resendTickets(OrderId orderId) {
		return purchases.anyOrder(orderId).flatMap(order -> {
			if (order.status() != Order.Status.CONFIRMED) {
				return Mono.error(new SaleProblems.OrderCancelled(order.id()));
			}
			return outbox
				.append(outbox.entry(order.id().toString(), "TicketsResent", Map.of("orderId", order.id().toString(),
						"eventId", order.eventId().toString(), "userId", order.userId()), clock.instant()))
				.thenReturn(order);
		});
	}

	/**
	 * Every node, every few seconds: cancels and refunds the confirmed orders of
	 * cancelled events.
	 */
	@Scheduled(fixedDelayString = SaleProperties.CANCELLED_EVENT_SWEEP,
			initialDelayString = SaleProperties.CANCELLED_EVENT_SWEEP)
	Mono<Void> sweepCancelledEvents() {
		return catalog.cancelledEvents().concatMap(this::sweep).then().onErrorResume(ex -> {
			log.warn("Refunding the orders of cancelled events failed ({}); the next sweep goes on", ex.toString());
			return Mono.empty();
		});
	}

	/** Cancels and refunds the event's confirmed orders; answers how many it settled. */
	Mono<Long> sweep(EventId eventId) {
		return db
			.sql("select id from orders where event_id = :event and status = 'CONFIRMED' order by created_at"
					+ " limit :batch")
			.bind("event", eventId.value())
			.bind("batch", SWEEP_BATCH)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap(orderId -> cancellations.cancelWithEvent(OrderId.of(orderId)).onErrorResume(ex -> {
				log.warn("Order {} of cancelled event {} is not refunded yet ({}); the next sweep tries again", orderId,
						eventId.value(), ex.toString());
				return Mono.empty();
			}))
			.count();
	}

	private Mono<Long> confirmedOrders(EventId eventId) {
		return db.sql("select count(*) from orders where event_id = :event and status = 'CONFIRMED'")
			.bind("event", eventId.value())
			.map(row -> row.get(0, Long.class))
			.one();
	}

}
