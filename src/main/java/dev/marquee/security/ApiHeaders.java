package dev.marquee.security;

import java.net.URI;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import dev.marquee.shared.ApiResponseHeaders;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The headers Spring Security's header writers add to an answer over plain HTTP, as
 * {@link SecurityConfiguration} configures them, for the answers written without its
 * filter chain (the hot routes).
 */
@Component
class ApiHeaders implements ApiResponseHeaders {

	// AsciiString: Netty copies it in one go, a String a character at a
	// time (6 % of a hold's CPU for these headers, docs/BENCHMARKS.md).
	// Named as Spring Security names them (HTTP/1.1 sends names as set)
	private static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");

	private static final AsciiString NO_CACHE = AsciiString.cached("no-cache, no-store, max-age=0, must-revalidate");

	private static final AsciiString PRAGMA = AsciiString.cached("Pragma");

	private static final AsciiString PRAGMA_NO_CACHE = AsciiString.cached("no-cache");

	private static final AsciiString EXPIRES = AsciiString.cached("Expires");

	private static final AsciiString ZERO = AsciiString.cached("0");

	private static final AsciiString CONTENT_TYPE_OPTIONS = AsciiString.cached("X-Content-Type-Options");

	private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");

	private static final AsciiString FRAME_OPTIONS = AsciiString.cached("X-Frame-Options");

	private static final AsciiString DENY = AsciiString.cached("DENY");

	private static final AsciiString XSS_PROTECTION = AsciiString.cached("X-XSS-Protection");

	private static final AsciiString CONTENT_SECURITY_POLICY = AsciiString.cached("Content-Security-Policy");

	private static final AsciiString REFERRER_POLICY = AsciiString.cached("Referrer-Policy");

	private static final AsciiString NO_REFERRER = AsciiString.cached("no-referrer");

	private final AsciiString contentSecurityPolicy;

	ApiHeaders(SecurityProperties properties, Environment environment) {
		this.contentSecurityPolicy = new AsciiString(contentSecurityPolicy(properties, stripe(environment)));
	}

	/**
	 * Whether cards go to Stripe ({@code marquee.payment.gateway}), so Stripe.js runs.
	 */
	static boolean stripe(Environment environment) {
		return "stripe".equalsIgnoreCase(environment.getProperty("marquee.payment.gateway", "").strip());
	}

	/**
	 * The UI loads only its own scripts, styles (and inline style attributes), images (QR
	 * codes arrive as blobs) and connections, but for the OpenID Connect provider's
	 * (discovery, keys, tokens: the sign-in's calls) and, where cards go to Stripe,
	 * Stripe.js with its frames and API (as Stripe's documentation lists them); nobody
	 * frames it.
	 */
	static String contentSecurityPolicy(SecurityProperties properties, boolean stripe) {
		URI issuer = properties.oidc().issuerUri();
		String provider = issuer == null ? "" : " " + issuer.getScheme() + "://" + issuer.getHost()
				+ (issuer.getPort() < 0 ? "" : ":" + issuer.getPort());
		String stripeScripts = stripe ? " https://js.stripe.com https://*.js.stripe.com" : "";
		String stripeFrames = stripe
				? "frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; " : "";
		String stripeApi = stripe ? " https://api.stripe.com" : "";
		return "default-src 'self'; script-src 'self'" + stripeScripts
				+ "; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; " + "connect-src 'self'" + provider
				+ stripeApi + "; " + stripeFrames + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
	}

	@Override
	public void addTo(HttpHeaders headers) {
		// no caching, unless the answer says how it may be cached
		if (!headers.contains(HttpHeaderNames.CACHE_CONTROL) && !headers.contains(HttpHeaderNames.EXPIRES)
				&& !headers.contains(HttpHeaderNames.PRAGMA)) {
			headers.set(CACHE_CONTROL, NO_CACHE);
			headers.set(PRAGMA, PRAGMA_NO_CACHE);
			headers.set(EXPIRES, ZERO);
		}
		headers.set(CONTENT_TYPE_OPTIONS, NOSNIFF);
		headers.set(FRAME_OPTIONS, DENY);
		headers.set(XSS_PROTECTION, ZERO);
		headers.set(CONTENT_SECURITY_POLICY, this.contentSecurityPolicy);
		headers.set(REFERRER_POLICY, NO_REFERRER);
	}

}
