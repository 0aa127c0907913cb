package dev.marquee.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Relays the outbox: rows written in the same transaction as each order, cancellation or
 * transfer go out through {@link OrderEvents} in id order, and are marked published only
 * once the broker has them. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * several nodes relay side by side without sending a row twice; a node that dies after
 * sending and before marking leaves its rows to be sent again (at least once, never
 * lost), which consumers drop by the outbox id each event carries. Each order's events go
 * out in order: a row is claimed only once every earlier row of its order is published,
 * so no relay sends a cancellation while another still holds (or has yet to send) the
 * confirmation, and the order id as the Kafka key keeps them in order on one partition.
 * Runs only when {@code marquee.outbox.bootstrap-servers} is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${marquee.outbox.bootstrap-servers:}'.isEmpty()")
class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final OutboxProperties properties;

	private final OrderEvents events;

	OutboxRelay(DatabaseClient db, TransactionalOperator tx, OutboxProperties properties, OrderEvents events) {
		this.db = db;
		this.tx = tx;
		this.properties = properties;
		this.events = events;
	}

	@Bean
	static KafkaOrderEvents kafkaOrderEvents(OutboxProperties properties) {
		return new KafkaOrderEvents(properties);
	}

	@Scheduled(fixedDelayString = OutboxProperties.INTERVAL, initialDelayString = OutboxProperties.INTERVAL)
	Mono<Void> scheduledRelay() {
		return Mono.defer(this::relay).then().onErrorResume(ex -> {
			log.warn("Outbox relay failed ({}); the rows stay and are sent on the next round", ex.toString());
			return Mono.empty();
		});
	}

	/** One round: answers how many rows went out. */
	Mono<Integer> relay() {
		// an earlier row of the same order still unpublished (claimed by another relay,
		// or next in line) holds the later ones back; at most one row per order goes out
		// per round
		return db.sql("""
				select id, aggregate_id, type, payload::text as payload from outbox
				where published_at is null
				and not exists (select 1 from outbox earlier where earlier.aggregate_id = outbox.aggregate_id
				  and earlier.id < outbox.id and earlier.published_at is null)
				order by id limit :batch for update of outbox skip locked""")
			.bind("batch", properties.batch())
			.map(row -> new OrderEvents.OutboxEvent(row.get("id", Long.class), row.get("aggregate_id", String.class),
					row.get("type", String.class), row.get("payload", String.class)))
			.all()
			.collectList()
			.flatMap(batch -> batch.isEmpty() ? Mono.just(0)
					: events.send(batch)
						.then(db.sql("update outbox set published_at = now() where id = any(:ids)")
							.bind("ids", batch.stream().map(OrderEvents.OutboxEvent::id).toArray(Long[]::new))
							.then())
						.thenReturn(batch.size()))
			.as(tx::transactional);
	}

}
