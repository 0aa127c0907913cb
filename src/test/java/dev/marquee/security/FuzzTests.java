package dev.marquee.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing every JSON endpoint with malformed, huge, deep, mistyped, unicode and injection
 * bodies (a fixed seed, so a failure replays): always a 4xx problem, never a 5xx, and
 * nothing changes.
 */
class FuzzTests extends IntegrationTest {

	private static final List<String> NASTY = List.of("", " ", "null", "true", "0", "-1", "1e309",
			"9223372036854775808", "\"\"", "[]", "{}", "[[[[[[]]]]]]", "{\"a\":", "{'single':'quotes'}", "\u0000",
			"\"\\u0000\"", "\"\u202Eevil\"", "\"😀🎟️\"", "\"' OR 1=1 --\"", "\"; DROP TABLE ticket; --\"",
			"\"redis.call('FLUSHALL')\"", "\"${jndi:ldap://x}\"", "\"<script>alert(1)</script>\"",
			"\"../../etc/passwd\"", "\"%00%2e%2e\"");

	/**
	 * A body: valid shapes with nasty values, broken JSON, deep nesting or a huge string.
	 */
	private static String body(Random random, List<String> fields) {
		switch (random.nextInt(6)) {
			case 0:
				return NASTY.get(random.nextInt(NASTY.size()));
			case 1:
				return "[".repeat(5_000) + "]".repeat(5_000);
			case 2:
				return "{\"" + fields.get(0) + "\":\"" + "x".repeat(300_000) + "\"}";
			case 3:
				return "{\"" + fields.get(random.nextInt(fields.size())) + "\":" + "{\"a\":".repeat(2_000) + "1"
						+ "}".repeat(2_001);
			default: {
				StringBuilder json = new StringBuilder("{");
				for (String field : fields) {
					if (random.nextBoolean()) {
						continue;
					}
					json.append(json.length() > 1 ? "," : "")
						.append('"')
						.append(field)
						.append("\":")
						.append(NASTY.get(random.nextInt(NASTY.size())).isBlank() ? "1"
								: NASTY.get(random.nextInt(NASTY.size())));
				}
				return json.append(random.nextInt(10) == 0 ? "" : "}").toString();
			}
		}
	}

	@Test
	void everyJsonEndpointAnswersGarbageWithAProblemAndChangesNothing() {
		UUID event = event(4);
		UUID queued = event(4, Map.of("queue", Map.of("enabled", true, "admitPerMinute", 60)));
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-1");
		String ticketId = (String) ((List<Map<String, Object>>) purchase(held(event, buyer, "S-A-2"), buyer, "f-1",
				"tok_visa")
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("tickets")).get(0).get("ticketId");
		String before = statuses(event);
		long orders = orders(event);
		String admin = admin();
		String scanner = token("door", "SCANNER");

		record Target(String path, String token, List<String> fields) {
		}
		List<Target> targets = List.of(new Target("/api/v1/venues", admin, List.of("name", "city", "sections")),
				new Target("/api/v1/events", admin,
						List.of("venueId", "name", "startsAt", "onSaleAt", "prices", "queue")),
				new Target("/api/v1/events/" + event + "/holds", buyer, List.of("seatIds", "areaCode", "quantity")),
				new Target("/api/v1/events/" + event + "/holds/best-available", buyer,
						List.of("quantity", "sectionCode", "maxPriceMinor")),
				new Target("/api/v1/holds/" + holdId + "/purchase", buyer, List.of("paymentToken")),
				new Target("/api/v1/tickets/" + ticketId + "/transfer", buyer, List.of("toUserId")),
				new Target("/api/v1/tickets/scan", scanner, List.of("code", "eventId", "gate", "deviceId")),
				new Target("/api/v1/events/" + event + "/scans", scanner, List.of("scans")),
				new Target("/api/v1/events/" + event + "/waitlist", buyer,
						List.of("sectionCode", "quantity", "adjacent")),
				new Target("/api/v1/events/" + queued + "/queue", buyer, List.of("x")));
		List<String> failures = new ArrayList<>();
		for (long seed : new long[] { 20261122, 7, 42 }) {
			Random random = new Random(seed);
			for (int round = 0; round < 25; round++) {
				for (Target target : targets) {
					String body = body(random, target.fields());
					var result = http().post().uri(target.path()).headers(h -> {
						h.setBearerAuth(target.token());
						h.set("Idempotency-Key", "fuzz-" + UUID.randomUUID());
					})
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(body.getBytes(StandardCharsets.UTF_8))
						.exchange()
						.returnResult(String.class);
					int status = result.getStatus().value();
					String type = String.valueOf(result.getResponseHeaders().getContentType());
					boolean harmless = status >= 400 && status < 500 && type.startsWith("application/problem+json")
							|| target.path().endsWith("/queue") && (status == 201 || status == 200);
					if (!harmless) {
						failures.add(status + " " + type + " for " + target.path() + " with "
								+ body.substring(0, Math.min(80, body.length())) + " (seed " + seed + ")");
					}
				}
			}
		}
		assertThat(failures).isEmpty();
		assertThat(statuses(event)).isEqualTo(before);
		assertThat(orders(event)).isEqualTo(orders);
		assertThat(count(
				"select count(*) from ticket_transfer t join ticket k on k.id = t.ticket_id where k.event_id = :event",
				event))
			.isZero();
	}

}
