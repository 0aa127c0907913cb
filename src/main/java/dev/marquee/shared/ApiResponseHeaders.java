package dev.marquee.shared;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers every answer of the API carries that its handler did not write (the
 * security module's: caching, content sniffing, framing, the content security policy),
 * for the answers the hot routes ({@code shared.web.HotRoutes}) write without Spring
 * Security's filter chain.
 */
public interface ApiResponseHeaders {

	/** Adds them, as Spring Security's header writers would, to an answer's headers. */
	void addTo(HttpHeaders headers);

}
