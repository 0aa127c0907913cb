package dev.marquee.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a correctly signed token must also be, checked without a server on a fixed clock:
 * it says when it expires, lives no longer than the maximum (by {@code exp - iat} and by
 * {@code exp - now}, an {@code iat} in the future stretching nothing), and comes from the
 * configured issuer for the configured audience; its {@code roles} claim gives the
 * caller's roles.
 */
class BearerTokensTests {

	static final String ISSUER = "https://tokens.marquee.test";

	static final String AUDIENCE = "marquee-api";

	static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	final OAuth2TokenValidator<Jwt> validator = BearerTokens
		.validator(new SecurityProperties("a-secret-of-at-least-thirty-two-characters", ISSUER, AUDIENCE,
				Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(5), "roles",
				new SecurityProperties.Oidc(null, null, null, null, "openid")), CLOCK, ISSUER, AUDIENCE);

	static Jwt token(UnaryOperator<Jwt.Builder> change) {
		Jwt.Builder builder = Jwt.withTokenValue("token")
			.header("alg", "HS256")
			.subject("buyer")
			.issuer(ISSUER)
			.audience(List.of(AUDIENCE))
			.issuedAt(NOW.minusSeconds(5))
			.expiresAt(NOW.plus(Duration.ofMinutes(30)));
		return change.apply(builder).build();
	}

	boolean accepted(Jwt jwt) {
		return !validator.validate(jwt).hasErrors();
	}

	@Test
	void aTokenWithinItsWindowFromTheIssuerForTheAudienceIsAccepted() {
		assertThat(accepted(token(t -> t))).isTrue();
		assertThat(accepted(token(t -> t.expiresAt(NOW.plus(Duration.ofMinutes(50)))))).isTrue();
	}

	@Test
	void aTokenWithoutAnExpiryIsRefused() {
		assertThat(accepted(token(t -> t.claims(claims -> claims.remove("exp"))))).isFalse();
	}

	@Test
	void anExpiredTokenIsRefused() {
		assertThat(accepted(token(t -> t.issuedAt(NOW.minusSeconds(600)).expiresAt(NOW.minusSeconds(60))))).isFalse();
		assertThat(BearerTokens.unexpired(token(t -> t.issuedAt(NOW.minusSeconds(600)).expiresAt(NOW.minusSeconds(60))),
				CLOCK, Duration.ofSeconds(5)))
			.isFalse();
		assertThat(BearerTokens.unexpired(token(t -> t), CLOCK, Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void aTokenLivingLongerThanTheMaximumIsRefused() {
		// a day long, by exp - iat and by exp - now alike
		assertThat(accepted(token(t -> t.expiresAt(NOW.plus(Duration.ofDays(1)))))).isFalse();
		assertThat(
				accepted(token(t -> t.claims(claims -> claims.remove("iat")).expiresAt(NOW.plus(Duration.ofDays(1))))))
			.isFalse();
		// an iat in the future does not stretch it either
		Instant later = NOW.plus(Duration.ofDays(30));
		assertThat(accepted(token(t -> t.issuedAt(later).expiresAt(later.plus(Duration.ofMinutes(30)))))).isFalse();
	}

	@Test
	void aTokenFromAnotherIssuerOrForAnotherAudienceIsRefused() {
		assertThat(accepted(token(t -> t.issuer("https://elsewhere.test")))).isFalse();
		assertThat(accepted(token(t -> t.claims(claims -> claims.remove("iss"))))).isFalse();
		assertThat(accepted(token(t -> t.audience(List.of("another-api"))))).isFalse();
		assertThat(accepted(token(t -> t.claims(claims -> claims.remove("aud"))))).isFalse();
	}

	@Test
	void theRolesClaimGivesTheCallersRoles() {
		var authentication = BearerTokens.authenticationConverter("roles")
			.convert(token(t -> t.claim("roles", List.of("ADMIN", "SCANNER"))))
			.block();
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.contains("ROLE_ADMIN", "ROLE_SCANNER");
	}

	@Test
	void aNestedRolesClaimGivesTheRolesAtItsPathAndNoOthers() {
		var converter = BearerTokens.authenticationConverter("realm_access.roles");
		var keycloak = converter
			.convert(token(t -> t.claim("realm_access", Map.of("roles", List.of("ADMIN", "offline_access")))
				.claim("roles", List.of("SCANNER"))))
			.block();
		// Spring Security adds its factor authority (FACTOR_BEARER) beside the roles
		assertThat(keycloak.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.filteredOn(authority -> authority.startsWith("ROLE_"))
			.containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_offline_access");
		assertThat(converter.convert(token(t -> t.claim("realm_access", "ADMIN"))).block().getAuthorities())
			.extracting(GrantedAuthority::getAuthority)
			.noneMatch(authority -> authority.startsWith("ROLE_"));
	}

	@Test
	void onlyAnHs256HeaderGoesToTheSharedSecret() {
		String hs256 = "eyJhbGciOiJIUzI1NiJ9.e30.x";
		String rs256 = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.e30.x";
		assertThat(BearerTokens.signedWithSecret(hs256)).isTrue();
		assertThat(BearerTokens.signedWithSecret(rs256)).isFalse();
		assertThat(BearerTokens.signedWithSecret("not a token")).isTrue();
	}

}
