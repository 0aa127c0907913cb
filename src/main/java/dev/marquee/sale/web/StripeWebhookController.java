package dev.marquee.sale.web;

import dev.marquee.sale.StripeWebhooks;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Stripe's webhook endpoint, where the Stripe gateway is chosen. Stripe signs each
 * delivery ({@link StripeWebhooks}); there is no bearer token. A 2xx tells Stripe the
 * event is settled; anything else makes it deliver again later.
 */
@RestController
@ConditionalOnBean(StripeWebhooks.class)
class StripeWebhookController {

	static final String PATH = "/api/v1/payments/stripe/webhook";

	private final StripeWebhooks webhooks;

	StripeWebhookController(StripeWebhooks webhooks) {
		this.webhooks = webhooks;
	}

	/** The body is read as bytes: the signature is over them exactly. */
	@PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Received> receive(@RequestBody(required = false) byte[] payload,
			@RequestHeader(name = "Stripe-Signature", required = false) String signature) {
		return webhooks.receive(payload == null ? new byte[0] : payload, signature).map(Received::new);
	}

	record Received(StripeWebhooks.Receipt receipt) {
	}

}
