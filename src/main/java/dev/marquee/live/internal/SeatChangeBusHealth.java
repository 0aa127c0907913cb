package dev.marquee.live.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health of the bus between nodes: with Kafka, down while the brokers do not answer or
 * the node's consumer has no partitions assigned (it would miss other nodes' changes);
 * the in-process bus is always up. Not part of readiness: a Kafka outage hits every node
 * alike, and holds and purchases go on without it (maps resync when it is back).
 */
@Component("seatChangeBus")
class SeatChangeBusHealth implements ReactiveHealthIndicator {

	private final SeatChangeBus bus;

	SeatChangeBusHealth(SeatChangeBus bus) {
		this.bus = bus;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(
				() -> (bus.connected() ? Health.up() : Health.down()).withDetail("bus", bus.getClass().getSimpleName())
					.build());
	}

}
