package dev.marquee.sale;

import java.net.URI;
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
 * @param actionTimeout how long a buyer has to authenticate a charge (3-D Secure) before
 * the recovery job gives it up
 * @param stripe the Stripe account, where {@code gateway} is {@code stripe}
 */
@Validated
@ConfigurationProperties("marquee.payment")
public record PaymentProperties(
		@NotNull(message = "must be chosen explicitly (marquee.payment.gateway, MARQUEE_PAYMENT_GATEWAY): "
				+ "'stripe' charges through Stripe PaymentIntents; 'simulated' approves test cards without taking "
				+ "money and is meant for the demo and tests only") Gateway gateway,
		@NotNull @DefaultValue("20ms") Duration latency, @NotNull @DefaultValue("5s") Duration slowLatency,
		@NotNull @DefaultValue("30s") Duration timeout, @NotNull @DefaultValue("2m") Duration recoveryAfter,
		@NotNull @DefaultValue("30s") Duration recoveryInterval, @NotNull @DefaultValue("10m") Duration actionTimeout,
		@NotNull @DefaultValue Stripe stripe) {

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

	/** Stripe is chosen with both of its keys, which come from the environment. */
	@AssertTrue(message = "marquee.payment.stripe.secret-key (STRIPE_SECRET_KEY) and "
			+ "marquee.payment.stripe.webhook-secret (STRIPE_WEBHOOK_SECRET) are required when "
			+ "marquee.payment.gateway is 'stripe'")
	public boolean isStripeConfigured() {
		return gateway != Gateway.STRIPE || stripe == null
				|| (hasText(stripe.secretKey()) && hasText(stripe.webhookSecret()));
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * The Stripe account purchases are charged to.
	 *
	 * @param secretKey the API's secret key ({@code sk_live_...} or {@code sk_test_...})
	 * @param webhookSecret the signing secret of the webhook endpoint ({@code whsec_...})
	 * @param apiBase where the API answers (Stripe's own, unless a stand-in is used)
	 * @param webhookTolerance how old a webhook's signature may be: older ones are
	 * refused as replays
	 * @param publishableKey the account's publishable key ({@code pk_live_...}), which
	 * the browser's Stripe.js collects cards with
	 */
	public record Stripe(String secretKey, String webhookSecret,
			@NotNull @DefaultValue("https://api.stripe.com") URI apiBase,
			@NotNull @DefaultValue("5m") Duration webhookTolerance, String publishableKey) {

		@Override
		public String toString() {
			// the keys never reach a log
			return "Stripe[apiBase=" + apiBase + "]";
		}

	}

	/** The card processors Marquee can charge through. */
	public enum Gateway {

		/** {@link StripePaymentGateway}: Stripe PaymentIntents. */
		STRIPE,

		/** {@link SimulatedPaymentGateway}: Stripe-like test tokens, no money moves. */
		SIMULATED

	}

}
