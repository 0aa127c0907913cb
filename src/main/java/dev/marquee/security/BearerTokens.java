package dev.marquee.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;

/**
 * Bearer JWTs, as HTTP and RSocket both read them: how a token is verified and what it
 * must carry, and its roles claim as the caller's roles. A token signed with HS256 is
 * verified with the shared secret (the demo and the tests) or the node's own random key;
 * any other, with the OpenID Connect provider's published keys, where one is configured.
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
	 * The key a node signs its own requests' tokens with when no shared secret is set:
	 * random, known to this process alone.
	 */
	private static final byte[] OWN_KEY = new SecureRandom().generateSeed(32);

	/**
	 * Verifies tokens, remembering each verified token until it expires (at most 5
	 * minutes) so a buyer's burst of requests pays for parsing and verifying once. Only
	 * tokens that passed verification are remembered, and their expiry is checked again
	 * on every use.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(SecurityProperties properties, ApplicationEventPublisher events) {
		NimbusReactiveJwtDecoder own = NimbusReactiveJwtDecoder.withSecretKey(secretKey(properties))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		own.setJwtValidator(validator(properties, TOKEN_CLOCK, properties.issuer(), properties.audience()));
		ReactiveJwtDecoder provider = properties.oidc().configured() ? providerDecoder(properties) : null;
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
			ReactiveJwtDecoder decoder = provider == null || signedWithSecret(token) ? own : provider;
			return decoder.decode(token).doOnNext(jwt -> {
				verified.put(token, jwt);
				identified(jwt, events);
			});
		};
	}

	/** Announces the address a newly verified token vouches for, if any. */
	private static void identified(Jwt jwt, ApplicationEventPublisher events) {
		String email = jwt.getClaimAsString("email");
		if (email != null && !email.isBlank() && !Boolean.FALSE.equals(jwt.getClaimAsBoolean("email_verified"))) {
			events.publishEvent(new CallerIdentified(jwt.getSubject(), email.strip()));
		}
	}

	/**
	 * The provider's tokens: RS256 or ES256, with the keys from its JWK set (found by
	 * discovery unless given), for its issuer and Marquee's audience.
	 */
	private static ReactiveJwtDecoder providerDecoder(SecurityProperties properties) {
		SecurityProperties.Oidc oidc = properties.oidc();
		NimbusReactiveJwtDecoder.JwkSetUriReactiveJwtDecoderBuilder keys = oidc.jwkSetUri() != null
				? NimbusReactiveJwtDecoder.withJwkSetUri(oidc.jwkSetUri().toString())
				// discovery happens at the first token, not at start
				: NimbusReactiveJwtDecoder.withIssuerLocation(oidc.issuerUri().toString());
		NimbusReactiveJwtDecoder decoder = keys.jwsAlgorithms(algorithms -> {
			algorithms.add(SignatureAlgorithm.RS256);
			algorithms.add(SignatureAlgorithm.ES256);
		}).build();
		decoder.setJwtValidator(validator(properties, TOKEN_CLOCK, oidc.issuerUri().toString(), oidc.audience()));
		return decoder;
	}

	/**
	 * Whether the token's header names HS256 (an unreadable one is left to that decoder
	 * to refuse).
	 */
	static boolean signedWithSecret(String token) {
		int dot = token.indexOf('.');
		try {
			return dot < 0 || JWSAlgorithm.HS256
				.equals(JWSHeader.parse(new Base64URL(token.substring(0, dot))).getAlgorithm());
		}
		catch (ParseException ex) {
			return true;
		}
	}

	/**
	 * What a signed token must also be: carrying {@code exp} (a token without one would
	 * be good for ever), within its time window, living no longer than
	 * {@code max-token-lifetime} from now and from its {@code iat}, and from
	 * {@code issuer} for {@code audience} when those are set.
	 */
	static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties, Clock clock, String issuer,
			String audience) {
		JwtTimestampValidator window = new JwtTimestampValidator(properties.clockSkew());
		window.setAllowEmptyExpiryClaim(false);
		window.setClock(clock);
		Duration maxLifetime = properties.maxTokenLifetime().plus(properties.clockSkew());
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(window,
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP,
						exp -> exp != null && !exp.isAfter(clock.instant().plus(maxLifetime))),
				lifetimeSinceIssued(maxLifetime)));
		if (StringUtils.hasText(issuer)) {
			validators.add(new JwtIssuerValidator(issuer));
		}
		if (StringUtils.hasText(audience)) {
			validators.add(new JwtAudienceValidator(audience));
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
		byte[] key = StringUtils.hasText(properties.jwtSecret())
				? properties.jwtSecret().getBytes(StandardCharsets.UTF_8) : OWN_KEY;
		return new SecretKeySpec(key, "HmacSHA256");
	}

	/**
	 * The roles at {@code rolesClaim} (a dotted path into nested claims) as {@code ROLE_}
	 * authorities.
	 */
	static ReactiveJwtAuthenticationConverterAdapter authenticationConverter(String rolesClaim) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(jwt -> roles(jwt.getClaims(), rolesClaim).stream()
			.<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
			.toList());
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

	/** The strings at a dotted path of the claims (none if it leads nowhere). */
	static List<String> roles(Map<String, Object> claims, String path) {
		Object node = claims;
		for (String step : path.split("\\.")) {
			node = node instanceof Map<?, ?> map ? map.get(step) : null;
		}
		if (node instanceof Collection<?> values) {
			return values.stream().map(String::valueOf).toList();
		}
		return node instanceof String value ? List.of(value) : List.of();
	}

}
