package dev.marquee.hold.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.hold.SeatSnapshot;
import dev.marquee.shared.web.HotAnswer;
import dev.marquee.shared.web.HotRoute;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The hold routes a flash crowd calls most, served ahead of Spring WebFlux
 * ({@link HotRoute}) with the controllers' own code and answers.
 */
@Configuration(proxyBeanMethods = false)
class HoldHotRoutes {

	@Bean
	HotRoute holdSeats(HoldController holds) {
		return new HotRoute(HttpMethod.POST, "/api/v1/events/{eventId}/holds", true, true,
				request -> holds
					.place(request.variable("eventId"), request.body(HoldController.HoldRequest.class),
							request.header("X-Admission-Token"), request.user().getSubject(), request.remoteAddress())
					.map(HoldHotRoutes::created));
	}

	@Bean
	HotRoute holdBestAvailable(HoldController holds) {
		return new HotRoute(HttpMethod.POST, "/api/v1/events/{eventId}/holds/best-available", true, true,
				request -> holds
					.best(request.variable("eventId"), request.body(HoldController.BestRequest.class),
							request.header("X-Admission-Token"), request.user().getSubject(), request.remoteAddress())
					.map(HoldHotRoutes::created));
	}

	/**
	 * The availability map, its JSON written once per snapshot: everyone asking at the
	 * same seq shares one snapshot ({@code SeatSnapshots.sharedSnapshot}), and a
	 * stadium's is 100 KB of glyphs.
	 */
	@Bean
	HotRoute availability(SeatMapController maps, JsonMapper json) {
		Cache<EventId, Encoded> encoded = Caffeine.newBuilder().maximumSize(1_000).build();
		return new HotRoute(HttpMethod.GET, "/api/v1/events/{eventId}/availability", false, false,
				request -> maps.snapshot(request.variable("eventId")).map(snapshot -> {
					Encoded known = encoded.getIfPresent(snapshot.eventId());
					if (known == null || known.snapshot() != snapshot) {
						known = new Encoded(snapshot,
								json.writeValueAsBytes(SeatMapController.AvailabilityView.of(snapshot)));
						encoded.put(snapshot.eventId(), known);
					}
					return HotAnswer.encoded(HttpStatus.OK, known.json())
						.header("Cache-Control", "no-store")
						.header(SeatMapController.SEQ_HEADER, String.valueOf(snapshot.seq()));
				}));
	}

	/** A hold placed, as the controller answers it. */
	private static HotAnswer created(Hold hold) {
		return HotAnswer.of(HttpStatus.CREATED, HoldController.HoldView.of(hold))
			.header("Location", HoldController.location(hold));
	}

	/** A snapshot and its availability JSON. */
	private record Encoded(SeatSnapshot snapshot, byte[] json) {
	}

}
