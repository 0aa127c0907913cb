package dev.marquee.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.marquee.support.Tokens;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One place per buyer however many sessions and devices, even joining all at once through
 * the proof of work; at most {@code accounts-per-device} (3) accounts per device and
 * {@code joins-per-device-per-minute} (20) attempts per device and minute, by the clock,
 * over all nodes (Redis).
 */
class JoinLimitsTests extends WaitingRoomTest {

	WebTestClient.ResponseSpec joinFrom(UUID event, String token, String device) {
		return http().post().uri("/api/v1/events/{id}/queue", event).headers(h -> {
			h.setBearerAuth(token);
			h.set("X-Device-Id", device);
		}).exchange();
	}

	static String device() {
		return "device-" + UUID.randomUUID();
	}

	@Test
	void oneBuyerInManySessionsOnManyDevicesJoiningAtOnceGetsOnePlace() {
		UUID event = queuedEvent(60, Duration.ofMinutes(10));
		http().put()
			.uri("/api/v1/events/{id}/queue-difficulty", event)
			.headers(h -> h.setBearerAuth(admin()))
			.bodyValue(Map.of("difficulty", 8))
			.exchange()
			.expectStatus()
			.isOk();
		String userId = "buyer-" + UUID.randomUUID();
		Set<String> tickets = ConcurrentHashMap.newKeySet();
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		Flux.range(0, 12).parallel(12).runOn(Schedulers.boundedElastic()).doOnNext(session -> {
			// each session its own token, device and solved challenge
			String token = Tokens.token(userId, Map.of("sid", "session-" + session));
			Map<String, Object> challenge = http().post()
				.uri("/api/v1/events/{id}/queue-challenge", event)
				.headers(h -> h.setBearerAuth(token))
				.exchange()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			String solution = ProofOfWork.solve((String) challenge.get("challenge"), 8);
			var result = http().post().uri("/api/v1/events/{id}/queue", event).headers(h -> {
				h.setBearerAuth(token);
				h.set("X-Device-Id", device());
				h.set("X-Queue-Challenge", (String) challenge.get("challenge"));
				h.set("X-Queue-Solution", solution);
			}).exchange().expectBody(JSON).returnResult();
			statuses.add(result.getStatus().value());
			tickets.add((String) result.getResponseBody().get("queueTicket"));
		}).sequential().blockLast();
		assertThat(tickets).hasSize(1);
		assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
		assertThat(statuses).filteredOn(s -> s == 200).hasSize(11);
		assertThat(((Number) http().get()
			.uri("/api/v1/events/{id}/queue-summary", event)
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("joined")).longValue()).isEqualTo(1);
	}

	@Test
	void aDeviceJoinsForAtMostThreeAccountsAndThoseKeepTheirPlaces() {
		UUID event = queuedEvent(60, Duration.ofMinutes(10));
		String device = device();
		List<String> family = List.of(buyer(), buyer(), buyer());
		for (String member : family) {
			joinFrom(event, member, device).expectStatus().isCreated();
		}
		Map<String, Object> problem = joinFrom(event, buyer(), device).expectStatus()
			.isForbidden()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.FORBIDDEN, "too-many-accounts");
		assertThat(problem).containsEntry("by", "device").containsEntry("limit", 3);
		// the three already in are not locked out, and another device is another device
		joinFrom(event, family.get(0), device).expectStatus().isOk();
		joinFrom(event, buyer(), device()).expectStatus().isCreated();
		// another event's waiting room counts on its own
		joinFrom(queuedEvent(60, Duration.ofMinutes(10)), buyer(), device).expectStatus().isCreated();
	}

	@Test
	void aDeviceMakesAtMostTwentyJoinAttemptsAMinuteByTheClock() {
		UUID event = queuedEvent(60, Duration.ofMinutes(10));
		// start at a minute's beginning, so the window is all ahead
		clock.advance(Duration.ofMillis(60_000 - clock.millis() % 60_000));
		String device = device();
		String buyer = buyer();
		joinFrom(event, buyer, device).expectStatus().isCreated();
		for (int i = 1; i < 20; i++) {
			joinFrom(event, buyer, device).expectStatus().isOk();
		}
		clock.advance(Duration.ofSeconds(15));
		Map<String, Object> problem = joinFrom(event, buyer, device).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("Retry-After", "45")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
		// the same buyer on another device is not that device
		joinFrom(event, buyer, device()).expectStatus().isOk();
		clock.advance(Duration.ofSeconds(45));
		joinFrom(event, buyer, device).expectStatus().isOk();
	}

}
