package dev.marquee.catalog.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventNotFound;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.shared.Violation;
import dev.marquee.support.Tokens;
import dev.marquee.support.WebSliceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The catalog's HTTP edge on its own: bad input becomes a 400 problem listing every violation,
 * an unknown event a 404 problem, and catalog writes need an admin's token.
 */
@WebSliceTest(CatalogController.class)
class CatalogControllerTests {

	@Autowired
	WebTestClient http;

	@MockitoBean
	CatalogManagement catalog;

	@Test
	void aBodyOfTheWrongTypeIsA400ProblemNamingTheField() {
		http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(Tokens.admin()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": 42, \"city\": \"Porto\", \"sections\": []}")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://marquee.dev/problems/validation")
			.jsonPath("$.violations[0].field").isEqualTo("name")
			.jsonPath("$.violations[0].message").isEqualTo("must be of type string")
			.jsonPath("$.requestId").exists();
		verifyNoInteractions(catalog);
	}

	@Test
	void aVenueTheCatalogRefusesIsA400ProblemListingEveryViolation() {
		given(catalog.createVenue(any())).willReturn(Mono.error(new ValidationFailed(List
			.of(new Violation("name", "must be 1-200 characters"), new Violation("sections", "must list at least one section")))));
		http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(Tokens.admin()))
			.bodyValue(Map.of("name", "", "city", "Porto", "sections", List.of()))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://marquee.dev/problems/validation")
			.jsonPath("$.detail").isEqualTo("2 fields are invalid")
			.jsonPath("$.violations[*].field").isEqualTo(List.of("name", "sections"));
	}

	@Test
	void anUnknownEventIsA404Problem() {
		UUID unknown = UUID.randomUUID();
		given(catalog.setup(EventId.of(unknown))).willReturn(Mono.error(new EventNotFound(EventId.of(unknown))));
		http.get()
			.uri("/api/v1/events/{id}", unknown)
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://marquee.dev/problems/event-not-found")
			.jsonPath("$.eventId").isEqualTo(unknown.toString());
	}

	@Test
	void creatingAVenueNeedsAnAdmin() {
		http.post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(Tokens.buyer()))
			.bodyValue(Map.of("name", "Hall", "city", "Porto", "sections", List.of()))
			.exchange()
			.expectStatus().isForbidden()
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://marquee.dev/problems/forbidden");
		http.post()
			.uri("/api/v1/venues")
			.bodyValue(Map.of("name", "Hall", "city", "Porto", "sections", List.of()))
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate", "Bearer");
		verifyNoInteractions(catalog);
	}

}
