package dev.marquee.catalog.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventNotFound;
import dev.marquee.catalog.Venues;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.shared.Violation;
import dev.marquee.support.Tokens;
import dev.marquee.support.WebSliceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.support.SmallArena.EVENT;
import static dev.marquee.support.SmallArena.SETUP;
import static dev.marquee.support.SmallArena.VENUE;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The catalog's HTTP edge on its own: venues, events and the static seat map as the API
 * shows them; bad input becomes a 400 problem listing every violation, an unknown (or
 * malformed) id a 404 problem, and catalog writes need an admin's token.
 */
@WebSliceTest(CatalogController.class)
class CatalogControllerTests {

	@Autowired
	WebTestClient http;

	@MockitoBean
	CatalogManagement catalog;

	@MockitoBean
	Venues venues;

	@Test
	void aCreatedVenueAnswersItsAddressAndItsSeatIdsInLayoutOrder() {
		given(venues.createVenue(any())).willReturn(Mono.just(VENUE));
		http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(Tokens.admin()))
			.bodyValue(Map.of("name", "Arena", "city", "Lyon", "sections", List.of()))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Location", "/api/v1/venues/" + VENUE.id())
			.expectBody()
			.jsonPath("$.venueId")
			.isEqualTo(VENUE.id().toString())
			.jsonPath("$.seatCount")
			.isEqualTo(6)
			.jsonPath("$.sections[0].code")
			.isEqualTo("FLOOR")
			.jsonPath("$.sections[0].rows[0].seatIds")
			.isEqualTo(List.of("FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3"))
			.jsonPath("$.sections[1].rows[*].label")
			.isEqualTo(List.of("1", "2"))
			.jsonPath("$.sections[1].rows[1].seatIds")
			.isEqualTo(List.of("UP-2-1"));
	}

	@Test
	void aVenueIdThatIsNoUuidIsAnUnknownVenue() {
		http.get()
			.uri("/api/v1/venues/{id}", "no-such-venue")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/venue-not-found");
		verifyNoInteractions(catalog, venues);
	}

	@Test
	void anEventIsAnsweredWithItsVenuePricesQueueAndRefundWindow() {
		given(catalog.setup(EVENT.id())).willReturn(Mono.just(SETUP));
		http.get()
			.uri("/api/v1/events/{id}", EVENT.id().value())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.eventId")
			.isEqualTo(EVENT.id().toString())
			.jsonPath("$.venueName")
			.isEqualTo("Arena")
			.jsonPath("$.seatCount")
			.isEqualTo(6)
			.jsonPath("$.prices.gold.amountMinor")
			.isEqualTo(9000)
			.jsonPath("$.prices.gold.currency")
			.isEqualTo("EUR")
			.jsonPath("$.queue.enabled")
			.isEqualTo(false)
			.jsonPath("$.queue.admitPerMinute")
			.doesNotExist()
			.jsonPath("$.blockedSeatIds")
			.isEqualTo(List.of("UP-2-1"))
			.jsonPath("$.refundCutoffHours")
			.isEqualTo(48)
			.jsonPath("$.refundUntil")
			.isEqualTo("2026-12-22T20:00:00Z");
	}

	@Test
	void theEventsAreListedWithTheirVenues() {
		given(catalog.events()).willReturn(Flux.just(EVENT));
		given(catalog.setup(EVENT.id())).willReturn(Mono.just(SETUP));
		http.get()
			.uri("/api/v1/events")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].eventId")
			.isEqualTo(EVENT.id().toString())
			.jsonPath("$[0].venueName")
			.isEqualTo("Arena");
	}

	@Test
	void aMalformedEventIdIsA404ProblemWithoutAskingTheCatalog() {
		http.get()
			.uri("/api/v1/events/{id}", "not-an-event")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/event-not-found")
			.jsonPath("$.eventId")
			.isEqualTo("not-an-event");
		verifyNoInteractions(catalog);
	}

	@Test
	void aBodyOfTheWrongTypeIsA400ProblemNamingTheField() {
		http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(Tokens.admin()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": 42, \"city\": \"Porto\", \"sections\": []}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/validation")
			.jsonPath("$.violations[0].field")
			.isEqualTo("name")
			.jsonPath("$.violations[0].message")
			.isEqualTo("must be of type string")
			.jsonPath("$.requestId")
			.exists();
		verifyNoInteractions(catalog, venues);
	}

	@Test
	void aVenueTheCatalogRefusesIsA400ProblemListingEveryViolation() {
		given(venues.createVenue(any()))
			.willReturn(Mono.error(new ValidationFailed(List.of(new Violation("name", "must be 1-200 characters"),
					new Violation("sections", "must list at least one section")))));
		http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(Tokens.admin()))
			.bodyValue(Map.of("name", "", "city", "Porto", "sections", List.of()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/validation")
			.jsonPath("$.detail")
			.isEqualTo("2 fields are invalid")
			.jsonPath("$.violations[*].field")
			.isEqualTo(List.of("name", "sections"));
	}

	@Test
	void anUnknownEventIsA404Problem() {
		UUID unknown = UUID.randomUUID();
		given(catalog.setup(EventId.of(unknown))).willReturn(Mono.error(new EventNotFound(EventId.of(unknown))));
		http.get()
			.uri("/api/v1/events/{id}", unknown)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/event-not-found")
			.jsonPath("$.eventId")
			.isEqualTo(unknown.toString());
	}

	@Test
	void creatingAVenueNeedsAnAdmin() {
		http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(Tokens.buyer()))
			.bodyValue(Map.of("name", "Hall", "city", "Porto", "sections", List.of()))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/forbidden");
		http.post()
			.uri("/api/v1/venues")
			.bodyValue(Map.of("name", "Hall", "city", "Porto", "sections", List.of()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer");
		verifyNoInteractions(catalog, venues);
	}

}
