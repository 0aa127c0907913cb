package dev.marquee.queue.web;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventNotFound;
import dev.marquee.queue.QueueManagement.Joined;
import dev.marquee.queue.QueueManagement;
import dev.marquee.queue.QueueProblems.QueueNotEnabled;
import dev.marquee.queue.QueueProblems.QueueTicketNotFound;
import dev.marquee.queue.QueueProblems.SalesClosed;
import dev.marquee.queue.QueueReminders;
import dev.marquee.queue.QueueTicket;
import dev.marquee.queue.QueueTicketId;
import dev.marquee.queue.Standing;
import dev.marquee.shared.RateLimited;
import dev.marquee.shared.web.RateLimits;
import dev.marquee.support.Tokens;
import dev.marquee.support.WebSliceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import static dev.marquee.support.ProblemResponses.problem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The waiting room's HTTP edge on its own: ids are parsed here (a malformed one is not
 * found), a join answers 201 with its ticket or 200 with the one the buyer had, and each
 * refusal of the waiting room is its problem.
 */
@WebSliceTest(QueueController.class)
class QueueControllerTests {

	@MockitoBean
	QueueReminders reminders;

	static final EventId EVENT = EventId.of(UUID.randomUUID());

	@Autowired
	WebTestClient http;

	@MockitoBean
	QueueManagement queue;

	@MockitoBean
	RateLimits limits;

	final String buyer = "buyer-" + UUID.randomUUID();

	WebTestClient.ResponseSpec join(Object eventId) {
		given(limits.check(any(), any(), any())).willReturn(Mono.empty());
		return http.post()
			.uri("/api/v1/events/{id}/queue", eventId)
			.headers(h -> h.setBearerAuth(Tokens.token(buyer)))
			.exchange();
	}

	WebTestClient.ResponseSpec standing(Object eventId, Object ticket) {
		return http.get()
			.uri("/api/v1/events/{id}/queue/{ticket}", eventId, ticket)
			.headers(h -> h.setBearerAuth(Tokens.token(buyer)))
			.exchange();
	}

	static Standing waiting(QueueTicketId ticketId, long position) {
		QueueTicket ticket = new QueueTicket(ticketId, EVENT, "buyer", false, position,
				Instant.parse("2026-06-01T18:00:00Z"));
		return new Standing(ticket, Standing.Status.WAITING, position, 0, position, null, null, null);
	}

	@Test
	void aJoinIs201WithTheTicketAndItsLocationAndJoiningAgainIs200() {
		QueueTicketId ticket = QueueTicketId.of(UUID.randomUUID());
		given(queue.join(eq(EVENT), eq(buyer), any())).willReturn(Mono.just(new Joined(waiting(ticket, 3), true)));
		join(EVENT).expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/events/" + EVENT + "/queue/" + ticket)
			.expectBody()
			.jsonPath("$.queueTicket")
			.isEqualTo(ticket.toString())
			.jsonPath("$.eventId")
			.isEqualTo(EVENT.toString())
			.jsonPath("$.status")
			.isEqualTo("WAITING")
			.jsonPath("$.position")
			.isEqualTo(3)
			.jsonPath("$.admissionToken")
			.doesNotExist();

		given(queue.join(eq(EVENT), eq(buyer), any())).willReturn(Mono.just(new Joined(waiting(ticket, 3), false)));
		join(EVENT).expectStatus().isOk().expectBody().jsonPath("$.queueTicket").isEqualTo(ticket.toString());
	}

	@Test
	void theWaitingRoomsRefusalsAreItsProblems() {
		given(queue.join(eq(EVENT), any(), any())).willReturn(Mono.error(new QueueNotEnabled(EVENT)));
		problem(join(EVENT), 409, "queue-not-enabled");
		given(queue.join(eq(EVENT), any(), any())).willReturn(Mono.error(new SalesClosed(EVENT, Instant.now())));
		problem(join(EVENT), 409, "not-on-sale");
		given(queue.join(eq(EVENT), any(), any())).willReturn(Mono.error(new EventNotFound(EVENT)));
		problem(join(EVENT), 404, "event-not-found");

		QueueTicketId unknown = QueueTicketId.of(UUID.randomUUID());
		given(queue.standing(EVENT, unknown, buyer)).willReturn(Mono.error(new QueueTicketNotFound(unknown)));
		problem(standing(EVENT, unknown), 404, "queue-ticket-not-found");
	}

	@Test
	void aMalformedIdIsNotFoundWithoutAskingTheWaitingRoom() {
		problem(join("not-an-event"), 404, "event-not-found");
		problem(standing("not-an-event", UUID.randomUUID()), 404, "event-not-found");
		problem(standing(EVENT, "not-a-ticket"), 404, "queue-ticket-not-found");
		problem(standing(EVENT, "' or 1=1"), 404, "queue-ticket-not-found");
		verifyNoInteractions(queue);
	}

	@Test
	void joiningTooOftenIsRateLimitedAndJoiningNeedsAToken() {
		given(limits.check(eq(RateLimits.Action.JOIN), eq(buyer), any()))
			.willReturn(Mono.error(new RateLimited("join", "user", 10, 6)));
		http.post()
			.uri("/api/v1/events/{id}/queue", EVENT)
			.headers(h -> h.setBearerAuth(Tokens.token(buyer)))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("Retry-After", "6");
		http.post().uri("/api/v1/events/{id}/queue", EVENT).exchange().expectStatus().isUnauthorized();
		verifyNoInteractions(queue);
	}

}
