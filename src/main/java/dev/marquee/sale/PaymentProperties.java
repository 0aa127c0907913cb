package dev.marquee.sale;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of payments.
 *
 * @param gateway the card processor purchases are charged through; there is no default,
 * so that nobody takes orders through the simulator by accident ({@code simulated} is for
 * the demo and the tests)
 * @param latency how long the simulated gateway takes to answer an ordinary charge
 * @param slowLatency how long it takes for the {@code tok_slow} token
 * @param timeout how long a purchase waits for the gateway before refunding and failing
 * @param recoveryAfter how old a charged purchase without an order must be before the
 * recovery job refunds it (a node died mid-purchase)
 * @param recoveryInterval how often that recovery runs, and pending refunds of cancelled
 * orders are retried
 */
@Validated
@ConfigurationProperties("marquee.payment")
public record PaymentProperties(
		@NotNull(message = "must be chosen explicitly (marquee.payment.gateway, MARQUEE_PAYMENT_GATEWAY): "
				+ "'simulated' approves test cards without taking money and is meant for the demo and tests "
				+ "only") Gateway gateway,
		@NotNull @DefaultValue("20ms") Duration latency, @NotNull @DefaultValue("5s") Duration slowLatency,
		@NotNull @DefaultValue("30s") Duration timeout, @NotNull @DefaultValue("2m") Duration recoveryAfter,
		@NotNull @DefaultValue("30s") Duration recoveryInterval) {

	/**
	 * {@link #recoveryInterval()} for {@code @Scheduled}, read from this record's bean
	 * (named by {@code @ConfigurationPropertiesScan} as prefix-class), so its default is
	 * written once.
	 */
	static final String RECOVERY_INTERVAL = "#{@'marquee.payment-dev.marquee.sale.PaymentProperties'.recoveryInterval()}";

	/**
	 * The recovery job looks a lost charge up by its key: it must not do so while the
	 * charge may still be on its way to the processor.
	 */
	@AssertTrue(message = "marquee.payment.recovery-after must be longer than marquee.payment.timeout")
	public boolean isRecoveryAfterTheTimeout() {
		return timeout == null || recoveryAfter == null || recoveryAfter.compareTo(timeout) > 0;
	}

	/** The card processors Marquee can charge through. */
	public enum Gateway {

		/** {@link SimulatedPaymentGateway}: Stripe-like test tokens, no money moves. */
		SIMULATED

	}

}
