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
		return new HotRoute(HttpMethod.POST, "/api/v1/events/{eventId}/holds", HotRoute.Caller.SIGNED_IN, true,
				request -> holds
					.place(request.variable("eventId"), request.body(HoldController.HoldRequest.class),
							request.header("X-Admission-Token"), request.user().getSubject(), request.remoteAddress())
					.map(HoldHotRoutes::created));
	}

	@Bean
	HotRoute holdBestAvailable(HoldController holds) {
		return new HotRoute(HttpMethod.POST, "/api/v1/events/{eventId}/holds/best-available", HotRoute.Caller.SIGNED_IN,
				true,
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
		return new HotRoute(HttpMethod.GET, "/api/v1/events/{eventId}/availability", HotRoute.Caller.ANYONE, false,
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

	/**
	 * The static layout, its JSON and that JSON gzipped made once per event (a drawn
	 * 100,000-seat stadium is 1.4 MB of JSON, 15 ms to write, and gzips about ninefold):
	 * every buyer then costs a copy. The same answer as {@link SeatMapController#seatmap}
	 * (its ETag and Cache-Control, 304 on a matching If-None-Match), gzipped for a client
	 * that accepts it.
	 */
	@Bean
	HotRoute seatmap(SeatMapController maps, JsonMapper json) {
		Cache<EventId, SeatMapBytes> encoded = Caffeine.newBuilder()
			.maximumWeight(SEATMAP_CACHE_BYTES)
			.<EventId, SeatMapBytes>weigher((event, bytes) -> bytes.json().length + bytes.gzip().length)
			.build();
		return new HotRoute(HttpMethod.GET, "/api/v1/events/{eventId}/seatmap", HotRoute.Caller.ANYONE, false,
				request -> maps.setup(request.variable("eventId")).map(setup -> {
					String etag = SeatMapController.etag(setup);
					String cacheControl = SeatMapController.CACHE_CONTROL.getHeaderValue();
					if (SeatMapBytes.matches(request.header("If-None-Match"), etag)) {
						return HotAnswer.encoded(HttpStatus.NOT_MODIFIED, new byte[0])
							.header("ETag", etag)
							.header("Cache-Control", cacheControl);
					}
					SeatMapBytes bytes = encoded.get(setup.event().id(),
							event -> SeatMapBytes.of(json.writeValueAsBytes(SeatMapController.SeatMapView.of(setup))));
					boolean gzip = SeatMapBytes.acceptsGzip(request.header("Accept-Encoding"));
					HotAnswer answer = HotAnswer.encoded(HttpStatus.OK, gzip ? bytes.gzip() : bytes.json())
						.header("ETag", etag)
						.header("Cache-Control", cacheControl)
						.header("Vary", "Accept-Encoding");
					return gzip ? answer.header("Content-Encoding", "gzip") : answer;
				}));
	}

	/**
	 * At most this many bytes of encoded seat maps are kept (a stadium's is about 1.5
	 * MB).
	 */
	static final long SEATMAP_CACHE_BYTES = 64L * 1024 * 1024;

}
