package dev.marquee.shared.web;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The observation context of a request a hot route answers, a received request as Spring
 * WebFlux's is, carrying the Reactor Netty request; tagged as Spring WebFlux tags
 * {@code http.server.requests} (and {@code .active}, from its start).
 */
final class HotRouteObservation extends RequestReplyReceiverContext<HttpServerRequest, HttpServerResponse> {

	private volatile boolean stopped;

	HotRouteObservation(HttpServerRequest request, String method) {
		super((carrier, key) -> carrier.requestHeaders().get(key));
		setCarrier(request);
		addLowCardinalityKeyValues(KeyValues.of("exception", "none", "method", method, "outcome", "SUCCESS", "status",
				"200", "uri", "UNKNOWN"));
	}

	void stop(Observation observation, int status, String template) {
		if (!stopped) {
			stopped = true;
			addLowCardinalityKeyValues(
					KeyValues.of("outcome", outcome(status), "status", String.valueOf(status), "uri", template));
			observation.stop();
		}
	}

	/** The client went away before the answer. */
	void abort(Observation observation, String template) {
		if (!stopped) {
			stopped = true;
			addLowCardinalityKeyValues(KeyValues.of("outcome", "UNKNOWN", "status", "UNKNOWN", "uri", template));
			observation.stop();
		}
	}

	private static String outcome(int status) {
		return switch (status / 100) {
			case 1 -> "INFORMATIONAL";
			case 2 -> "SUCCESS";
			case 3 -> "REDIRECTION";
			case 4 -> "CLIENT_ERROR";
			default -> "SERVER_ERROR";
		};
	}

}
