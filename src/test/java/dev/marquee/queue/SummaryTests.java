package dev.marquee.queue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organizers' glance at the waiting room and the waitlist, for the sales page: who
 * joined, who was let through, who waits, in all and per section; for ADMIN only.
 */
class SummaryTests extends WaitingRoomTest {

	@Test
	void theWaitingRoomSaysHowManyJoinedWereLetThroughAndWait() {
		UUID event = queuedEvent(60, Duration.ofMinutes(-1));
		String admin = admin();
		tick();
		for (int i = 0; i < 3; i++) {
			join(event, buyer());
		}
		assertThat(read(admin, "/api/v1/events/{id}/queue-summary", event)).containsEntry("enabled", true)
			.containsEntry("opened", true)
			.containsEntry("joined", 3)
			.containsEntry("admitted", 0)
			.containsEntry("waiting", 3)
			.containsEntry("admitPerMinute", 60);

		clock.advance(Duration.ofSeconds(2));
		tick();
		Map<String, Object> later = read(admin, "/api/v1/events/{id}/queue-summary", event);
		int admitted = ((Number) later.get("admitted")).intValue();
		assertThat(admitted).isBetween(1, 3);
		assertThat(later).containsEntry("waiting", 3 - admitted);

		http().get()
			.uri("/api/v1/events/{id}/queue-summary", event)
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(read(admin, "/api/v1/events/{id}/queue-summary", event(4))).containsEntry("enabled", false)
			.containsEntry("waiting", 0);
	}

	@Test
	void theWaitlistSaysHowManyWaitInEachSection() {
		UUID event = event(2);
		String admin = admin();
		held(event, buyer(), "S-A-1", "S-A-2");
		held(event, buyer(), "S-B-1", "S-B-2");
		for (int quantity = 1; quantity <= 2; quantity++) {
			http().post()
				.uri("/api/v1/events/{id}/waitlist", event)
				.headers(h -> h.setBearerAuth(buyer()))
				.bodyValue(Map.of("sectionCode", "S", "quantity", quantity))
				.exchange()
				.expectStatus()
				.isCreated();
		}
		assertThat(read(admin, "/api/v1/events/{id}/waitlist-summary", event)).containsEntry("waiting", 2)
			.containsEntry("waitingBySection", Map.of("S", 2));
	}

}
