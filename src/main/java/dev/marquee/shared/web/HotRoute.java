package dev.marquee.shared.web;

import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * A route {@link HotRoutes} serves straight from Reactor Netty, ahead of Spring WebFlux,
 * for the plain well-formed request of a route buyers call by the thousand a second. Its
 * answers are the controller's, byte for byte; every request it does not take (another
 * media type, a chunked body, no bearer token, a token it cannot verify) goes on to
 * Spring WebFlux as before.
 *
 * @param method the request method
 * @param template the path as the controller maps it, {@code {name}} for a path variable
 * (also the {@code uri} tag of {@code http.server.requests})
 * @param caller who may call it as a plain request
 * @param body whether the route reads a JSON body
 * @param handler what answers the request
 */
public record HotRoute(HttpMethod method, String template, Caller caller, boolean body, Handler handler) {

	/** Who a route's plain requests come from. */
	public enum Caller {

		/**
		 * With a bearer token the route verifies (a request without one is Spring
		 * Security's to refuse).
		 */
		SIGNED_IN,

		/** With or without one (verified if sent, as Spring Security does). */
		ANYONE,

		/**
		 * Without one: what a token would change (the actuator shows an ADMIN details)
		 * stays Spring's.
		 */
		ANONYMOUS

	}

	/** Whether a verified bearer token is required. */
	boolean authenticated() {
		return caller == Caller.SIGNED_IN;
	}

	/** Answers a request the route took. */
	@FunctionalInterface
	public interface Handler {

		Mono<HotAnswer> handle(HotRequest request);

	}

	/** The raw request URI this route takes: its path exactly, no query string. */
	RoutePath path() {
		return RoutePath.of(template);
	}

}
