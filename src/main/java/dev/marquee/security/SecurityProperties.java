package dev.marquee.security;

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
 * longer than {@code maxTokenLifetime}; {@code iss} and {@code aud} are checked when
 * configured.
 *
 * @param jwtSecret HMAC-SHA256 key shared with the token issuer, at least 32 characters
 * @param issuer the {@code iss} every token must carry (unset: not checked); demo tokens
 * are minted with it, or with {@code marquee} when unset
 * @param audience a value every token's {@code aud} must contain (unset: not checked);
 * demo tokens are minted with it
 * @param maxTokenLifetime the longest a token may live: its {@code exp} at most this far
 * past its {@code iat} and past now
 * @param devTokenTtl lifetime of tokens minted by the demo endpoint, at most
 * {@code maxTokenLifetime}
 * @param clockSkew how far the issuer's clock may be off ours: a token is good until
 * {@code exp} plus this (and from {@code nbf} minus this)
 */
@Validated
@ConfigurationProperties("marquee.security")
public record SecurityProperties(@NotBlank @Size(min = 32, message = "must be at least 32 characters") String jwtSecret,
		String issuer, String audience, @NotNull @DefaultValue("24h") Duration maxTokenLifetime,
		@NotNull @DefaultValue("12h") Duration devTokenTtl, @NotNull @DefaultValue("5s") Duration clockSkew) {

	/** The demo mint would otherwise hand out tokens the server refuses. */
	@AssertTrue(message = "dev-token-ttl must not exceed max-token-lifetime")
	public boolean isDevTokenTtlWithinMaxTokenLifetime() {
		return devTokenTtl == null || maxTokenLifetime == null || devTokenTtl.compareTo(maxTokenLifetime) <= 0;
	}

	String mintedIssuer() {
		return issuer == null || issuer.isBlank() ? "marquee" : issuer;
	}

}
