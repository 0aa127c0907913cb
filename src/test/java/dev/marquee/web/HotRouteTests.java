package dev.marquee.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.support.TestNodes;
import dev.marquee.support.Tokens;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hot routes ({@code dev.marquee.shared.web.HotRoutes}) answer exactly as Spring
 * WebFlux does: the same requests, good and bad, sent over raw sockets to a node with
 * them and a node without them ({@code marquee.hot-routes.enabled=false}) get the same
 * status line, the same headers in the same order and the same body (ids, times and
 * sequence numbers, which no two requests share, aside), and leave the same request
 * metrics; a hot route continues its caller's trace and starts none of its own. The node
 * with them answers their plain requests without Spring's filter chain, and passes
 * everything else on to it.
 */
class HotRouteTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static ConfigurableApplicationContext hot;

	private static ConfigurableApplicationContext plain;

	private static String prefix;

	/** One event per node of each kind, alike but for their ids. */
	private static Map<ConfigurableApplicationContext, Map<String, String>> events;

	@BeforeAll
	static void startTwoNodes() {
		prefix = "mqh" + UUID.randomUUID().toString().substring(0, 6);
		// every new trace sampled: a span either node starts is seen
		String sampling = "management.tracing.sampling.probability";
		hot = TestNodes.start(Map.of("marquee.hold.key-prefix", prefix, sampling, "1.0"), ThroughSpring.class,
				Spans.class);
		plain = TestNodes.start(
				Map.of("marquee.hold.key-prefix", prefix, "marquee.hot-routes.enabled", "false", sampling, "1.0"),
				ThroughSpring.class, Spans.class);
		String admin = Tokens.admin();
		String venue = field(send(hot, "POST", "/api/v1/venues", admin, Map.of("Content-Type", "application/json"),
				JSON.writeValueAsString(
						Map.of("name", "Hot Hall", "city", "Ghent", "sections", List.of(Map.of("code", "S", "name",
								"Stalls", "priceTier", "std", "rows", List.of(Map.of("label", "A", "seats", 10))))))),
				"venueId");
		events = Map.of(hot, events(admin, venue), plain, events(admin, venue));
	}

	@AfterAll
	static void stop() {
		if (hot != null) {
			TestNodes.dropKeys(hot, prefix);
			hot.close();
		}
		if (plain != null) {
			plain.close();
		}
	}

	@Test
	void holdsAnswerAsSpringDoes() {
		long before = throughSpring(hot);
		String buyer = Tokens.buyer();
		String path = "/api/v1/events/{plain}/holds";
		Map<String, String> json = Map.of("Content-Type", "application/json");
		same("POST", path, buyer, json, "{\"seatIds\":[\"S-A-1\"]}", 201);
		same("POST", path, buyer, json, "{\"seatIds\":[\"S-A-1\"]}", 409);
		same("POST", path, buyer,
				Map.of("Content-Type", "application/json;charset=UTF-8", "Accept", "application/json"),
				"{\"seatIds\":[\"S-A-2\",\"S-A-3\"]}", 201);
		same("POST", path, buyer, json, "{\"seatIds\":", 400);
		same("POST", path, buyer, json, "{\"seatIds\":[1]}", 400);
		same("POST", path, buyer, json, "{\"seatIds\":\"S-A-4\"}", 400);
		same("POST", path, buyer, json, " ", 400);
		same("POST", path, buyer, json, "null", 400);
		same("POST", path, buyer, json, "{\"seatIds\":[\"S-A-4\"]} trailing", 400);
		same("POST", path, buyer, json, "{\"seatIds\":[\"NOPE-1\"]}", 400);
		same("POST", path, buyer, json, "{}", 400);
		same("POST", "/api/v1/events/" + UUID.randomUUID() + "/holds", buyer, json, "{\"seatIds\":[\"S-A-5\"]}", 404);
		same("POST", "/api/v1/events/not-an-id/holds", buyer, json, "{\"seatIds\":[\"S-A-5\"]}", 404);
		same("POST", "/api/v1/events/{queued}/holds", buyer, json, "{\"seatIds\":[\"S-A-5\"]}", 403);
		assertThat(throughSpring(hot) - before).as("plain hold requests that went through Spring's filter chain")
			.isZero();
	}

	@Test
	void passesOnWhatItDoesNotTake() {
		String path = "/api/v1/events/{plain}/holds";
		Map<String, String> json = Map.of("Content-Type", "application/json");
		String seat = "{\"seatIds\":[\"S-A-9\"]}";
		long before = throughSpring(hot);
		same("POST", path, null, json, seat, 401);
		same("POST", path, "not-a-token", json, seat, 401);
		same("POST", path, Tokens.token("someone") + "x", json, seat, 401);
		same("POST", path, Tokens.buyer(), Map.of("Content-Type", "text/plain"), seat, 415);
		same("POST", path + "?x=1", Tokens.buyer(), json, "{\"seatIds\":[\"S-A-10\"]}", 201);
		// a public route with a token Spring Security refuses: 401 there, so here too
		same("GET", "/api/v1/events/{plain}/availability", Tokens.token("someone") + "x", Map.of(), null, 401);
		same("GET", "/api/v1/events/{plain}/availability", "not-a-token", Map.of(), null, 401);
		assertThat(throughSpring(hot) - before).as("requests passed on to Spring").isEqualTo(7);
	}

	@Test
	void theEventPageAnswersAsSpringDoes() {
		long before = throughSpring(hot);
		same("GET", "/api/v1/events/{plain}", null, Map.of("Accept", "application/json"), null, 200);
		same("GET", "/api/v1/events/{queued}", null, Map.of(), null, 200);
		same("GET", "/api/v1/events/" + UUID.randomUUID(), null, Map.of(), null, 404);
		same("GET", "/api/v1/events/x", null, Map.of(), null, 404);
		// a signed-in buyer's browser sends its token on the public reads too
		same("GET", "/api/v1/events/{plain}", Tokens.buyer(), Map.of("Accept", "application/json"), null, 200);
		same("GET", "/api/v1/events/" + UUID.randomUUID(), Tokens.buyer(), Map.of(), null, 404);
		assertThat(throughSpring(hot) - before).as("event reads that went through Spring's filter chain").isZero();
	}

	@Test
	void availabilityAnswersAsSpringDoes() {
		long before = throughSpring(hot);
		same("GET", "/api/v1/events/{plain}/availability", null, Map.of(), null, 200);
		same("GET", "/api/v1/events/{plain}/availability", null, Map.of("Accept", "*/*"), null, 200);
		same("GET", "/api/v1/events/" + UUID.randomUUID() + "/availability", null, Map.of(), null, 404);
		same("GET", "/api/v1/events/x/availability", null, Map.of(), null, 404);
		// a signed-in buyer's browser sends its token on the public reads too
		same("GET", "/api/v1/events/{plain}/availability", Tokens.buyer(), Map.of(), null, 200);
		same("GET", "/api/v1/events/" + UUID.randomUUID() + "/availability", Tokens.buyer(), Map.of(), null, 404);
		assertThat(throughSpring(hot) - before).as("availability requests that went through Spring's filter chain")
			.isZero();
	}

	@Test
	void theWaitingRoomAnswersAsSpringDoes() {
		long before = throughSpring(hot);
		String buyer = Tokens.buyer();
		join(buyer, 201);
		join(buyer, 200);
		same("POST", "/api/v1/events/{plain}/queue", buyer, Map.of(), null, 409);
		same("POST", "/api/v1/events/" + UUID.randomUUID() + "/queue", buyer, Map.of(), null, 404);
		// each node's own ticket: the paths differ by the ticket, the answers only by ids
		same("GET", "/api/v1/events/{queued}/queue/{ticket:" + buyer + "}", buyer, Map.of(), null, 200);
		same("GET", "/api/v1/events/{queued}/queue/{ticket:" + Tokens.buyer() + "}", buyer, Map.of(), null, 404);
		same("GET", "/api/v1/events/{queued}/queue/" + UUID.randomUUID(), buyer, Map.of(), null, 404);
		same("GET", "/api/v1/events/{queued}/queue/not-a-ticket", buyer, Map.of(), null, 404);
		assertThat(throughSpring(hot) - before).as("queue requests that went through Spring's filter chain").isZero();
	}

	@Test
	void bestAvailableAnswersAsSpringDoes() {
		long before = throughSpring(hot);
		String buyer = Tokens.buyer();
		String path = "/api/v1/events/{best}/holds/best-available";
		Map<String, String> json = Map.of("Content-Type", "application/json");
		same("POST", path, buyer, json, "{\"sectionCode\":\"S\",\"quantity\":2}", 201);
		same("POST", path, buyer, json, "{\"quantity\":3}", 201);
		same("POST", path, Tokens.buyer(), json, "{\"sectionCode\":\"S\",\"quantity\":6}", 409);
		same("POST", path, buyer, json, "{\"sectionCode\":\"NOPE\",\"quantity\":1}", 400);
		same("POST", path, buyer, json, "{\"sectionCode\":\"S\",\"quantity\":0}", 400);
		same("POST", path, buyer, json, "{\"sectionCode\":\"S\",\"quantity\":\"two\"}", 400);
		same("POST", path, buyer, json, "{", 400);
		same("POST", "/api/v1/events/" + UUID.randomUUID() + "/holds/best-available", buyer, json, "{\"quantity\":1}",
				404);
		same("POST", "/api/v1/events/{queued}/holds/best-available", buyer, json, "{\"quantity\":1}", 403);
		assertThat(throughSpring(hot) - before).as("best-available requests that went through Spring's filter chain")
			.isZero();
	}

	@Test
	void purchasesAnswerAsSpringDoes() {
		String buyer = Tokens.buyer();
		hold(buyer, "S-A-1", "bought");
		hold(buyer, "S-A-2", "declined");
		long before = throughSpring(hot);
		Map<String, String> json = Map.of("Content-Type", "application/json");
		Map<String, String> keyed = freshKey();
		String visa = "{\"paymentToken\":\"tok_visa\"}";
		String path = "/api/v1/holds/{hold:bought}/purchase";
		same("POST", path, buyer, json, visa, 400);
		same("POST", path, buyer, keyed, "{}", 400);
		same("POST", path, buyer, keyed, "{\"paymentToken\":", 400);
		same("POST", path, Tokens.buyer(), keyed, visa, 404);
		same("POST", path, buyer, keyed, visa, 201);
		same("POST", path, buyer, keyed, visa, 201);
		same("POST", path, buyer, freshKey(), visa, 409);
		same("POST", "/api/v1/holds/{hold:declined}/purchase", buyer, freshKey(),
				"{\"paymentToken\":\"tok_chargeDeclined\"}", 402);
		same("POST", "/api/v1/holds/" + UUID.randomUUID() + "/purchase", buyer, freshKey(), visa, 404);
		same("POST", "/api/v1/holds/not-a-hold/purchase", buyer, freshKey(), visa, 404);
		assertThat(throughSpring(hot) - before).as("purchases that went through Spring's filter chain").isZero();
	}

	@Test
	void theLivenessProbeAnswersAsTheActuatorDoes() {
		String path = "/actuator/health/liveness";
		long before = throughSpring(hot);
		same("GET", path, null, Map.of(), null, 200);
		same("GET", path, null, Map.of("Accept", "*/*"), null, 200);
		same("GET", path, null, Map.of("Accept", "application/json"), null, 200);
		same("GET", path, null, Map.of("Accept", "text/plain, application/json"), null, 200);
		assertThat(throughSpring(hot) - before).as("probes that went through Spring's filter chain").isZero();
		// an administrator is shown the group's details: Spring's to answer
		same("GET", path, Tokens.admin(), Map.of(), null, 200);
		assertThat(throughSpring(hot) - before).as("probes with a token, passed on to Spring").isEqualTo(1);
	}

	@Test
	void aBrokenApplicationFailsItsLivenessProbe() {
		String path = "/actuator/health/liveness";
		try {
			for (ConfigurableApplicationContext node : List.of(hot, plain)) {
				AvailabilityChangeEvent.publish(node, LivenessState.BROKEN);
			}
			long before = throughSpring(hot);
			same("GET", path, null, Map.of(), null, 503);
			same("GET", path, null, Map.of("Accept", "application/json"), null, 503);
			assertThat(throughSpring(hot) - before).as("probes that went through Spring's filter chain").isZero();
		}
		finally {
			for (ConfigurableApplicationContext node : List.of(hot, plain)) {
				AvailabilityChangeEvent.publish(node, LivenessState.CORRECT);
			}
		}
	}

	/** A JSON body with an Idempotency-Key not used before (each node its own). */
	private static Map<String, String> freshKey() {
		return Map.of("Content-Type", "application/json", "Idempotency-Key", "{key:" + UUID.randomUUID() + "}");
	}

	@Test
	void leavesTheSameRequestMetrics() {
		same("POST", "/api/v1/events/{plain}/holds", Tokens.buyer(), Map.of("Content-Type", "application/json"),
				"{\"seatIds\":[\"S-A-7\"]}", 201);
		// one in a trace: the hot route's full observation, in the same timer
		same("POST", "/api/v1/events/{plain}/holds", Tokens.buyer(),
				Map.of("Content-Type", "application/json", "traceparent", traceparent(newTraceId())),
				"{\"seatIds\":[\"S-A-8\"]}", 201);
		same("GET", "/api/v1/events/{plain}/availability", null, Map.of(), null, 200);
		// a request's timer stops as its answer goes out: the last may land a moment
		// after the client read it
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(timers(hot)).isEqualTo(timers(plain)));
		assertThat(timers(hot).keySet())
			.anyMatch(key -> key.startsWith("POST /api/v1/events/{eventId}/holds 201 SUCCESS"))
			.anyMatch(key -> key.startsWith("GET /api/v1/events/{eventId}/availability 200 SUCCESS"));
	}

	@Test
	void continuesTheCallersTraceAndStartsNoneOfItsOwn() {
		String holds = "/api/v1/events/{eventId}/holds";
		for (ConfigurableApplicationContext node : List.of(hot, plain)) {
			node.getBean(Spans.class).ended.clear();
		}
		String traceId = newTraceId();
		for (ConfigurableApplicationContext node : List.of(hot, plain)) {
			String path = on(node, "/api/v1/events/{traced}/holds");
			Map<String, String> json = Map.of("Content-Type", "application/json");
			assertThat(send(node, "POST", path, Tokens.buyer(),
					Map.of("Content-Type", "application/json", "traceparent", traceparent(traceId)),
					"{\"seatIds\":[\"S-A-1\"]}"))
				.startsWith("HTTP/1.1 201 ");
			assertThat(send(node, "POST", path, Tokens.buyer(), json, "{\"seatIds\":[\"S-A-2\"]}"))
				.startsWith("HTTP/1.1 201 ");
		}
		// a span ends as its answer goes out: the last may end a moment after the client
		// read it
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(traces(plain, holds)).as("Spring: the caller's trace and a new one")
				.hasSize(2)
				.contains(traceId);
			assertThat(traces(hot, holds)).as("the hot route: the caller's trace only").containsExactly(traceId);
		});
	}

	private static String newTraceId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/** W3C trace context of a sampled trace, as a caller's tracer sends it. */
	private static String traceparent(String traceId) {
		return "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";
	}

	/**
	 * The trace ids of the ended spans of requests for {@code uri}, by the route's
	 * template.
	 */
	private static List<String> traces(ConfigurableApplicationContext node, String uri) {
		return node.getBean(Spans.class).ended.stream()
			.filter(span -> uri.equals(span.getAttributes().get(AttributeKey.stringKey("uri"))))
			.map(SpanData::getTraceId)
			.toList();
	}

	// the rest: sending, normalising and comparing

	/**
	 * Each node's own values, by kind and name: {@code ticket:<buyer>} (the buyer's queue
	 * ticket) and {@code hold:<name>}, written {@code {ticket:...}} and
	 * {@code {hold:...}} in a path.
	 */
	private static final Map<String, String> perNode = new ConcurrentHashMap<>();

	private static void join(String buyer, int status) {
		Map<String, String> headers = Map.of("X-Request-Id", "hot-route-test-" + UUID.randomUUID());
		String fromHot = send(hot, "POST", on(hot, "/api/v1/events/{queued}/queue"), buyer, headers, null);
		String fromPlain = send(plain, "POST", on(plain, "/api/v1/events/{queued}/queue"), buyer, headers, null);
		assertThat(fromHot).as("a join").startsWith("HTTP/1.1 " + status);
		assertThat(normal(fromHot)).as("a join").isEqualTo(normal(fromPlain));
		perNode.put(name(hot) + ":ticket:" + buyer, field(fromHot, "queueTicket"));
		perNode.put(name(plain) + ":ticket:" + buyer, field(fromPlain, "queueTicket"));
	}

	/** Holds the seat of the sale event on both nodes; {@code {hold:name}} in a path. */
	private static void hold(String buyer, String seat, String name) {
		for (ConfigurableApplicationContext node : List.of(hot, plain)) {
			String held = send(node, "POST", on(node, "/api/v1/events/{sale}/holds"), buyer,
					Map.of("Content-Type", "application/json"), "{\"seatIds\":[\"" + seat + "\"]}");
			assertThat(held).as("a hold of " + seat).startsWith("HTTP/1.1 201 ");
			perNode.put(name(node) + ":hold:" + name, field(held, "holdId"));
		}
	}

	/** Sends the request to both nodes (each on its own event) and compares answers. */
	private static void same(String method, String path, String token, Map<String, String> headers, String body,
			int status) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("X-Request-Id", "hot-route-test-" + UUID.randomUUID());
		String fromHot = send(hot, method, on(hot, path), token, on(hot, all), body);
		String fromPlain = send(plain, method, on(plain, path), token, on(plain, all), body);
		assertThat(fromHot).as(method + " " + path + " from the node with hot routes")
			.startsWith("HTTP/1.1 " + status + " ");
		assertThat(normal(fromHot)).as(method + " " + path).isEqualTo(normal(fromPlain));
		assertThat(declaredLength(fromHot)).as(method + " " + path + ": the hot route's Content-Length")
			.isEqualTo(body(fromHot).getBytes(StandardCharsets.UTF_8).length);
	}

	// a header line, between CRLFs (in MULTILINE mode $ does not match between CR and LF,
	// so a pattern ending in \r$ never matched)
	private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)(\r\ncontent-length: )(\\d+)(\r\n)");

	/**
	 * The answer's Content-Length, or its body's size when it has none (so that a chunked
	 * answer compares equal).
	 */
	private static int declaredLength(String response) {
		Matcher length = CONTENT_LENGTH.matcher(response.substring(0, response.indexOf("\r\n\r\n") + 2));
		return length.find() ? Integer.parseInt(length.group(2))
				: body(response).getBytes(StandardCharsets.UTF_8).length;
	}

	private static final Pattern OWN_VALUE = Pattern.compile("\\{((?:ticket|hold):[^}]+)}");

	private static String name(ConfigurableApplicationContext node) {
		return (node == hot) ? "hot" : "plain";
	}

	/**
	 * The headers sent to a node: {@code {key:name}} is its own idempotency key (the
	 * nodes share a database).
	 */
	private static Map<String, String> on(ConfigurableApplicationContext node, Map<String, String> headers) {
		Map<String, String> result = new LinkedHashMap<>();
		headers.forEach((name, value) -> result.put(name, value.replaceAll("\\{key:([^}]+)}", "$1-" + name(node))));
		return result;
	}

	/**
	 * The path on a node: its own events, its own queue ticket of a buyer and its own
	 * holds.
	 */
	private static String on(ConfigurableApplicationContext node, String path) {
		String result = OWN_VALUE.matcher(path)
			.replaceAll(own -> Matcher.quoteReplacement(perNode.getOrDefault(name(node) + ":" + own.group(1), "none")));
		for (var event : events.get(node).entrySet()) {
			result = result.replace("{" + event.getKey() + "}", event.getValue());
		}
		return result;
	}

	/**
	 * Ids, times and sequence numbers masked: what no two requests share. The length of a
	 * body too, as a time's fraction drops its trailing zeros ({@code same} checks each
	 * length against its body).
	 */
	private static String normal(String response) {
		return CONTENT_LENGTH.matcher(response)
			.replaceAll("$1<length>$3")
			.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
			.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>")
			.replaceAll("(Marquee-Seq: |\"seq\":)\\d+", "$1<seq>")
			.replaceAll("(\"estimatedWaitSeconds\":)\\d+", "$1<wait>");
	}

	/** One request on a new connection; the whole answer, status line to body. */
	private static String send(ConfigurableApplicationContext node, String method, String path, String token,
			Map<String, String> headers, String body) {
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		if (token != null) {
			request.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
		if (body != null) {
			request.append("Content-Length: ").append(content.length).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", port(node))) {
			socket.setSoTimeout(20_000);
			// in one write: a body the server has not read when it answers and closes
			// (a 401 needs none of it) would otherwise be reset away with the answer
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			bytes.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			bytes.write(content);
			OutputStream out = socket.getOutputStream();
			out.write(bytes.toByteArray());
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String body(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

	private static String field(String responseOrBody, String name) {
		String body = responseOrBody.startsWith("HTTP/") ? body(responseOrBody) : responseOrBody;
		return String.valueOf(JSON.readValue(body, Map.class).get(name));
	}

	/**
	 * A node's events: one for holds, one queue-protected, one for best available, one
	 * for purchases.
	 */
	private static Map<String, String> events(String admin, String venue) {
		return Map.of("plain", event(admin, venue, false), "queued", event(admin, venue, true), "best",
				event(admin, venue, false), "sale", event(admin, venue, false), "traced", event(admin, venue, false));
	}

	private static String event(String admin, String venue, boolean queued) {
		Map<String, Object> event = new LinkedHashMap<>(Map.of("venueId", venue, "name", "Hot", "startsAt",
				Instant.now().plusSeconds(86_400).toString(), "onSaleAt", Instant.now().minusSeconds(60).toString(),
				"holdTtlSeconds", 300, "prices", Map.of("std", Map.of("amountMinor", 100, "currency", "EUR"))));
		if (queued) {
			// not on sale yet: the waiting room is open, nobody is admitted, so both
			// nodes' tickets stand alike
			event.put("queue", Map.of("enabled", true, "admitPerMinute", 6000));
			event.put("onSaleAt", Instant.now().plusSeconds(3_600).toString());
		}
		String created = send(hot, "POST", "/api/v1/events", admin, Map.of("Content-Type", "application/json"),
				JSON.writeValueAsString(event));
		assertThat(created).as("the event created").startsWith("HTTP/1.1 201 ");
		return field(created, "eventId");
	}

	private static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
	}

	private static long throughSpring(ConfigurableApplicationContext node) {
		return node.getBean(ThroughSpring.class).hotPaths.get();
	}

	/**
	 * Every {@code http.server.requests} timer of the hot routes' paths, with its count.
	 */
	private static Map<String, Long> timers(ConfigurableApplicationContext node) {
		Set<String> paths = Set.of("/api/v1/events/{eventId}", "/api/v1/events/{eventId}/holds",
				"/api/v1/events/{eventId}/holds/best-available", "/api/v1/holds/{holdId}/purchase",
				"/api/v1/events/{eventId}/availability", "/api/v1/events/{eventId}/queue",
				"/api/v1/events/{eventId}/queue/{queueTicket}");
		return node.getBean(MeterRegistry.class)
			.find("http.server.requests")
			.timers()
			.stream()
			.filter(timer -> paths.contains(timer.getId().getTag("uri")))
			.collect(Collectors.toMap(HotRouteTests::key, Timer::count, Long::sum, TreeMap::new));
	}

	private static String key(Timer timer) {
		var id = timer.getId();
		List<String> tags = new ArrayList<>();
		id.getTags().forEach(tag -> tags.add(tag.getKey()));
		return id.getTag("method") + " " + id.getTag("uri") + " " + id.getTag("status") + " " + id.getTag("outcome")
				+ " " + id.getTag("exception") + " " + id.getTag("error") + " " + tags;
	}

	/**
	 * Every span the node's tracer ends, as an exporter would get it. Registered by
	 * class, not scanned.
	 */
	static class Spans {

		final List<SpanData> ended = new CopyOnWriteArrayList<>();

		@Bean
		SpanProcessor recordEndedSpans() {
			return new SpanProcessor() {

				@Override
				public void onStart(Context parent, ReadWriteSpan span) {
				}

				@Override
				public boolean isStartRequired() {
					return false;
				}

				@Override
				public void onEnd(ReadableSpan span) {
					Spans.this.ended.add(span.toSpanData());
				}

				@Override
				public boolean isEndRequired() {
					return true;
				}

			};
		}

	}

	/**
	 * Counts the requests for the hot routes' paths that Spring's filter chain saw.
	 * Registered by class, not scanned.
	 */
	static class ThroughSpring {

		final AtomicLong hotPaths = new AtomicLong();

		// ahead of Spring Security, which answers some on its own
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		WebFilter countHotPaths() {
			return (exchange, chain) -> {
				String path = exchange.getRequest().getPath().value();
				if (path.matches("/api/v1/events/[^/]+(/holds(/best-available)?|/availability|/queue(/[^/]+)?)?")
						|| path.matches("/api/v1/holds/[^/]+/purchase") || path.equals("/actuator/health/liveness")) {
					hotPaths.incrementAndGet();
				}
				return chain.filter(exchange);
			};
		}

	}

}
