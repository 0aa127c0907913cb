package dev.marquee.security;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Joins and holds are rate limited per user and per client address: past the limit a
 * request gets a 429 problem with Retry-After and changes nothing.
 */
@TestPropertySource(properties = { "marquee.rate-limit.joins-per-user-per-minute=3",
		"marquee.rate-limit.holds-per-address-per-minute=6" })
class RateLimitTests extends IntegrationTest {

	@Test
	void aUserHammeringTheQueueJoinIsToldToSlowDown() {
		UUID event = event(4, Map.of("queue", Map.of("enabled", true, "admitPerMinute", 60)));
		String buyer = buyer();
		for (int i = 0; i < 3; i++) {
			http().post()
				.uri("/api/v1/events/{id}/queue", event)
				.headers(h -> h.setBearerAuth(buyer))
				.exchange()
				.expectStatus()
				.is2xxSuccessful();
		}
		EntityExchangeResult<Map<String, Object>> refused = http().post()
			.uri("/api/v1/events/{id}/queue", event)
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody(JSON)
			.returnResult();
		assertProblem(refused.getResponseBody(), HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
		long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After"));
		// three a minute: the next join is due within twenty seconds
		assertThat(retryAfter).isBetween(1L, 20L);
		// somebody else is not affected
		http().post()
			.uri("/api/v1/events/{id}/queue", event)
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void oneAddressPlacingHoldsForManyUsersIsLimitedAndARefusedHoldChangesNothing() {
		UUID event = event(10);
		for (int i = 1; i <= 6; i++) {
			held(event, buyer(), "S-A-" + i);
		}
		Map<String, Object> problem = hold(event, buyer(), "S-A-7").expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists("Retry-After")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
		assertThat(statuses(event)).isEqualTo("HHHHHH..............");
	}

}
