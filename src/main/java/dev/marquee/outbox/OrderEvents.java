package dev.marquee.outbox;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where order events leave the building (a port, so the Kafka client can be swapped).
 * Each event carries its outbox id, which downstream consumers use to drop the duplicates
 * an at-least-once relay may send after a crash.
 */
interface OrderEvents {

	/** One outbox row: its id, the order it belongs to, its type and its JSON payload. */
	record OutboxEvent(long id, String orderId, String type, String payload) {
	}

	/** Sends the events, completing once the broker has them all (or failing). */
	Mono<Void> send(List<OutboxEvent> events);

}
