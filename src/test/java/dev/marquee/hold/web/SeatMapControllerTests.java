package dev.marquee.hold.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.hold.SeatPricing;
import dev.marquee.hold.SeatSales;
import dev.marquee.hold.SeatSnapshots;
import dev.marquee.support.WebSliceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import static dev.marquee.support.SmallArena.EVENT;
import static dev.marquee.support.SmallArena.SETUP;
import static dev.marquee.support.SmallArena.VENUE;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The seat-status endpoints' HTTP edge on its own: the static seat map drawn from the
 * venue's layout and cached by ETag, and a malformed event id answered 404 before
 * anything is asked.
 */
@WebSliceTest(SeatMapController.class)
class SeatMapControllerTests {

	@Autowired
	WebTestClient http;

	@MockitoBean
	CatalogManagement catalog;

	@MockitoBean
	SeatSnapshots snapshots;

	@MockitoBean
	SeatPricing pricing;

	@MockitoBean
	SeatSales sales;

	@Test
	void aMalformedEventIdIsA404ProblemWithoutAskingTheCatalog() {
		http.get()
			.uri("/api/v1/events/{id}/seatmap", "not-an-event")
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
		verifyNoInteractions(catalog, snapshots);
	}

	@Test
	void theSeatmapDrawsRowsCenteredWithAnAisleBetweenSectionsAndIsCacheable() {
		given(catalog.setup(EVENT.id())).willReturn(Mono.just(SETUP));
		String etag = "\"" + EVENT.id() + "-" + VENUE.id() + "\"";
		http.get()
			.uri("/api/v1/events/{id}/seatmap", EVENT.id().value())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", etag)
			.expectHeader()
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.expectBody()
			.jsonPath("$.width")
			.isEqualTo(3)
			.jsonPath("$.height")
			.isEqualTo(4)
			.jsonPath("$.sections[0].price.amountMinor")
			.isEqualTo(9000)
			.jsonPath("$.sections[0].rows[0].y")
			.isEqualTo(0)
			.jsonPath("$.sections[1].rows[0].y")
			.isEqualTo(2)
			.jsonPath("$.sections[1].rows[1].x")
			.isEqualTo(1)
			.jsonPath("$.sections[1].rows[1].y")
			.isEqualTo(3);
		http.get()
			.uri("/api/v1/events/{id}/seatmap", EVENT.id().value())
			.header("If-None-Match", etag)
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals("ETag", etag);
	}

}
