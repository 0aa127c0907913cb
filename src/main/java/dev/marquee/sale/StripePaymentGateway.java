package dev.marquee.sale;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.marquee.shared.Money;

import org.springframework.http.HttpStatusCode;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Charges through Stripe PaymentIntents, over Stripe's REST API with Spring's
 * non-blocking {@link WebClient}. (Stripe's Java library blocks a thread per call; a
 * purchase must not park an event loop, and a pool of threads waiting on Stripe would cap
 * purchases at its size. The four calls used are plain form posts, so they are written
 * here.)
 * <ul>
 * <li>A charge creates and confirms a PaymentIntent in one call, for the amount in minor
 * units, with the purchase's key as Stripe's {@code Idempotency-Key}: a repeat answers
 * the first outcome and never charges twice. The key and the attempt it belongs to travel
 * in the PaymentIntent's metadata, for {@link #lookup} and for the webhooks
 * ({@link StripeWebhooks}).</li>
 * <li>A decline (402, or a PaymentIntent left needing another payment method) is a
 * decline; a PaymentIntent that needs the buyer's authentication (3-D Secure) awaits it:
 * the buyer's browser completes it with its client secret, and {@link #status} (or the
 * webhook) tells how it ended; {@link #abandon} cancels one the buyer never finished.
 * Anything else (a 5xx, 409, 429, a timeout) is no answer: the purchase goes UNKNOWN, and
 * a retry with the same key is safe.</li>
 * <li>{@link #lookup} finds a charge whose answer was lost through Stripe's search by
 * that metadata. Search is eventually consistent (Stripe indexes within about a minute),
 * which is why the recovery job only looks after {@code recovery-after}; a charge found
 * later still is refunded by its {@code payment_intent.succeeded} webhook.</li>
 * <li>A refund is keyed by its PaymentIntent, so refunding twice refunds once.</li>
 * </ul>
 */
class StripePaymentGateway implements PaymentGateway {

	/** The API version these calls and their answers are written for. */
	static final String API_VERSION = "2024-06-20";

	/** Metadata: the hash the charge is keyed and searched by. */
	static final String REF = "marquee_ref";

	/** Metadata: the attempt's gateway key, for the webhooks. */
	static final String CHARGE = "marquee_charge";

	private static final int METADATA_VALUE_LIMIT = 500;

	private static final Logger log = LoggerFactory.getLogger(StripePaymentGateway.class);

	/** The body of an error answer that had none. */
	private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

	private final WebClient stripe;

	private final Duration timeout;

	StripePaymentGateway(WebClient.Builder builder, PaymentProperties properties) {
		PaymentProperties.Stripe account = properties.stripe();
		this.stripe = builder.clone().baseUrl(account.apiBase().toString()).defaultHeaders(headers -> {
			headers.setBearerAuth(account.secretKey());
			headers.set("Stripe-Version", API_VERSION);
		}).build();
		this.timeout = properties.timeout();
	}

	@Override
	public Mono<Charge> charge(String idempotencyKey, Money amount, String paymentToken) {
		String ref = ref(idempotencyKey);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("amount", Long.toString(amount.amountMinor()));
		form.add("currency", amount.currency().toLowerCase(Locale.ROOT));
		form.add("payment_method", paymentToken);
		form.add("payment_method_types[]", "card");
		form.add("confirm", "true");
		form.add("metadata[" + REF + "]", ref);
		if (idempotencyKey.length() <= METADATA_VALUE_LIMIT) {
			form.add("metadata[" + CHARGE + "]", idempotencyKey);
		}
		return stripe.post()
			.uri("/v1/payment_intents")
			.header("Idempotency-Key", ref)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(response -> response.statusCode().is2xxSuccessful()
					? response.bodyToMono(JsonNode.class).flatMap(StripePaymentGateway::outcome) : refused(response))
			.onErrorMap(StripeUnavailable::of);
	}

	/**
	 * What a PaymentIntent says about its charge: succeeded is approved; needing the
	 * buyer's authentication awaits it (with the client secret Stripe.js completes it
	 * with); needing another payment method, or cancelled, is declined; still processing
	 * is not an answer yet.
	 */
	private static Mono<Charge> outcome(JsonNode intent) {
		String id = intent.path("id").asString();
		return switch (intent.path("status").asString()) {
			case "succeeded" -> Mono.just(new Charge(id, true, null));
			case "requires_action", "requires_confirmation" ->
				Mono.just(Charge.awaitingAction(id, intent.path("client_secret").asString()));
			case "processing" -> Mono.error(new StripeUnavailable("PaymentIntent " + id + " is still processing"));
			default -> Mono.just(new Charge(id, false,
					declineReason(intent.path("last_payment_error"), intent.path("status").asString("declined"))));
		};
	}

	/**
	 * A 402 is a card that was declined; a 400 about the payment method (an unknown or
	 * used one) declines too. Anything else leaves the charge's outcome unknown.
	 */
	private Mono<Charge> refused(ClientResponse response) {
		HttpStatusCode status = response.statusCode();
		return response.bodyToMono(JsonNode.class).defaultIfEmpty(EMPTY).flatMap(body -> {
			JsonNode error = body.path("error");
			boolean cardError = "card_error".equals(error.path("type").asString());
			boolean badMethod = status.value() == 400 && "payment_method".equals(error.path("param").asString());
			if (status.value() == 402 || cardError || badMethod) {
				return Mono.just(new Charge(error.path("payment_intent").path("id").asString(null), false,
						declineReason(error, "card_declined")));
			}
			return Mono.error(new StripeUnavailable("Stripe answered " + status.value() + " "
					+ error.path("type").asString("") + ": " + error.path("message").asString("")));
		});
	}

	private static String declineReason(JsonNode error, String otherwise) {
		for (String field : new String[] { "decline_code", "code" }) {
			String reason = error.path(field).asString("");
			if (!reason.isEmpty()) {
				return reason;
			}
		}
		return otherwise;
	}

	@Override
	public Mono<Charge> status(String paymentId) {
		return stripe.get()
			.uri("/v1/payment_intents/{id}", paymentId)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(timeout)
			.flatMap(StripePaymentGateway::outcome)
			.onErrorMap(StripeUnavailable::of);
	}

	@Override
	public Mono<Void> abandon(String paymentId) {
		return stripe.post()
			.uri("/v1/payment_intents/{id}/cancel", paymentId)
			.header("Idempotency-Key", "cancel-" + paymentId)
			.exchangeToMono(response -> {
				if (!response.statusCode().is2xxSuccessful()) {
					// one that went through (or was cancelled) meanwhile cannot be
					// cancelled: it stays as it is
					log.info("PaymentIntent {} was not cancelled: Stripe answered {}", paymentId,
							response.statusCode().value());
				}
				return response.releaseBody();
			})
			.timeout(timeout)
			.onErrorMap(StripeUnavailable::of);
	}

	@Override
	public Mono<Charge> lookup(String idempotencyKey) {
		return stripe.get()
			.uri(uri -> uri.path("/v1/payment_intents/search")
				.queryParam("query", "{query}")
				.build("metadata['" + REF + "']:'" + ref(idempotencyKey) + "'"))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(timeout)
			.flatMap(result -> {
				for (JsonNode intent : result.path("data")) {
					String status = intent.path("status").asString();
					String id = intent.path("id").asString();
					return Mono.just("succeeded".equals(status) ? new Charge(id, true, null)
							: new Charge(id, false, declineReason(intent.path("last_payment_error"), status)));
				}
				return Mono.empty();
			})
			.onErrorMap(StripeUnavailable::of);
	}

	@Override
	public Mono<Void> refund(String paymentId) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("payment_intent", paymentId);
		return stripe.post()
			.uri("/v1/refunds")
			.header("Idempotency-Key", "refund-" + paymentId)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(response -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.releaseBody();
				}
				return response.bodyToMono(JsonNode.class).defaultIfEmpty(EMPTY).flatMap(body -> {
					// refunded before, by another request: done
					if ("charge_already_refunded".equals(body.path("error").path("code").asString(""))) {
						return Mono.<Void>empty();
					}
					return Mono.error(new StripeUnavailable("Refund of " + paymentId + " answered "
							+ response.statusCode().value() + ": " + body.path("error").path("message").asString("")));
				});
			})
			.timeout(timeout)
			.onErrorMap(StripeUnavailable::of);
	}

	@Override
	public Mono<Void> refundPart(String paymentId, Money amount, String key) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("payment_intent", paymentId);
		form.add("amount", String.valueOf(amount.amountMinor()));
		return stripe.post()
			.uri("/v1/refunds")
			.header("Idempotency-Key", "refund-part-" + key)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(response -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.releaseBody();
				}
				return response.bodyToMono(JsonNode.class)
					.defaultIfEmpty(EMPTY)
					.flatMap(body -> Mono.<Void>error(new StripeUnavailable(
							"Partial refund of " + paymentId + " answered " + response.statusCode().value() + ": "
									+ body.path("error").path("message").asString(""))));
			})
			.timeout(timeout)
			.onErrorMap(StripeUnavailable::of);
	}

	/**
	 * The key Stripe knows a charge by: a hash of the attempt's key (Stripe takes 255
	 * characters; the buyer's key alone may be that long).
	 */
	static String ref(String idempotencyKey) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
			return "mq_" + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * Stripe gave no answer to act on (a 5xx, a timeout, a refusal): a 503
	 * {@code payment-unavailable} to whoever asked, whose public detail says nothing of
	 * Stripe's; the reason is in {@link #toString()}, for the logs.
	 */
	static class StripeUnavailable extends SaleProblems.PaymentUnavailable {

		private final String reason;

		StripeUnavailable(String reason) {
			this.reason = reason;
		}

		/** Any failure of a call to Stripe, as one of these. */
		static Throwable of(Throwable ex) {
			return ex instanceof StripeUnavailable ? ex : new StripeUnavailable(ex.toString());
		}

		@Override
		public String toString() {
			return "StripeUnavailable: " + reason;
		}

	}

}
