package dev.marquee.hold.web;

import dev.marquee.catalog.CreateVenue;
import dev.marquee.catalog.Venues;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A venue's plan before it is saved: the chart designer sends its draft as it changes and
 * draws what comes back, or lists every rule the draft breaks. It is the seat map an
 * event on the venue would have, without prices; nothing is stored.
 */
@RestController
class VenuePreviewController {

	private final Venues venues;

	VenuePreviewController(Venues venues) {
		this.venues = venues;
	}

	@PostMapping(path = "/api/v1/venues/preview", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<SeatMapController.SeatMapView> preview(@RequestBody CreateVenue command) {
		return venues.checkVenue(command)
			.map(layout -> SeatMapController.SeatMapView.of(null, null, layout, tier -> null));
	}

}
