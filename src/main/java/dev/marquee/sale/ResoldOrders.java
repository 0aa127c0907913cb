package dev.marquee.sale;

import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.SeatSales;
import dev.marquee.pricing.PriceAudit;
import dev.marquee.sale.AttemptRepository.Attempt;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The order of a hold with seats listed for resale, stored by {@link Checkout}: the
 * listings claimed and their sellers' tickets resold in the order's own transaction
 * ({@link OrderRepository#saveResale}), the resold seats taken off their sellers' ticket
 * limits, and the sellers paid out at once.
 */
@Component
class ResoldOrders {

	private static final Logger log = LoggerFactory.getLogger(ResoldOrders.class);

	private final OrderRepository orders;

	private final SeatSales sales;

	private final ResalePayouts payouts;

	ResoldOrders(OrderRepository orders, SeatSales sales, ResalePayouts payouts) {
		this.orders = orders;
		this.sales = sales;
		this.payouts = payouts;
	}

	/** Fails as {@link OrderRepository#saveResale} does, with nothing written. */
	Mono<Order> store(Order order, Attempt attempt, List<ResaleListing> sold, PriceAudit prices) {
		return orders.saveResale(order, attempt, sold, prices)
			// the resold seats leave their sellers' ticket limits, once (the listings
			// were claimed once); if Redis misses it, a count stays high (stricter)
			.flatMap(saved -> sales
				.resold(EventId.of(order.eventId()),
						sold.stream().collect(Collectors.toMap(ResaleListing::sellerId, l -> 1, Integer::sum)))
				.onErrorResume(ex -> {
					log.warn("Resold seats of order {} stay on their sellers' counts: {}", order.id(), ex.toString());
					return Mono.empty();
				})
				.thenReturn(saved))
			// the sellers are paid out at once, not in the buyer's answer (payOut never
			// fails: what it cannot pay the payout job retries)
			.doOnNext(saved -> payouts.payOut(sold.stream().map(ResaleListing::id).toList()).subscribe());
	}

}
