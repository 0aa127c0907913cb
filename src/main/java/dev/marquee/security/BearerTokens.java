package dev.marquee.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;

/**
 * Bearer JWTs (HS256), as HTTP and RSocket both read them: how a token is verified and
 * what it must carry, and its {@code roles} claim as the caller's roles.
 */
@Configuration(proxyBeanMethods = false)
class BearerTokens {

	/**
	 * Token times are checked against real time, not the application's {@link Clock}:
	 * tokens come from an issuer on real time, and tests move the application's clock by
	 * days.
	 */
	static final Clock TOKEN_CLOCK = Clock.systemUTC();

	/**
	 * Verifies HS256 tokens, remembering each verified token until it expires (at most 5
	 * minutes) so a buyer's burst of requests pays for parsing and HMAC once. Only tokens
	 * that passed verification are remembered, and their expiry is checked again on every
	 * use.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(SecurityProperties properties) {
		NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withSecretKey(secretKey(properties))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		nimbus.setJwtValidator(validator(properties, TOKEN_CLOCK));
		Duration skew = properties.clockSkew();
		Cache<String, Jwt> verified = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(Duration.ofMinutes(5))
			.build();
		return token -> {
			Jwt known = verified.getIfPresent(token);
			if (known != null && unexpired(known, TOKEN_CLOCK, skew)) {
				return Mono.just(known);
			}
			return nimbus.decode(token).doOnNext(jwt -> verified.put(token, jwt));
		};
	}

	/**
	 * What a signed token must also be: carrying {@code exp} (a token without one would
	 * be good for ever), within its time window, living no longer than
	 * {@code max-token-lifetime} from now and from its {@code iat}, and from the
	 * configured issuer for the configured audience when those are set.
	 */
	static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties, Clock clock) {
		JwtTimestampValidator window = new JwtTimestampValidator(properties.clockSkew());
		window.setAllowEmptyExpiryClaim(false);
		window.setClock(clock);
		Duration maxLifetime = properties.maxTokenLifetime().plus(properties.clockSkew());
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(window,
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP,
						exp -> exp != null && !exp.isAfter(clock.instant().plus(maxLifetime))),
				lifetimeSinceIssued(maxLifetime)));
		if (StringUtils.hasText(properties.issuer())) {
			validators.add(new JwtIssuerValidator(properties.issuer()));
		}
		if (StringUtils.hasText(properties.audience())) {
			validators.add(new JwtAudienceValidator(properties.audience()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	/** {@code exp - iat} within the maximum, when the token says when it was issued. */
	private static OAuth2TokenValidator<Jwt> lifetimeSinceIssued(Duration maxLifetime) {
		OAuth2Error tooLong = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The token lives longer than the maximum token lifetime", null);
		return jwt -> jwt.getIssuedAt() == null || jwt.getExpiresAt() == null
				|| !jwt.getExpiresAt().isAfter(jwt.getIssuedAt().plus(maxLifetime))
						? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(tooLong);
	}

	/**
	 * Whether a verified token is still before its {@code exp} (with the allowed skew;
	 * {@code marquee.security.clock-skew}, 5 s by default rather than Spring's 60 s: our
	 * tokens come from our own clock's neighbourhood).
	 */
	static boolean unexpired(Jwt jwt, Clock clock, Duration skew) {
		return jwt.getExpiresAt() != null && jwt.getExpiresAt().plus(skew).isAfter(clock.instant());
	}

	static SecretKey secretKey(SecurityProperties properties) {
		return new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/** The token's {@code roles} claim as {@code ROLE_} authorities. */
	static ReactiveJwtAuthenticationConverterAdapter authenticationConverter() {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName("roles");
		roles.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(roles);
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

}
