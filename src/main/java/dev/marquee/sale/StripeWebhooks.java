package dev.marquee.sale;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.sale.SaleProblems.PaymentUnavailable;
import dev.marquee.shared.ProblemException;
import dev.marquee.shared.ValidationFailed;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Stripe's webhooks, the second way a charge's fate reaches Marquee: whatever happened to
 * the purchase that made it, a PaymentIntent that succeeded ends with an order that
 * carries it or with its refund. Every delivery is verified first (the
 * {@code Stripe-Signature} header: an HMAC-SHA256 of {@code timestamp.body} with the
 * endpoint's secret, any of its {@code v1} signatures, within {@code webhook-tolerance}
 * of now) and refused with a 400 problem otherwise, having done nothing. An event handled
 * before is acknowledged and not handled again. (Verifying is a dozen lines of the JDK's
 * HMAC; Stripe's Java library, which has it, would come with a blocking HTTP client this
 * server has no use for.)
 * <p>
 * Events of a PaymentIntent Marquee made (it carries the attempt's key in its metadata):
 * <ul>
 * <li>its purchase awaits the buyer's authentication (3-D Secure): the purchase is
 * completed (sold and stored, or refunded if the hold is gone), declined (the hold given
 * back) or left waiting, as Stripe says the PaymentIntent stands now, so it ends even if
 * the buyer never comes back (and events arriving out of order do no harm);</li>
 * <li>{@code payment_intent.succeeded} otherwise: if its attempt is still open, its
 * purchase or the recovery job settles it; if an order carries it, nothing is to be done;
 * otherwise (the purchase was declined, failed or refunded, as when the recovery job
 * looked before Stripe's search had indexed the charge, or the charge went through after
 * its answer was lost) it is refunded.</li>
 * </ul>
 * Other events are acknowledged and recorded.
 */
@Service
@ConditionalOnProperty(name = "marquee.payment.gateway", havingValue = "stripe")
public class StripeWebhooks {

	private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);

	private static final String HEADER = "Stripe-Signature";

	private final PaymentGateway gateway;

	private final Checkout checkout;

	private final OrderRepository orders;

	private final AttemptRepository attempts;

	private final DatabaseClient db;

	private final JsonMapper json;

	private final byte[] secret;

	private final Duration tolerance;

	private final Clock clock;

	StripeWebhooks(PaymentGateway gateway, Checkout checkout, OrderRepository orders, AttemptRepository attempts,
			DatabaseClient db, JsonMapper json, PaymentProperties properties, Clock clock) {
		this.gateway = gateway;
		this.checkout = checkout;
		this.orders = orders;
		this.attempts = attempts;
		this.db = db;
		this.json = json;
		this.secret = properties.stripe().webhookSecret().getBytes(StandardCharsets.UTF_8);
		this.tolerance = properties.stripe().webhookTolerance();
		this.clock = clock;
	}

	/** What became of a delivery. */
	public enum Receipt {

		/** Handled now. */
		HANDLED,

		/** Handled at an earlier delivery: nothing was done again. */
		DUPLICATE

	}

	/**
	 * Verifies the delivery, then handles its event once; fails with a 400 problem,
	 * having done nothing, if the signature or the event is not right.
	 */
	public Mono<Receipt> receive(byte[] payload, String signature) {
		return Mono.fromCallable(() -> verified(payload, signature))
			.flatMap(event -> handled(event.path("id").asString()).flatMap(before -> before
					? Mono.just(Receipt.DUPLICATE) : handle(event).then(record(event)).thenReturn(Receipt.HANDLED)));
	}

	private JsonNode verified(byte[] payload, String header) {
		if (header == null || header.isBlank()) {
			throw ValidationFailed.of(HEADER, "header is required: the delivery is signed by Stripe");
		}
		Long timestamp = null;
		List<String> signatures = new ArrayList<>();
		for (String part : header.split(",")) {
			int eq = part.indexOf('=');
			String name = eq < 0 ? part.trim() : part.substring(0, eq).trim();
			String value = eq < 0 ? "" : part.substring(eq + 1).trim();
			if (name.equals("t")) {
				timestamp = parseLong(value);
			}
			else if (name.equals("v1")) {
				signatures.add(value);
			}
		}
		if (timestamp == null) {
			throw ValidationFailed.of(HEADER, "has no timestamp (t=)");
		}
		if (signatures.isEmpty()) {
			throw ValidationFailed.of(HEADER, "has no v1 signature");
		}
		Instant signedAt = Instant.ofEpochSecond(timestamp);
		if (Duration.between(signedAt, clock.instant()).abs().compareTo(tolerance) > 0) {
			throw ValidationFailed.of(HEADER, "was made at " + signedAt.atOffset(ZoneOffset.UTC)
					+ ", outside the tolerance of " + tolerance + ": a replay is refused");
		}
		byte[] expected = hmac(timestamp + ".", payload);
		boolean matches = signatures.stream().anyMatch(candidate -> MessageDigest.isEqual(expected, hex(candidate)));
		if (!matches) {
			throw ValidationFailed.of(HEADER, "does not match the body signed with this endpoint's secret");
		}
		try {
			JsonNode event = json.readTree(payload);
			if (event.path("id").asString("").isEmpty() || event.path("type").asString("").isEmpty()) {
				throw ValidationFailed.of("body", "is not a Stripe event: it needs an id and a type");
			}
			return event;
		}
		catch (JacksonException ex) {
			throw ValidationFailed.of("body", "is not JSON: " + ex.getOriginalMessage());
		}
	}

	private static Long parseLong(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static byte[] hex(String value) {
		try {
			return HexFormat.of().parseHex(value);
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

	private byte[] hmac(String prefix, byte[] payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			mac.update(prefix.getBytes(StandardCharsets.UTF_8));
			return mac.doFinal(payload);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	private Mono<Void> handle(JsonNode event) {
		JsonNode intent = event.path("data").path("object");
		String type = event.path("type").asString();
		String gatewayKey = intent.path("metadata").path(StripePaymentGateway.CHARGE).asString("");
		if (!type.startsWith("payment_intent.") || gatewayKey.isEmpty()) {
			// another kind of event, or not a charge of Marquee's (another integration on
			// the same account)
			return Mono.empty();
		}
		String paymentId = intent.path("id").asString();
		return attempts.findByGatewayKey(gatewayKey)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(attempt -> {
				if (attempt.isPresent() && attempt.get().status() == AttemptStatus.AWAITING) {
					// the buyer's authentication ended: complete, decline or keep
					// waiting,
					// as the gateway says now (each is a normal end here, but for Stripe
					// not answering: then a 503 makes Stripe deliver the event again)
					return checkout.resumeAwaiting(attempt.get())
						.then()
						.onErrorResume(ex -> ex instanceof ProblemException && !(ex instanceof PaymentUnavailable),
								ex -> Mono.empty());
				}
				return type.equals("payment_intent.succeeded") ? succeeded(paymentId, attempt) : Mono.empty();
			});
	}

	private Mono<Void> succeeded(String paymentId, Optional<AttemptRepository.Attempt> attempt) {
		if (attempt.isPresent() && AttemptStatus.UNSETTLED.contains(attempt.get().status())) {
			// its purchase or the recovery job ends it
			return Mono.empty();
		}
		return orders.carriesPayment(paymentId)
			.flatMap(carried -> carried ? Mono.<Void>empty()
					: gateway.refund(paymentId)
						.doOnSuccess(done -> log
							.warn("Refunded payment {}: it succeeded but no purchase ended in its order", paymentId)));
	}

	private Mono<Boolean> handled(String eventId) {
		return db.sql("select exists (select 1 from payment_webhook where event_id = :id) as handled")
			.bind("id", eventId)
			.map(row -> Boolean.TRUE.equals(row.get("handled", Boolean.class)))
			.one();
	}

	private Mono<Void> record(JsonNode event) {
		return db.sql("""
				insert into payment_webhook (event_id, type, received_at) values (:id, :type, :at)
				on conflict do nothing""")
			.bind("id", event.path("id").asString())
			.bind("type", event.path("type").asString())
			.bind("at", clock.instant().atOffset(ZoneOffset.UTC))
			.then();
	}

}
