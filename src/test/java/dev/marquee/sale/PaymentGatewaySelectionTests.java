package dev.marquee.sale;

import org.junit.jupiter.api.Test;

import dev.marquee.support.Failures;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody takes orders through the simulator by accident: outside the demo and the tests,
 * the payment gateway must be named, and the application refuses to start without one.
 * Proved on the configuration that makes the gateway, binding its settings as the
 * application does.
 */
class PaymentGatewaySelectionTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PaymentProperties.class)
	@Import(PaymentGatewayConfiguration.class)
	static class Payments {

	}

	private final ApplicationContextRunner app = new ApplicationContextRunner().withUserConfiguration(Payments.class);

	@Test
	void withoutAChosenGatewayTheApplicationRefusesToStartAndSaysWhy() {
		app.run(context -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies(
					ex -> assertThat(Failures.messages(ex)).contains("marquee.payment.gateway").contains("simulated")));
	}

	@Test
	void theSimulatorIsUsedOnlyWhenChosen() {
		app.withPropertyValues("marquee.payment.gateway=simulated")
			.run(context -> assertThat(context).hasSingleBean(PaymentGateway.class)
				.getBean(PaymentGateway.class)
				.isInstanceOf(SimulatedPaymentGateway.class));
	}

	@Test
	void stripeIsUsedWhenChosenWithItsKeys() {
		app.withPropertyValues("marquee.payment.gateway=stripe", "marquee.payment.stripe.secret-key=sk_test_x",
				"marquee.payment.stripe.webhook-secret=whsec_x")
			.run(context -> assertThat(context).hasSingleBean(PaymentGateway.class)
				.getBean(PaymentGateway.class)
				.isInstanceOf(StripePaymentGateway.class));
	}

	@Test
	void stripeWithoutItsKeysRefusesToStartAndNamesThem() {
		app.withPropertyValues("marquee.payment.gateway=stripe", "marquee.payment.stripe.secret-key=sk_test_x")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies(ex -> assertThat(Failures.messages(ex)).contains("STRIPE_WEBHOOK_SECRET")
					.contains("marquee.payment.stripe.secret-key")));
	}

	@Test
	void anUnknownGatewayIsRefused() {
		app.withPropertyValues("marquee.payment.gateway=acme")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies(ex -> assertThat(Failures.messages(ex)).contains("marquee.payment.gateway")));
	}

}
