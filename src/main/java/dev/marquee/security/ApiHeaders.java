package dev.marquee.security;

import java.net.URI;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

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

	private final String contentSecurityPolicy;

	ApiHeaders(SecurityProperties properties, Environment environment) {
		this.contentSecurityPolicy = contentSecurityPolicy(properties, stripe(environment));
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
			// named as Spring Security names them (HTTP/1.1 sends names as they are set)
			headers.set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
			headers.set("Pragma", "no-cache");
			headers.set("Expires", "0");
		}
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("X-Frame-Options", "DENY");
		headers.set("X-XSS-Protection", "0");
		headers.set("Content-Security-Policy", contentSecurityPolicy);
		headers.set("Referrer-Policy", "no-referrer");
	}

}
