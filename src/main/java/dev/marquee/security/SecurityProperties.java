package dev.marquee.security;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for bearer tokens.
 *
 * @param jwtSecret HMAC-SHA256 key shared with the token issuer, at least 32 characters
 * @param issuer the {@code iss} minted into demo tokens
 * @param devTokenTtl lifetime of tokens minted by the demo endpoint
 */
@Validated
@ConfigurationProperties("marquee.security")
public record SecurityProperties(@NotBlank @Size(min = 32, message = "must be at least 32 characters") String jwtSecret,
		@DefaultValue("marquee") String issuer, @NotNull @DefaultValue("12h") Duration devTokenTtl) {
}
