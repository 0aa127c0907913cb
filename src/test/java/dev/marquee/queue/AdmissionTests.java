package dev.marquee.queue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission across modules: an HMAC-signed token bound to user, event and expiry, which
 * holds and waitlist joins on a queue-protected event require. (The rate, and a turn that
 * runs out, are the waiting room's own: {@link QueueModuleTests}.)
 */
class AdmissionTests extends WaitingRoomTest {

	@Autowired
	QueueProperties properties;

	@Test
	void holdsNeedAValidAdmissionTokenOfTheirOwnForThisEvent() {
		UUID event = queuedEvent(600, Duration.ofMinutes(-1));
		tick();
		String buyer = buyer();
		String stranger = buyer();
		String ticket = (String) join(event, buyer).get("queueTicket");
		String strangersTicket = (String) join(event, stranger).get("queueTicket");
		clock.advance(Duration.ofSeconds(1));
		tick();
		String token = (String) standing(event, buyer, ticket).get("admissionToken");
		String strangersToken = (String) standing(event, stranger, strangersTicket).get("admissionToken");
		assertThat(token).isNotNull();

		// every reason a token is refused is AdmissionTokensTests'; here, that a hold
		// asks
		assertAdmissionRequired(problem(holdWith(event, buyer, null, "S-A-1")), "missing");
		assertAdmissionRequired(problem(holdWith(event, buyer, strangersToken, "S-A-1")), "other-user");
		// an admission is not a bearer token
		hold(event, token, "S-A-1").expectStatus().isUnauthorized();
		assertThat(statuses(event)).doesNotContain("H");

		holdWith(event, buyer, token, "S-A-1").expectStatus().isCreated();
		// the turn lasts admission-ttl by the application's clock; a hold after that
		// needs a new turn
		clock.advance(properties.admissionTtl());
		assertAdmissionRequired(problem(holdWith(event, buyer, token, "S-A-2")), "expired");
		assertThat(statuses(event).chars().filter(c -> c == 'H').count()).isEqualTo(1);
	}

	@Test
	void joiningTheWaitlistOfAQueueProtectedEventNeedsAnAdmissionLikeAHold() {
		// two seats, both held by an admitted buyer: the section is sold out
		UUID event = event(1, Map.of("onSaleAt", clock.instant().minus(Duration.ofMinutes(1)).toString(), "queue",
				Map.of("enabled", true, "admitPerMinute", 600)));
		tick();
		String holder = buyer();
		String waiter = buyer();
		String holdersTicket = (String) join(event, holder).get("queueTicket");
		String waitersTicket = (String) join(event, waiter).get("queueTicket");
		clock.advance(Duration.ofSeconds(1));
		tick();
		String holdersToken = (String) standing(event, holder, holdersTicket).get("admissionToken");
		String waitersToken = (String) standing(event, waiter, waitersTicket).get("admissionToken");
		holdWith(event, holder, holdersToken, "S-A-1", "S-B-1").expectStatus().isCreated();

		assertAdmissionRequired(problem(waitlistWith(event, waiter, null)), "missing");
		assertAdmissionRequired(problem(waitlistWith(event, waiter, holdersToken)), "other-user");
		assertAdmissionRequired(problem(waitlistWith(event, waiter, "garbage")), "invalid");
		waitlistWith(event, waiter, waitersToken).expectStatus().isCreated();
	}

	private WebTestClient.ResponseSpec waitlistWith(UUID event, String token, String admissionToken) {
		return http().post().uri("/api/v1/events/{id}/waitlist", event).headers(h -> {
			h.setBearerAuth(token);
			if (admissionToken != null) {
				h.set("X-Admission-Token", admissionToken);
			}
		}).bodyValue(Map.of("sectionCode", "S", "quantity", 1)).exchange();
	}

	@Test
	void eventsWithoutAWaitingRoomNeedNoToken() {
		UUID event = event(4);
		hold(event, buyer(), "S-A-1").expectStatus().isCreated();
	}

	private Map<String, Object> problem(WebTestClient.ResponseSpec spec) {
		return spec.expectStatus().isForbidden().expectBody(JSON).returnResult().getResponseBody();
	}

}
