package dev.marquee.sale;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the sale's own jobs (payments: {@link PaymentProperties}).
 *
 * @param reconcileInterval how often Redis's sold seats are compared with PostgreSQL's
 * tickets ({@link SoldSeatsReconciler})
 * @param cancelledEventSweep how often each node refunds the orders left of cancelled
 * events ({@link EventChanges})
 */
@Validated
@ConfigurationProperties("marquee.sale")
public record SaleProperties(@NotNull @DefaultValue("15s") Duration reconcileInterval,
		@NotNull @DefaultValue("5s") Duration cancelledEventSweep) {

	/**
	 * {@link #cancelledEventSweep()} for {@code @Scheduled}, read from this record's
	 * bean.
	 */
	static final String CANCELLED_EVENT_SWEEP = "#{@'marquee.sale-dev.marquee.sale.SaleProperties'.cancelledEventSweep()}";

	/**
	 * {@link #reconcileInterval()} for {@code @Scheduled}, read from this record's bean.
	 */
	static final String RECONCILE_INTERVAL = "#{@'marquee.sale-dev.marquee.sale.SaleProperties'.reconcileInterval()}";

}
