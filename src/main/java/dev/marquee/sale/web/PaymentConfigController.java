package dev.marquee.sale.web;

import dev.marquee.sale.PaymentProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How the browser collects a card: with Stripe.js and this publishable key where the
 * gateway is Stripe, or from the simulator's test cards.
 */
@RestController
class PaymentConfigController {

	private final PaymentConfig config;

	PaymentConfigController(PaymentProperties properties) {
		this.config = properties.gateway() == PaymentProperties.Gateway.STRIPE
				? new PaymentConfig("stripe", properties.stripe().publishableKey())
				: new PaymentConfig("simulated", null);
	}

	/**
	 * The gateway, and for Stripe the publishable key (public by design: it can only
	 * create payment methods).
	 */
	record PaymentConfig(String gateway, String publishableKey) {
	}

	@GetMapping("/api/v1/payments/config")
	PaymentConfig config() {
		return config;
	}

}
