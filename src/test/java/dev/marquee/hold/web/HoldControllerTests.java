package dev.marquee.hold.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.HoldProblems.AlreadyPurchased;
import dev.marquee.hold.HoldProblems.HoldExpired;
import dev.marquee.hold.HoldProblems.PurchaseInProgress;
import dev.marquee.hold.HoldProblems.TicketLimit;
import dev.marquee.hold.SeatUnavailable;
import dev.marquee.shared.Money;
import dev.marquee.shared.RateLimited;
import dev.marquee.shared.web.RateLimits;
import dev.marquee.support.Tokens;
import dev.marquee.support.WebSliceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import static dev.marquee.support.ProblemResponses.problem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The holds' HTTP edge on its own: ids are parsed once (a malformed one is not found, and
 * the service is never asked), and every failure of a hold becomes its problem with the
 * status and the fields the contract names.
 */
@WebSliceTest(HoldController.class)
class HoldControllerTests {

	private static final String BUYER = "buyer-slice";

	@Autowired
	WebTestClient http;

	@MockitoBean
	HoldManagement holds;

	@MockitoBean
	RateLimits limits;

	private final EventId event = EventId.of(UUID.randomUUID());

	private final HoldId holdId = HoldId.of(UUID.randomUUID());

	@BeforeEach
	void noLimits() {
		given(limits.check(any(), anyString(), any())).willReturn(Mono.empty());
	}

	private WebTestClient.ResponseSpec hold(Object eventId, Map<String, Object> body) {
		return http.post()
			.uri("/api/v1/events/{id}/holds", eventId)
			.headers(h -> h.setBearerAuth(Tokens.token(BUYER)))
			.bodyValue(body)
			.exchange();
	}

	@Test
	void aPlacedHoldIsCreatedAtItsOwnAddress() {
		Instant at = Instant.parse("2026-12-01T20:00:00Z");
		given(holds.hold(event, BUYER, List.of("S-A-1"), null)).willReturn(Mono.just(new Hold(holdId, event, BUYER,
				List.of("S-A-1"), at.plusSeconds(600), new Money(5000, "EUR"), Hold.Status.ACTIVE, at, null)));
		hold(event, Map.of("seatIds", List.of("S-A-1"))).expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/holds/" + holdId)
			.expectBody()
			.jsonPath("$.holdId")
			.isEqualTo(holdId.toString())
			.jsonPath("$.eventId")
			.isEqualTo(event.toString())
			.jsonPath("$.status")
			.isEqualTo("ACTIVE")
			.jsonPath("$.total.amountMinor")
			.isEqualTo(5000);
	}

	@Test
	void takenSeatsAreA409ProblemNamingThem() {
		given(holds.hold(eq(event), eq(BUYER), any(), isNull()))
			.willReturn(Mono.error(new SeatUnavailable(List.of("S-A-2"))));
		problem(hold(event, Map.of("seatIds", List.of("S-A-1", "S-A-2"))), HttpStatus.CONFLICT, "seat-unavailable")
			.jsonPath("$.unavailableSeatIds")
			.isEqualTo(List.of("S-A-2"));
	}

	@Test
	void overTheTicketLimitIsA409ProblemWithTheCounts() {
		given(holds.hold(eq(event), eq(BUYER), any(), isNull())).willReturn(Mono.error(new TicketLimit(4, 3, 2)));
		problem(hold(event, Map.of("seatIds", List.of("S-A-1", "S-A-2"))), HttpStatus.CONFLICT, "ticket-limit")
			.jsonPath("$.limit")
			.isEqualTo(4)
			.jsonPath("$.current")
			.isEqualTo(3)
			.jsonPath("$.requested")
			.isEqualTo(2);
	}

	@Test
	void aQuantityOfAnAreaIsHeldAsSuch() {
		given(holds.holdArea(event, BUYER, "FLOOR", 2, null)).willReturn(Mono.error(new SeatUnavailable(List.of())));
		problem(hold(event, Map.of("areaCode", "FLOOR", "quantity", 2)), HttpStatus.CONFLICT, "seat-unavailable");
	}

	@Test
	void aMalformedEventIdIsNotFoundWithoutAskingTheService() {
		problem(hold("not-a-uuid", Map.of("seatIds", List.of("S-A-1"))), HttpStatus.NOT_FOUND, "event-not-found");
		verifyNoInteractions(holds);
	}

	@Test
	void aMalformedHoldIdIsNotFoundWithoutAskingTheService() {
		problem(http.get()
			.uri("/api/v1/holds/{id}", "nope")
			.headers(h -> h.setBearerAuth(Tokens.token(BUYER)))
			.exchange(), HttpStatus.NOT_FOUND, "hold-not-found");
		problem(http.delete()
			.uri("/api/v1/holds/{id}", "nope")
			.headers(h -> h.setBearerAuth(Tokens.token(BUYER)))
			.exchange(), HttpStatus.NOT_FOUND, "hold-not-found");
		verifyNoInteractions(holds);
	}

	@Test
	void releasingAHoldThatCannotBeReleasedSaysWhy() {
		given(holds.release(holdId, BUYER)).willReturn(Mono.error(new AlreadyPurchased(holdId, null)),
				Mono.error(new PurchaseInProgress(holdId)), Mono.error(new HoldExpired(holdId, "expired")),
				Mono.empty());
		problem(release(), HttpStatus.CONFLICT, "hold-already-purchased").jsonPath("$.holdId")
			.isEqualTo(holdId.toString());
		problem(release(), HttpStatus.CONFLICT, "purchase-in-progress");
		problem(release(), HttpStatus.GONE, "hold-expired");
		release().expectStatus().isNoContent();
	}

	private WebTestClient.ResponseSpec release() {
		return http.delete()
			.uri("/api/v1/holds/{id}", holdId)
			.headers(h -> h.setBearerAuth(Tokens.token(BUYER)))
			.exchange();
	}

	@Test
	void tooManyHoldsAreA429ProblemBeforeTheService() {
		given(limits.check(any(), anyString(), any())).willReturn(Mono.error(new RateLimited("hold", "user", 30, 7)));
		problem(hold(event, Map.of("seatIds", List.of("S-A-1"))), HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
		verifyNoInteractions(holds);
	}

	@Test
	void withoutATokenNothingIsHeld() {
		http.post()
			.uri("/api/v1/events/{id}/holds", event)
			.bodyValue(Map.of("seatIds", List.of("S-A-1")))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		verifyNoInteractions(holds);
	}

}
