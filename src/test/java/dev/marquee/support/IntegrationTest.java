package dev.marquee.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;

import dev.marquee.MarqueeApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the integration tests: the whole application on a random port against real
 * PostgreSQL and Redis ({@link TestServices}), a {@link MutableClock}, and helpers that
 * speak the public HTTP API. Each test makes its own venue and event, so tests never
 * share seats. Every test client calls from 127.0.0.1, and the classes that share this
 * context share one per-address budget: it is lifted here so that a busy test cannot be
 * refused for what the tests before it spent (the tests of that limit set their own).
 */
@SpringBootTest(classes = MarqueeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "marquee.security.jwt-secret=" + IntegrationTest.SECRET, "marquee.hold.sweep-interval=1h",
				"marquee.sale.reconcile-interval=1h", "marquee.payment.recovery-interval=1h",
				"marquee.payment.gateway=simulated", "marquee.payment.latency=0ms",
				"marquee.payment.slow-latency=1500ms", "spring.main.banner-mode=off", "spring.rsocket.server.port=0",
				"marquee.live.coalesce-window=0ms", "marquee.queue.tick=1h", "marquee.queue.lease=1s",
				"marquee.rate-limit.holds-per-address-per-minute=1000000",
				"marquee.rate-limit.joins-per-address-per-minute=1000000", "marquee.security.clock-skew=0s",
				// pages served by the tests' own little servers may embed the seat map
				"marquee.embed.allowed-origins=http://127.0.0.1:[*]",
				// a busy test machine may publish a change late: wait for it, not resync
				"marquee.live.reorder-wait=5s",
				// each cached context keeps its pool: one connection until a test needs
				// more
				"spring.r2dbc.pool.initial-size=1" })
@Import(IntegrationTest.TestBeans.class)
public abstract class IntegrationTest {

	public static final String SECRET = Tokens.SECRET;

	protected static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestServices.get().properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class TestBeans {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

		@Bean
		SeatEventRecorder seatEventRecorder() {
			return new SeatEventRecorder();
		}

		@Bean
		RSocketClients rsocketClients(RSocketStrategies strategies, Environment environment) {
			return new RSocketClients(strategies, environment);
		}

	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected SeatEventRecorder recorded;

	@Autowired
	protected ReactiveStringRedisTemplate redis;

	@Autowired
	protected DatabaseClient db;

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	protected WebTestClient http() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

	protected WebClient webClient() {
		return WebClient.builder().baseUrl("http://localhost:" + port).build();
	}

	/** A token signed with {@link #SECRET}, as {@link Tokens#token} mints it. */
	public static String token(String userId, String... roles) {
		return Tokens.token(userId, roles);
	}

	protected static String admin() {
		return token("admin-" + UUID.randomUUID(), "ADMIN");
	}

	protected static String buyer() {
		return token("buyer-" + UUID.randomUUID());
	}

	/**
	 * A venue with section S (rows A and B, {@code seatsPerRow} seats each) and an event
	 * on sale now.
	 */
	protected UUID event(int seatsPerRow, Map<String, Object> overrides) {
		String admin = admin();
		Map<String, Object> venue = http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Test Hall", "city", "Porto", "sections",
					List.of(Map.of("code", "S", "name", "Stalls", "priceTier", "std", "rows",
							List.of(Map.of("label", "A", "seats", seatsPerRow),
									Map.of("label", "B", "seats", seatsPerRow))))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		Map<String, Object> event = new HashMap<>(
				Map.of("name", "Test Night", "prices", Map.of("std", Map.of("amountMinor", 5000, "currency", "EUR"))));
		event.putAll(overrides);
		return UUID.fromString((String) eventOn(venue.get("venueId"), admin, event).get("eventId"));
	}

	/**
	 * An event on a venue, on sale since an hour ago and ten days away unless
	 * {@code fields} say otherwise; answers the event view.
	 */
	protected Map<String, Object> eventOn(Object venueId, String admin, Map<String, Object> fields) {
		Map<String, Object> event = new HashMap<>(Map.of("venueId", venueId, "name", "Test Night", "startsAt",
				clock.instant().plus(Duration.ofDays(10)).toString(), "onSaleAt",
				clock.instant().minus(Duration.ofHours(1)).toString()));
		event.putAll(fields);
		return http().post()
			.uri("/api/v1/events")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(event)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/** Prices in euros by tier, as an event is sent: {@code "std", 4000, "box", 9000}. */
	protected static Map<String, Object> euros(Object... tiersAndMinor) {
		Map<String, Object> prices = new HashMap<>();
		for (int i = 0; i < tiersAndMinor.length; i += 2) {
			prices.put((String) tiersAndMinor[i], Map.of("amountMinor", tiersAndMinor[i + 1], "currency", "EUR"));
		}
		return Map.of("prices", prices);
	}

	protected UUID event(int seatsPerRow) {
		return event(seatsPerRow, Map.of());
	}

	protected WebTestClient.ResponseSpec hold(UUID eventId, String token, String... seatIds) {
		return http().post()
			.uri("/api/v1/events/{id}/holds", eventId)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(Map.of("seatIds", List.of(seatIds)))
			.exchange();
	}

	/**
	 * Holds the seats and answers the hold id, failing the test if the hold is refused.
	 */
	protected String held(UUID eventId, String token, String... seatIds) {
		Map<String, Object> body = hold(eventId, token, seatIds).expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		return (String) body.get("holdId");
	}

	/** The id of the buyer's valid ticket for this seat, failing the test if none. */
	@SuppressWarnings("unchecked")
	protected UUID ticketOf(String token, UUID event, String seat) {
		List<Map<String, Object>> tickets = http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		return tickets.stream()
			.filter(t -> t.get("eventId").equals(event.toString()) && t.get("seatId").equals(seat)
					&& t.get("status").equals("VALID"))
			.map(t -> UUID.fromString((String) t.get("ticketId")))
			.findFirst()
			.orElseThrow();
	}

	/** The hold as its owner sees it, failing the test unless it is found. */
	protected Map<String, Object> holdView(String holdId, String token) {
		return read(token, "/api/v1/holds/{id}", holdId);
	}

	/**
	 * A GET's JSON body, failing the test unless it answers 200; {@code token} may be
	 * null for the public reads.
	 */
	protected Map<String, Object> read(String token, String uri, Object... variables) {
		return http().get().uri(uri, variables).headers(h -> {
			if (token != null) {
				h.setBearerAuth(token);
			}
		}).exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
	}

	protected WebTestClient.ResponseSpec purchase(String holdId, String token, String key, String paymentToken) {
		return http().post().uri("/api/v1/holds/{id}/purchase", holdId).headers(h -> {
			h.setBearerAuth(token);
			if (key != null) {
				h.set("Idempotency-Key", key);
			}
		}).bodyValue(Map.of("paymentToken", paymentToken)).exchange();
	}

	protected String statuses(UUID eventId) {
		return (String) availability(eventId).get("statuses");
	}

	protected Map<String, Object> availability(UUID eventId) {
		return read(null, "/api/v1/events/{id}/availability", eventId);
	}

	protected long seq(UUID eventId) {
		return ((Number) availability(eventId).get("seq")).longValue();
	}

	/** Glyph of one seat: seats are ordered A-1..A-n, B-1..B-n. */
	protected char glyph(UUID eventId, String seatId, int seatsPerRow) {
		String[] parts = seatId.split("-");
		int index = (parts[1].equals("A") ? 0 : seatsPerRow) + Integer.parseInt(parts[2]) - 1;
		return statuses(eventId).charAt(index);
	}

	protected long count(String sql, Object eventId) {
		return db.sql(sql).bind("event", eventId).map(row -> row.get(0, Long.class)).one().block();
	}

	protected long tickets(UUID eventId) {
		return count("select count(*) from ticket where event_id = :event and status = 'VALID'", eventId);
	}

	protected long orders(UUID eventId) {
		return count("select count(*) from orders where event_id = :event", eventId);
	}

	/** Every Redis key of this event. */
	protected List<String> redisKeys(UUID eventId) {
		return new ArrayList<>(redis.keys("*{" + eventId + "}*").collectList().block());
	}

	protected static void assertProblem(Map<String, Object> problem, HttpStatus status, String slug) {
		assertThat(problem.get("type")).isEqualTo("https://marquee.dev/problems/" + slug);
		assertThat(((Number) problem.get("status")).intValue()).isEqualTo(status.value());
	}

}
