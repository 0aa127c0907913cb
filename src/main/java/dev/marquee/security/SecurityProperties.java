package dev.marquee.security;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for bearer tokens. Every token must carry {@code exp}, and none may live
 * longer than {@code maxTokenLifetime}. Tokens come from an OpenID Connect provider
 * ({@code oidc}: signed with its published keys, for its audience) or, in the demo and
 * the tests, are signed with a shared HS256 secret.
 *
 * @param jwtSecret HMAC-SHA256 key shared with the token issuer, at least 32 characters:
 * for the demo and the tests. Unset, the node signs the tokens of its requests to itself
 * (the warm-up) with a random key of its own, which nobody else knows
 * @param issuer the {@code iss} every secret-signed token must carry (unset: not
 * checked); demo tokens are minted with it, or with {@code marquee} when unset
 * @param audience a value every secret-signed token's {@code aud} must contain (unset:
 * not checked); demo tokens are minted with it
 * @param maxTokenLifetime the longest a token may live: its {@code exp} at most this far
 * past its {@code iat} and past now
 * @param devTokenTtl lifetime of tokens minted by the demo endpoint, at most
 * {@code maxTokenLifetime}
 * @param clockSkew how far the issuer's clock may be off ours: a token is good until
 * {@code exp} plus this (and from {@code nbf} minus this)
 * @param rolesClaim where a token carries the caller's roles (ADMIN, SCANNER, METRICS), a
 * dotted path for a nested claim (Keycloak: {@code realm_access.roles})
 * @param oidc the OpenID Connect provider whose tokens are trusted
 */
@Validated
@ConfigurationProperties("marquee.security")
public record SecurityProperties(@Size(min = 32, message = "must be at least 32 characters") String jwtSecret,
		String issuer, String audience, @NotNull @DefaultValue("24h") Duration maxTokenLifetime,
		@NotNull @DefaultValue("12h") Duration devTokenTtl, @NotNull @DefaultValue("5s") Duration clockSkew,
		@NotBlank @DefaultValue("roles") String rolesClaim, @NotNull @DefaultValue Oidc oidc) {

	/** The demo mint would otherwise hand out tokens the server refuses. */
	@AssertTrue(message = "dev-token-ttl must not exceed max-token-lifetime")
	public boolean isDevTokenTtlWithinMaxTokenLifetime() {
		return devTokenTtl == null || maxTokenLifetime == null || devTokenTtl.compareTo(maxTokenLifetime) <= 0;
	}

	/** Someone must be able to sign in. */
	@AssertTrue(message = "set marquee.security.oidc.issuer-uri (an OpenID Connect provider; with "
			+ "marquee.security.oidc.audience) or, for the demo and tests only, marquee.security.jwt-secret")
	public boolean isATokenIssuerConfigured() {
		return (jwtSecret != null && !jwtSecret.isBlank()) || (oidc != null && oidc.configured());
	}

	/**
	 * Tokens from another application of the same provider must not be taken for ours.
	 */
	@AssertTrue(message = "marquee.security.oidc.audience is required with an OpenID Connect provider: the "
			+ "client id (or audience) the provider puts in Marquee's tokens")
	public boolean isTheProvidersAudienceSet() {
		return oidc == null || !oidc.configured() || (oidc.audience() != null && !oidc.audience().isBlank());
	}

	String mintedIssuer() {
		return issuer == null || issuer.isBlank() ? "marquee" : issuer;
	}

	/**
	 * The OpenID Connect provider (Keycloak, Auth0, Entra ID, ...) whose tokens are
	 * trusted: RS256 or ES256, verified with the keys it publishes (fetched again when a
	 * token names a key not seen before, so the provider can rotate them).
	 *
	 * @param issuerUri the provider's issuer: every token's {@code iss}, and where its
	 * discovery document is ({@code /.well-known/openid-configuration})
	 * @param jwkSetUri where its keys are, if not from discovery
	 * @param audience what every token's {@code aud} must contain (the client id)
	 * @param clientId the provider's client the browser signs in with (Authorization Code
	 * with PKCE, no secret); unset, the browser offers no sign-in
	 * @param scope the scopes the browser asks for
	 */
	public record Oidc(URI issuerUri, URI jwkSetUri, String audience, String clientId,
			@DefaultValue("openid profile email") String scope) {

		boolean configured() {
			return issuerUri != null;
		}

	}

}
