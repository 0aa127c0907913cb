package dev.marquee.sale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts sales: {@code marquee.sales} (orders) and {@code marquee.sales.seats} (tickets).
 * Payment outcomes are {@code marquee.payments{outcome}}.
 */
@Component
class SaleMetrics {

	private final MeterRegistry meters;

	private final Counter orders;

	private final Counter seats;

	SaleMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.orders = Counter.builder("marquee.sales").description("Orders confirmed").register(meters);
		this.seats = Counter.builder("marquee.sales.seats").description("Tickets sold").register(meters);
	}

	@EventListener
	void on(SeatsSold sold) {
		orders.increment();
		seats.increment(sold.seatIds().size());
	}

	/** A charge's outcome: approved, declined, or no-answer from the gateway. */
	void payment(String outcome) {
		meters.counter("marquee.payments", "outcome", outcome).increment();
	}

}
