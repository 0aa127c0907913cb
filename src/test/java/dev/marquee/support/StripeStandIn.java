package dev.marquee.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for Stripe's API that speaks its wire protocol, as Stripe documents it
 * (https://docs.stripe.com/api): bearer secret key, form-encoded requests with bracketed
 * keys, JSON answers, {@code Idempotency-Key} replays (same parameters: the first answer
 * again, with {@code Idempotent-Replayed: true}; other parameters: a 400
 * {@code idempotency_error}), PaymentIntents created and confirmed in one call, search by
 * metadata, cancel, and refunds ({@code charge_already_refunded} the second time). Its
 * test payment methods behave as Stripe's test cards do: {@code pm_card_visa} succeeds,
 * {@code pm_card_chargeDeclined} and {@code pm_card_chargeDeclinedInsufficientFunds} are
 * declined with a 402, {@code pm_card_authenticationRequired} needs 3-D Secure, and an
 * unknown one is a 400 {@code resource_missing}. Like the real processor it decides, and
 * takes the money, on receipt: an answer held back ({@link #holdAnswers}) leaves a charge
 * made whether or not the caller hears of it. It also signs webhook deliveries as Stripe
 * does ({@link #sign}).
 */
public final class StripeStandIn implements AutoCloseable {

	public static final String SECRET_KEY = "sk_test_marquee_stand_in";

	public static final String WEBHOOK_SECRET = "whsec_marquee_stand_in";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern SEARCH = Pattern.compile("metadata\\['([^']+)'\\]:'([^']*)'");

	private final HttpServer server;

	private final Map<String, PaymentIntent> intents = new ConcurrentHashMap<>();

	private final Map<String, Answer> byIdempotencyKey = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Set<String> unindexed = ConcurrentHashMap.newKeySet();

	private volatile boolean searchLags;

	private final AtomicInteger failing = new AtomicInteger();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	/** A PaymentIntent as the stand-in keeps it. */
	public record PaymentIntent(String id, long amount, String currency, String paymentMethod, String status,
			Map<String, String> metadata, boolean refunded, Instant created) {

		PaymentIntent with(String status, boolean refunded) {
			return new PaymentIntent(id, amount, currency, paymentMethod, status, metadata, refunded, created);
		}

		/** Money taken and kept. */
		public boolean captured() {
			return status.equals("succeeded") && !refunded;
		}

	}

	/** One request as it arrived. */
	public record Request(String method, String path, Map<String, String> headers, Map<String, String> form) {
	}

	private record Answer(String fingerprint, int status, String body) {

		Answer decided(Answer outcome) {
			return new Answer(fingerprint, outcome.status(), outcome.body());
		}

	}

	private StripeStandIn() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", this::serve);
		server.start();
	}

	public static StripeStandIn start() {
		try {
			return new StripeStandIn();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the Stripe stand-in", ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** The settings that point a node at this stand-in. */
	public Map<String, String> settings() {
		return Map.of("marquee.payment.gateway", "stripe", "marquee.payment.stripe.secret-key", SECRET_KEY,
				"marquee.payment.stripe.webhook-secret", WEBHOOK_SECRET, "marquee.payment.stripe.api-base", baseUrl());
	}

	/**
	 * Answers are decided (and charges made) on receipt, but not sent until
	 * {@link #releaseAnswers()}.
	 */
	public void holdAnswers() {
		gate = new CountDownLatch(1);
	}

	public void releaseAnswers() {
		gate.countDown();
	}

	/**
	 * PaymentIntents made from now on are not found by search until {@link #indexNow()}:
	 * Stripe's search is eventually consistent (it indexes within about a minute).
	 */
	public void searchLags() {
		searchLags = true;
	}

	/** Search catches up. */
	public void indexNow() {
		searchLags = false;
		unindexed.clear();
	}

	/**
	 * The next {@code requests} requests are answered with a 500 {@code api_error},
	 * having done nothing (an outage at Stripe).
	 */
	public void failNext(int requests) {
		failing.set(requests);
	}

	/** Back to answering at once, search up to date, nothing failing. */
	public void reset() {
		failing.set(0);
		gate.countDown();
		indexNow();
	}

	/**
	 * The buyer passes the 3-D Secure challenge of a PaymentIntent that awaits it: it
	 * succeeds, and the money is taken.
	 */
	public PaymentIntent authenticate(String intentId) {
		return intents.computeIfPresent(intentId,
				(id, pi) -> pi.status().equals("requires_action") ? pi.with("succeeded", false) : pi);
	}

	/**
	 * The buyer fails the challenge: the PaymentIntent needs another payment method, with
	 * {@code payment_intent_authentication_failure} as its last error.
	 */
	public PaymentIntent failAuthentication(String intentId) {
		return intents.computeIfPresent(intentId,
				(id, pi) -> pi.status().equals("requires_action") ? pi.with("requires_payment_method", false) : pi);
	}

	public List<PaymentIntent> intents() {
		return List.copyOf(intents.values());
	}

	public Optional<PaymentIntent> intent(String id) {
		return Optional.ofNullable(intents.get(id));
	}

	public List<Request> requests() {
		return List.copyOf(requests);
	}

	/** The body of a {@code payment_intent.succeeded} event for this PaymentIntent. */
	public String succeededEvent(String eventId, PaymentIntent intent) {
		return event(eventId, "payment_intent.succeeded", intent);
	}

	/** The body of an event of this type about this PaymentIntent, as it stands. */
	public String event(String eventId, String type, PaymentIntent intent) {
		return json.writeValueAsString(
				Map.of("id", eventId, "object", "event", "type", type, "api_version", "2024-06-20", "created",
						Instant.now().getEpochSecond(), "livemode", false, "data", Map.of("object", view(intent))));
	}

	/**
	 * The {@code Stripe-Signature} header Stripe would send with this body at this time.
	 */
	public static String sign(String payload, String secret, Instant at) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] signature = mac.doFinal((at.getEpochSecond() + "." + payload).getBytes(StandardCharsets.UTF_8));
			return "t=" + at.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(signature);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void serve(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
			Map<String, String> form = parse(readAll(exchange.getRequestBody()));
			if (exchange.getRequestURI().getRawQuery() != null) {
				form.putAll(parse(exchange.getRequestURI().getRawQuery()));
			}
			requests.add(new Request(method, path, headers, form));
			Answer answer;
			boolean replayed = false;
			if (!("Bearer " + SECRET_KEY).equals(headers.get("authorization"))) {
				answer = error(401, "invalid_request_error", null, "Invalid API Key provided", null);
			}
			else if (failing.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
				answer = error(500, "api_error", null, "An unknown error occurred", null);
			}
			else if (method.equals("POST") && headers.containsKey("idempotency-key")) {
				String key = headers.get("idempotency-key");
				String fingerprint = method + " " + path + " " + form;
				Answer[] fresh = new Answer[1];
				Answer known = byIdempotencyKey.computeIfAbsent(key,
						k -> fresh[0] = new Answer(fingerprint, 0, null).decided(decide(method, path, form)));
				replayed = fresh[0] == null;
				answer = !known.fingerprint().equals(fingerprint)
						? error(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the"
								+ " same parameters they were first used with.", null)
						: known;
			}
			else {
				answer = decide(method, path, form);
			}
			awaitRelease();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("Request-Id", "req_" + UUID.randomUUID().toString().substring(0, 14));
			if (replayed) {
				exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
			}
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), body.length);
			exchange.getResponseBody().write(body);
		}
		catch (IOException ex) {
			// the caller hung up (a node killed mid-request): the decision stands
		}
	}

	private void awaitRelease() {
		try {
			gate.await(5, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Answer decide(String method, String path, Map<String, String> form) {
		if (method.equals("POST") && path.equals("/v1/payment_intents")) {
			return create(form);
		}
		if (method.equals("GET") && path.equals("/v1/payment_intents/search")) {
			return search(form.getOrDefault("query", ""));
		}
		if (method.equals("POST") && path.equals("/v1/refunds")) {
			return refund(form.get("payment_intent"));
		}
		Matcher cancel = Pattern.compile("/v1/payment_intents/([^/]+)/cancel").matcher(path);
		if (method.equals("POST") && cancel.matches()) {
			PaymentIntent before = intents.get(cancel.group(1));
			if (before != null && before.status().equals("succeeded")) {
				return error(400, "invalid_request_error", "payment_intent_unexpected_state",
						"You cannot cancel this PaymentIntent because it has a status of succeeded.", null);
			}
			PaymentIntent intent = intents.computeIfPresent(cancel.group(1), (id, pi) -> pi.with("canceled", false));
			return intent == null ? missing("intent", cancel.group(1)) : ok(view(intent));
		}
		Matcher get = Pattern.compile("/v1/payment_intents/([^/]+)").matcher(path);
		if (method.equals("GET") && get.matches()) {
			PaymentIntent intent = intents.get(get.group(1));
			return intent == null ? missing("intent", get.group(1)) : ok(view(intent));
		}
		return error(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path + ")",
				null);
	}

	private Answer create(Map<String, String> form) {
		String method = form.getOrDefault("payment_method", "");
		String status = switch (method) {
			case "pm_card_visa", "pm_card_mastercard" -> "succeeded";
			case "pm_card_chargeDeclined", "pm_card_chargeDeclinedInsufficientFunds" -> "requires_payment_method";
			case "pm_card_authenticationRequired" -> "requires_action";
			default -> null;
		};
		if (status == null) {
			return error(400, "invalid_request_error", "resource_missing", "No such PaymentMethod: '" + method + "'",
					Map.of("param", "payment_method"));
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		form.forEach((key, value) -> {
			if (key.startsWith("metadata[") && key.endsWith("]")) {
				metadata.put(key.substring(9, key.length() - 1), value);
			}
		});
		PaymentIntent intent = new PaymentIntent("pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
				Long.parseLong(form.get("amount")), form.get("currency"), method, status, metadata, false,
				Instant.now());
		intents.put(intent.id(), intent);
		if (searchLags) {
			unindexed.add(intent.id());
		}
		if (status.equals("requires_payment_method")) {
			String decline = method.endsWith("InsufficientFunds") ? "insufficient_funds" : "generic_decline";
			return error(402, "card_error", "card_declined", "Your card was declined.",
					Map.of("decline_code", decline, "payment_intent", view(intent)));
		}
		return ok(view(intent));
	}

	private Answer search(String query) {
		Matcher matcher = SEARCH.matcher(query);
		if (!matcher.matches()) {
			return error(400, "invalid_request_error", null, "Invalid search query: " + query, null);
		}
		List<Map<String, Object>> found = new ArrayList<>();
		intents.values()
			.stream()
			.filter(pi -> !unindexed.contains(pi.id()))
			.filter(pi -> matcher.group(2).equals(pi.metadata().get(matcher.group(1))))
			.forEach(pi -> found.add(view(pi)));
		return ok(Map.of("object", "search_result", "data", found, "has_more", false, "url",
				"/v1/payment_intents/search"));
	}

	private Answer refund(String intentId) {
		PaymentIntent intent = intentId == null ? null : intents.get(intentId);
		if (intent == null) {
			return missing("payment_intent", intentId);
		}
		if (!intent.status().equals("succeeded")) {
			return error(400, "invalid_request_error", null,
					"This PaymentIntent (" + intentId + ") does not have a successful charge to refund.", null);
		}
		boolean[] before = new boolean[1];
		intents.computeIfPresent(intentId, (id, pi) -> {
			before[0] = pi.refunded();
			return pi.with(pi.status(), true);
		});
		if (before[0]) {
			return error(400, "invalid_request_error", "charge_already_refunded",
					"Charge for " + intentId + " has already been refunded.", null);
		}
		return ok(Map.of("id", "re_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24), "object",
				"refund", "amount", intent.amount(), "currency", intent.currency(), "payment_intent", intentId,
				"status", "succeeded"));
	}

	private static Map<String, Object> view(PaymentIntent intent) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", intent.id());
		view.put("object", "payment_intent");
		view.put("amount", intent.amount());
		view.put("amount_received", intent.status().equals("succeeded") ? intent.amount() : 0);
		view.put("currency", intent.currency());
		view.put("status", intent.status());
		view.put("payment_method", intent.paymentMethod());
		view.put("client_secret", intent.id() + "_secret_standin");
		view.put("metadata", intent.metadata());
		view.put("created", intent.created().getEpochSecond());
		view.put("livemode", false);
		view.put("next_action", intent.status().equals("requires_action")
				? Map.of("type", "use_stripe_sdk", "use_stripe_sdk", Map.of()) : null);
		view.put("last_payment_error", !intent.status().equals("requires_payment_method") ? null
				: intent.paymentMethod().equals("pm_card_authenticationRequired")
						? Map.of("type", "invalid_request_error", "code", "payment_intent_authentication_failure")
						: Map.of("type", "card_error", "code", "card_declined", "decline_code",
								intent.paymentMethod().endsWith("InsufficientFunds") ? "insufficient_funds"
										: "generic_decline"));
		return view;
	}

	private static Answer ok(Object body) {
		return new Answer(null, 200, json.writeValueAsString(body));
	}

	private static Answer missing(String param, String id) {
		return error(404, "invalid_request_error", "resource_missing", "No such " + param + ": '" + id + "'", null);
	}

	private static Answer error(int status, String type, String code, String message, Map<String, Object> more) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", type);
		if (code != null) {
			error.put("code", code);
		}
		error.put("message", message);
		if (more != null) {
			error.putAll(more);
		}
		return new Answer(null, status, json.writeValueAsString(Map.of("error", error)));
	}

	private static Map<String, String> parse(String encoded) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : encoded.split("&")) {
			if (!pair.isEmpty()) {
				int eq = pair.indexOf('=');
				String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				form.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static String readAll(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		gate.countDown();
		server.stop(0);
	}

}
