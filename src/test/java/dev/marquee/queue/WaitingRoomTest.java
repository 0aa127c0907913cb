package dev.marquee.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the waiting-room tests: queue-protected events, joins and reads over HTTP, and
 * admitter ticks driven by the test (the scheduled tick is off in tests, the clock is
 * injected).
 */
abstract class WaitingRoomTest extends IntegrationTest {

	@Autowired
	QueueAdmitter admitter;

	/** Admission rates are counted in clock time: only the test moves the clock. */
	@BeforeEach
	void freezeClock() {
		clock.freeze();
	}

	/**
	 * A queue-protected event admitting {@code perMinute} buyers a minute, on sale from
	 * {@code onSaleIn}.
	 */
	UUID queuedEvent(int perMinute, Duration onSaleIn) {
		return event(10, Map.of("onSaleAt", clock.instant().plus(onSaleIn).toString(), "queue",
				Map.of("enabled", true, "admitPerMinute", perMinute)));
	}

	WebTestClient.ResponseSpec joining(UUID event, String token) {
		return http().post().uri("/api/v1/events/{id}/queue", event).headers(h -> h.setBearerAuth(token)).exchange();
	}

	Map<String, Object> join(UUID event, String token) {
		return joining(event, token).expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
	}

	Map<String, Object> standing(UUID event, String token, Object ticket) {
		return http().get()
			.uri("/api/v1/events/{id}/queue/{ticket}", event, ticket)
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * One admitter step on this node, waiting out a lease another test context may still
	 * hold.
	 */
	void tick() {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admitter.tick().block());
	}

	WebTestClient.ResponseSpec holdWith(UUID event, String token, String admissionToken, String... seats) {
		return http().post().uri("/api/v1/events/{id}/holds", event).headers(h -> {
			h.setBearerAuth(token);
			if (admissionToken != null) {
				h.set("X-Admission-Token", admissionToken);
			}
		}).bodyValue(Map.of("seatIds", List.of(seats))).exchange();
	}

	static long position(Map<String, Object> standing) {
		return ((Number) standing.get("position")).longValue();
	}

	static void assertAdmissionRequired(Map<String, Object> problem, String reason) {
		assertProblem(problem, HttpStatus.FORBIDDEN, "admission-required");
		assertThat(problem.get("reason")).isEqualTo(reason);
	}

}
