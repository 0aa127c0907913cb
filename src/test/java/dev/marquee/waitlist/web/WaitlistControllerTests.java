package dev.marquee.waitlist.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.queue.QueueProblems.AdmissionRequired;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.shared.Violation;
import dev.marquee.support.Tokens;
import dev.marquee.support.WebSliceTest;
import dev.marquee.waitlist.WaitlistEntry;
import dev.marquee.waitlist.WaitlistEntry.Status;
import dev.marquee.waitlist.WaitlistEntryId;
import dev.marquee.waitlist.WaitlistManagement;
import dev.marquee.waitlist.WaitlistManagement.Joined;
import dev.marquee.waitlist.WaitlistManagement.Standing;
import dev.marquee.waitlist.WaitlistProblems.EntryNotFound;
import dev.marquee.waitlist.WaitlistProblems.NotOnSale;
import dev.marquee.waitlist.WaitlistProblems.SeatsAvailable;

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
 * The waitlist's HTTP edge on its own: ids are parsed here (a malformed one is not
 * found), the entry reads as the API shows it (an offer being made still reads WAITING),
 * and each refusal of the waitlist is its problem.
 */
@WebSliceTest(WaitlistController.class)
class WaitlistControllerTests {

	static final EventId EVENT = EventId.of(UUID.randomUUID());

	@Autowired
	WebTestClient http;

	@MockitoBean
	WaitlistManagement waitlist;

	final String buyer = "buyer-" + UUID.randomUUID();

	WebTestClient.ResponseSpec join(Object eventId, Map<String, Object> body) {
		return http.post()
			.uri("/api/v1/events/{id}/waitlist", eventId)
			.headers(h -> h.setBearerAuth(Tokens.token(buyer)))
			.bodyValue(body)
			.exchange();
	}

	WebTestClient.ResponseSpec read(Object eventId, Object entryId) {
		return http.get()
			.uri("/api/v1/events/{id}/waitlist/{entry}", eventId, entryId)
			.headers(h -> h.setBearerAuth(Tokens.token(buyer)))
			.exchange();
	}

	static WaitlistEntry entry(WaitlistEntryId id, Status status, HoldId holdId) {
		return new WaitlistEntry(id, EVENT, "buyer", "S", 2, true, status, holdId,
				holdId == null ? null : Instant.parse("2026-06-01T18:05:00Z"), Instant.parse("2026-06-01T18:00:00Z"),
				1);
	}

	@Test
	void aJoinIs201WithTheEntryWhereItStandsAndJoiningAgainIs200() {
		WaitlistEntryId id = WaitlistEntryId.of(UUID.randomUUID());
		WaitlistEntry entry = entry(id, Status.OFFERING, null);
		given(waitlist.join(EVENT, buyer, "S", 2, null, "admitted")).willReturn(Mono.just(new Joined(entry, true)));
		given(waitlist.standing(EVENT, id, buyer)).willReturn(Mono.just(new Standing(entry, 3)));
		http.post().uri("/api/v1/events/{id}/waitlist", EVENT).headers(h -> {
			h.setBearerAuth(Tokens.token(buyer));
			h.set("X-Admission-Token", "admitted");
		})
			.bodyValue(Map.of("sectionCode", "S", "quantity", 2))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/events/" + EVENT + "/waitlist/" + id)
			.expectBody()
			.jsonPath("$.entryId")
			.isEqualTo(id.toString())
			.jsonPath("$.eventId")
			.isEqualTo(EVENT.toString())
			// an offer being made is still waiting, as far as the buyer can tell
			.jsonPath("$.status")
			.isEqualTo("WAITING")
			.jsonPath("$.position")
			.isEqualTo(3)
			.jsonPath("$.holdId")
			.doesNotExist();

		given(waitlist.join(eq(EVENT), eq(buyer), any(), any(), any(), any()))
			.willReturn(Mono.just(new Joined(entry, false)));
		join(EVENT, Map.of("sectionCode", "S", "quantity", 1)).expectStatus().isOk();
	}

	@Test
	void anOfferedEntryShowsItsHoldAndNoPlaceInLine() {
		WaitlistEntryId id = WaitlistEntryId.of(UUID.randomUUID());
		HoldId hold = HoldId.of(UUID.randomUUID());
		given(waitlist.standing(EVENT, id, buyer))
			.willReturn(Mono.just(new Standing(entry(id, Status.OFFERED, hold), 0)));
		read(EVENT, id).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("OFFERED")
			.jsonPath("$.holdId")
			.isEqualTo(hold.toString())
			.jsonPath("$.offerExpiresAt")
			.isEqualTo("2026-06-01T18:05:00Z")
			.jsonPath("$.position")
			.doesNotExist();

		given(waitlist.leave(EVENT, id, buyer)).willReturn(Mono.just(new Standing(entry(id, Status.LEFT, null), 0)));
		http.delete()
			.uri("/api/v1/events/{id}/waitlist/{entry}", EVENT, id)
			.headers(h -> h.setBearerAuth(Tokens.token(buyer)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("LEFT");
	}

	@Test
	void theWaitlistsRefusalsAreItsProblems() {
		given(waitlist.join(eq(EVENT), any(), any(), any(), any(), any())).willReturn(
				Mono.error(new ValidationFailed(List.of(new Violation("quantity", "must be between 1 and 4")))));
		problem(join(EVENT, Map.of("sectionCode", "S", "quantity", 9)), 400, "validation")
			.jsonPath("$.violations[0].field")
			.isEqualTo("quantity");
		given(waitlist.join(eq(EVENT), any(), any(), any(), any(), any()))
			.willReturn(Mono.error(new SeatsAvailable("S", 2)));
		problem(join(EVENT, Map.of("sectionCode", "S", "quantity", 2)), 409, "seats-available")
			.jsonPath("$.sectionCode")
			.isEqualTo("S")
			.jsonPath("$.freeSeats")
			.isEqualTo(2);
		given(waitlist.join(eq(EVENT), any(), any(), any(), any(), any()))
			.willReturn(Mono.error(new NotOnSale("The waitlist is open while the event is on sale.")));
		problem(join(EVENT, Map.of("sectionCode", "S", "quantity", 2)), 409, "not-on-sale");
		given(waitlist.join(eq(EVENT), any(), any(), any(), any(), any()))
			.willReturn(Mono.error(new AdmissionRequired(EVENT, "missing", "Join the waiting room first.")));
		problem(join(EVENT, Map.of("sectionCode", "S", "quantity", 2)), 403, "admission-required").jsonPath("$.reason")
			.isEqualTo("missing");

		WaitlistEntryId unknown = WaitlistEntryId.of(UUID.randomUUID());
		given(waitlist.standing(EVENT, unknown, buyer)).willReturn(Mono.error(new EntryNotFound(unknown)));
		problem(read(EVENT, unknown), 404, "waitlist-entry-not-found");
	}

	@Test
	void aMalformedIdIsNotFoundWithoutAskingTheWaitlist() {
		problem(join("not-an-event", Map.of("sectionCode", "S", "quantity", 1)), 404, "event-not-found");
		problem(read("not-an-event", UUID.randomUUID()), 404, "event-not-found");
		problem(read(EVENT, "not-an-entry"), 404, "waitlist-entry-not-found");
		problem(http.delete()
			.uri("/api/v1/events/{id}/waitlist/{entry}", EVENT, "not-an-entry")
			.headers(h -> h.setBearerAuth(Tokens.token(buyer)))
			.exchange(), 404, "waitlist-entry-not-found");
		http.get()
			.uri("/api/v1/events/{id}/waitlist/{entry}", EVENT, UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		verifyNoInteractions(waitlist);
	}

}
