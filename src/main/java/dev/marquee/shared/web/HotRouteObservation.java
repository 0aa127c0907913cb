package dev.marquee.shared.web;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.core.publisher.Mono;

import dev.marquee.shared.InObservation;

/**
 * The observation of a hot route's request that came with trace context: a received
 * request as Spring WebFlux's is, carrying the Reactor Netty request, so that the tracing
 * handler continues the caller's trace; tagged as Spring WebFlux tags
 * {@code http.server.requests} (and {@code .active}, from its start).
 */
final class HotRouteObservation extends RequestReplyReceiverContext<HttpServerRequest, HttpServerResponse>
		implements HotRouteMeasures.Measure {

	private final String method;

	private final String template;

	private Observation observation = Observation.NOOP;

	private volatile boolean stopped;

	private HotRouteObservation(HttpServerRequest request, String method, String template) {
		super((carrier, key) -> carrier.requestHeaders().get(key));
		this.method = method;
		this.template = template;
		setCarrier(request);
		addLowCardinalityKeyValues(startValues(method));
	}

	static HotRouteObservation start(HttpServerRequest request, String method, String template,
			ObservationRegistry registry) {
		HotRouteObservation exchange = new HotRouteObservation(request, method, template);
		exchange.observation = Observation.createNotStarted(HotRouteMeasures.NAME, () -> exchange, registry).start();
		return exchange;
	}

	/** The key values at the start, before the answer is known. */
	static KeyValues startValues(String method) {
		return KeyValues.of("exception", "none", "method", method, "outcome", "SUCCESS", "status", "200", "uri",
				"UNKNOWN");
	}

	/**
	 * The key values at the end: an answer's status, or {@link HotRouteMeasures#ABORTED}.
	 */
	static KeyValues stopValues(String method, int status, String template) {
		boolean aborted = status == HotRouteMeasures.ABORTED;
		return startValues(method).and("outcome", aborted ? "UNKNOWN" : outcome(status), "status",
				aborted ? "UNKNOWN" : String.valueOf(status), "uri", template);
	}

	/**
	 * Publishing steps run in it (InObservation): the trace goes on. Under our own key,
	 * which no accessor restores; around the handler only, so that the body is read under
	 * an empty context (Reactor's handle operators restore for any non-empty one).
	 */
	@Override
	public <T> Mono<T> around(Mono<T> handling) {
		return handling.contextWrite(context -> context.put(InObservation.KEY, this.observation));
	}

	@Override
	public void end(int status) {
		if (!this.stopped) {
			this.stopped = true;
			addLowCardinalityKeyValues(stopValues(this.method, status, this.template));
			this.observation.stop();
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
