package dev.marquee.sale;

import java.util.List;

import org.junit.jupiter.api.AfterEach;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.StripeStandIn;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The application charging through Stripe, against one {@link StripeStandIn} for the test
 * JVM (the classes that extend this share their context and the stand-in; it stops with
 * the JVM). A purchase waits 500 ms for Stripe's answer.
 */
@TestPropertySource(properties = { "marquee.payment.timeout=500ms" })
@DirtiesContext // its own context hears the same Redis expiries: close it so it cannot
				// take other tests'
abstract class StripeIntegrationTest extends IntegrationTest {

	static final StripeStandIn stripe = StripeStandIn.start();

	static final String WEBHOOK = "/api/v1/payments/stripe/webhook";

	@DynamicPropertySource
	static void stripe(DynamicPropertyRegistry registry) {
		stripe.settings().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterEach
	void answerAtOnce() {
		stripe.reset();
	}

	/** The PaymentIntents of the purchases made with this Idempotency-Key. */
	static List<StripeStandIn.PaymentIntent> intentsOf(String key) {
		return stripe.intents()
			.stream()
			.filter(pi -> pi.metadata().getOrDefault(StripePaymentGateway.CHARGE, "").startsWith(key + ":"))
			.toList();
	}

	static List<StripeStandIn.Request> requestsOf(String path, String idempotencyKey) {
		return stripe.requests()
			.stream()
			.filter(r -> r.path().equals(path))
			.filter(r -> idempotencyKey.equals(r.headers().get("idempotency-key")))
			.toList();
	}

	/** Delivers a webhook as Stripe does, with this signature header (none if null). */
	WebTestClient.ResponseSpec deliver(String body, String signature) {
		return http().post().uri(WEBHOOK).headers(h -> {
			h.set("Content-Type", "application/json");
			if (signature != null) {
				h.set("Stripe-Signature", signature);
			}
		}).bodyValue(body).exchange();
	}

	/** Delivers a webhook signed with the endpoint's secret, now. */
	WebTestClient.ResponseSpec deliver(String body) {
		return deliver(body, StripeStandIn.sign(body, StripeStandIn.WEBHOOK_SECRET, clock.instant()));
	}

}
