package dev.marquee.shared.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Which requests a {@link HotRoute} takes: only the plain case, everything else is Spring
 * WebFlux's to answer as it always has ({@link HotRoutes}).
 */
final class PlainRequests {

	private PlainRequests() {
	}

	/**
	 * Whether a request on a route's path is its plain case: plain HTTP, no chunked or
	 * expected body, a JSON body of a known length within {@code maxBody} where the route
	 * reads one, an {@code Accept} JSON satisfies, a bearer token or none (none only on a
	 * public route, always on an anonymous one; its form is checked by {@link #bearer},
	 * once), from the server's own origin (or none), and header names and values the
	 * firewall accepts.
	 */
	static boolean plain(HotRoute route, HttpServerRequest request, long maxBody) {
		if (!"http".equals(request.scheme())) {
			return false;
		}
		HttpHeaders headers = request.requestHeaders();
		if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || headers.contains(HttpHeaderNames.EXPECT)
				|| headers.contains(HttpHeaderNames.UPGRADE)) {
			return false;
		}
		long length = headers.getInt(HttpHeaderNames.CONTENT_LENGTH, 0);
		if (length > maxBody || route.body() && (length <= 0 || !isJson(headers.get(HttpHeaderNames.CONTENT_TYPE)))) {
			return false;
		}
		// a token, on any route, is a bearer token (verified by the route, as Spring
		// Security verifies one even on a public route); an authenticated route needs one
		String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
		if (authorization == null ? route.authenticated()
				: route.caller() == HotRoute.Caller.ANONYMOUS || !authorization.startsWith("Bearer ")) {
			return false;
		}
		return acceptsJson(headers.get(HttpHeaderNames.ACCEPT)) && sameOrigin(headers) && sane(headers);
	}

	/**
	 * No {@code Origin}, or the server's own ({@code Host}): a page of another site is
	 * Spring WebFlux's, which answers it with the CORS headers it is allowed.
	 */
	static boolean sameOrigin(HttpHeaders headers) {
		String origin = headers.get(HttpHeaderNames.ORIGIN);
		if (origin == null) {
			return true;
		}
		String host = headers.get(HttpHeaderNames.HOST);
		int scheme = origin.indexOf("://");
		return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
	}

	private static boolean isJson(String contentType) {
		return contentType != null && (contentType.equalsIgnoreCase("application/json")
				|| contentType.replace(" ", "").equalsIgnoreCase("application/json;charset=utf-8"));
	}

	/** No {@code Accept}, or one that lists JSON (without parameters) or anything. */
	static boolean acceptsJson(String accept) {
		if (accept == null) {
			return true;
		}
		boolean json = false;
		for (String type : accept.split(",")) {
			String t = type.trim();
			if (t.indexOf(';') >= 0) {
				return false;
			}
			json |= t.equals("*/*") || t.equalsIgnoreCase("application/json") || t.equalsIgnoreCase("application/*");
		}
		return json;
	}

	/** Whether {@code accept} lists {@code type} itself (not through a wildcard). */
	static boolean lists(String accept, String type) {
		if (accept != null) {
			for (String listed : accept.split(",")) {
				if (listed.trim().equalsIgnoreCase(type)) {
					return true;
				}
			}
		}
		return false;
	}

	/** The token of {@code Bearer <token>} in the form Spring Security reads, or null. */
	static String bearer(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() == 7) {
			return null;
		}
		int end = authorization.length();
		while (end > 7 && authorization.charAt(end - 1) == '=') {
			end--;
		}
		for (int i = 7; i < end; i++) {
			char c = authorization.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
					|| c == '_' || c == '~' || c == '+' || c == '/')) {
				return null;
			}
		}
		return end > 7 ? authorization.substring(7) : null;
	}

	/** No control character in a header name or value (Spring Security's firewall). */
	private static boolean sane(HttpHeaders headers) {
		var entries = headers.iteratorCharSequence();
		while (entries.hasNext()) {
			var entry = entries.next();
			if (!sane(entry.getKey(), false) || !sane(entry.getValue(), true)) {
				return false;
			}
		}
		return true;
	}

	private static boolean sane(CharSequence text, boolean tabAllowed) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && !(tabAllowed && c == '\t') || c >= 0x7f && c <= 0x9f) {
				return false;
			}
		}
		return true;
	}

}
