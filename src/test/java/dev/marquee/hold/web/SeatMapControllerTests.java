package dev.marquee.hold.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.Venue;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.catalog.VenueLayout.Row;
import dev.marquee.catalog.VenueLayout.Section;
import dev.marquee.hold.SeatSnapshots;
import dev.marquee.support.WebSliceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The seat-status endpoints' HTTP edge on its own: the static seat map drawn from the venue's
 * layout and cached by ETag, and a malformed event id answered 404 before anything is asked.
 */
@WebSliceTest(SeatMapController.class)
class SeatMapControllerTests {

	@Autowired
	WebTestClient http;

	@MockitoBean
	CatalogManagement catalog;

	@MockitoBean
	SeatSnapshots snapshots;

	static final Instant STARTS_AT = Instant.parse("2026-12-24T20:00:00Z");

	static final Venue VENUE = new Venue(UUID.randomUUID(), "Arena", "Lyon", new VenueLayout(List.of(
			new Section("FLOOR", "Floor", "gold", List.of(new Row("A", 3)), null),
			new Section("UP", "Upper", "silver", List.of(new Row("1", 2), new Row("2", 1)), null))), STARTS_AT);

	static final Event EVENT = new Event(EventId.of(UUID.randomUUID()), VENUE.id(), "Final", STARTS_AT,
			STARTS_AT.minus(Duration.ofDays(30)), 600, 8, "EUR", Map.of("gold", 9000L, "silver", 4500L),
			Set.of("UP-2-1"), false, null, 48, STARTS_AT.minus(Duration.ofDays(31)));

	static final EventSetup SETUP = new EventSetup(EVENT, VENUE);

	@Test
	void aMalformedEventIdIsA404ProblemWithoutAskingTheCatalog() {
		http.get()
			.uri("/api/v1/events/{id}/seatmap", "not-an-event")
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://marquee.dev/problems/event-not-found")
			.jsonPath("$.eventId").isEqualTo("not-an-event");
		verifyNoInteractions(catalog, snapshots);
	}

	@Test
	void theSeatmapDrawsRowsCenteredWithAnAisleBetweenSectionsAndIsCacheable() {
		given(catalog.setup(EVENT.id())).willReturn(Mono.just(SETUP));
		String etag = "\"" + EVENT.id() + "-" + VENUE.id() + "\"";
		http.get()
			.uri("/api/v1/events/{id}/seatmap", EVENT.id().value())
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("ETag", etag)
			.expectHeader().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.expectBody()
			.jsonPath("$.width").isEqualTo(3)
			.jsonPath("$.height").isEqualTo(4)
			.jsonPath("$.sections[0].price.amountMinor").isEqualTo(9000)
			.jsonPath("$.sections[0].rows[0].y").isEqualTo(0)
			.jsonPath("$.sections[1].rows[0].y").isEqualTo(2)
			.jsonPath("$.sections[1].rows[1].x").isEqualTo(1)
			.jsonPath("$.sections[1].rows[1].y").isEqualTo(3);
		http.get()
			.uri("/api/v1/events/{id}/seatmap", EVENT.id().value())
			.header("If-None-Match", etag)
			.exchange()
			.expectStatus().isNotModified()
			.expectHeader().valueEquals("ETag", etag);
	}

}
