package dev.marquee.live;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness of the bus between nodes: with Kafka, a node whose consumer has no partitions
 * assigned would miss other nodes' changes, so it is not ready; the in-process bus always is.
 */
@Component("seatChangeBus")
class SeatChangeBusHealth implements ReactiveHealthIndicator {

	private final SeatChangeBus bus;

	SeatChangeBusHealth(SeatChangeBus bus) {
		this.bus = bus;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> (bus.connected() ? Health.up() : Health.down())
			.withDetail("bus", bus.getClass().getSimpleName())
			.build());
	}

}
