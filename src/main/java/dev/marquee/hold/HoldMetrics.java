package dev.marquee.hold;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts what happens to holds: {@code marquee.holds.placed}, {@code marquee.holds.seats}
 * (seats held), {@code marquee.holds.rejected{reason}} (the problem's slug) and
 * {@code marquee.holds.ended{reason}} (RELEASED, EXPIRED, PURCHASE_FAILED, CANCELLED),
 * and {@code marquee.holds.snapshot.reads} (full seat-map reads from Redis, after the
 * shared cache).
 */
@Component
class HoldMetrics {

	private final MeterRegistry meters;

	private final Counter placed;

	private final Counter seats;

	private final Counter snapshotReads;

	HoldMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.placed = Counter.builder("marquee.holds.placed").description("Holds placed").register(meters);
		this.seats = Counter.builder("marquee.holds.seats").description("Seats held").register(meters);
		this.snapshotReads = Counter.builder("marquee.holds.snapshot.reads")
			.description("Full seat-map snapshots read from Redis (snapshot.lua runs)")
			.register(meters);
	}

	@EventListener
	void on(SeatsHeld held) {
		placed.increment();
		seats.increment(held.seatIds().size());
	}

	@EventListener
	void on(SeatsReleased released) {
		meters.counter("marquee.holds.ended", "reason", released.reason().name()).increment();
	}

	void snapshotRead() {
		snapshotReads.increment();
	}

	void rejected(String reason) {
		meters.counter("marquee.holds.rejected", "reason", reason).increment();
	}

}
