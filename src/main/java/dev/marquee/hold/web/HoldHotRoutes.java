package dev.marquee.hold.web;

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
					.map(hold -> HotAnswer.of(HttpStatus.CREATED, HoldController.HoldView.of(hold))
						.header("Location", HoldController.location(hold))));
	}

	@Bean
	HotRoute availability(SeatMapController maps) {
		return new HotRoute(HttpMethod.GET, "/api/v1/events/{eventId}/availability", false, false,
				request -> maps.snapshot(request.variable("eventId"))
					.map(snapshot -> HotAnswer.of(HttpStatus.OK, SeatMapController.AvailabilityView.of(snapshot))
						.header("Cache-Control", "no-store")
						.header(SeatMapController.SEQ_HEADER, String.valueOf(snapshot.seq()))));
	}

}
