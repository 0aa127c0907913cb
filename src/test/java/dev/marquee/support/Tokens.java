package dev.marquee.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Bearer tokens as an issuer sharing the tests' secret mints them: HS256, {@code sub},
 * {@code iat}, {@code exp} one hour ahead and the roles in {@code roles}. Every kind of
 * test (the whole application, a web slice, an RSocket client) signs with
 * {@link #SECRET}.
 */
public final class Tokens {

	/** The HMAC key every test configures as {@code marquee.security.jwt-secret}. */
	public static final String SECRET = "integration-test-secret-at-least-32-chars";

	private Tokens() {
	}

	/**
	 * A token for {@code userId} carrying {@code roles} (without the {@code ROLE_}
	 * prefix).
	 */
	public static String token(String userId, String... roles) {
		return token(userId, Map.of(), roles);
	}

	/** A token for {@code userId} whose issuer vouches for {@code email}. */
	public static String withEmail(String userId, String email, String... roles) {
		return token(userId, Map.of("email", email, "email_verified", true), roles);
	}

	/** A token for {@code userId} carrying {@code roles} and these further claims. */
	public static String token(String userId, Map<String, Object> more, String... roles) {
		var key = new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		var now = Instant.now();
		var claims = JwtClaimsSet.builder()
			.subject(userId)
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofHours(1)))
			.claim("roles", List.of(roles))
			.claims(all -> all.putAll(more))
			.build();
		return NimbusJwtEncoder.withSecretKey(key)
			.build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	/** A token of a new user with the ADMIN role. */
	public static String admin() {
		return token("admin-" + UUID.randomUUID(), "ADMIN");
	}

	/** A token of a new buyer (no roles). */
	public static String buyer() {
		return token("buyer-" + UUID.randomUUID());
	}

}
