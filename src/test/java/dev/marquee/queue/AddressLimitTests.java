package dev.marquee.queue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-address cap, off by default, turned on: at most {@code accounts-per-address}
 * accounts join one waiting room from one client address, whatever device ids they claim
 * (every test client calls from 127.0.0.1).
 */
@TestPropertySource(properties = "marquee.queue.accounts-per-address=2")
class AddressLimitTests extends WaitingRoomTest {

	@Test
	void aFarmBehindOneAddressJoinsForAtMostTheCapWhateverDeviceItClaims() {
		UUID event = queuedEvent(60, Duration.ofMinutes(10));
		String first = buyer();
		for (String buyer : new String[] { first, buyer() }) {
			http().post().uri("/api/v1/events/{id}/queue", event).headers(h -> {
				h.setBearerAuth(buyer);
				h.set("X-Device-Id", "device-" + UUID.randomUUID());
			}).exchange().expectStatus().isCreated();
		}
		Map<String, Object> problem = http().post().uri("/api/v1/events/{id}/queue", event).headers(h -> {
			h.setBearerAuth(buyer());
			h.set("X-Device-Id", "device-" + UUID.randomUUID());
		}).exchange().expectStatus().isForbidden().expectBody(JSON).returnResult().getResponseBody();
		assertProblem(problem, HttpStatus.FORBIDDEN, "too-many-accounts");
		assertThat(problem).containsEntry("by", "address").containsEntry("limit", 2);
		// those in keep their place
		joining(event, first).expectStatus().isOk();
	}

}
