package dev.marquee.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.awaitility.Awaitility.await;

/**
 * Bearer tokens: roles come from the {@code roles} claim, tokens signed with another key are
 * refused, and a token stops working when it expires even though verified tokens are remembered.
 */
class BearerTokenTests extends IntegrationTest {

	private static String signed(String secret, String user, Instant expiresAt, String... roles) {
		var key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		var claims = JwtClaimsSet.builder().subject(user).issuedAt(Instant.now().minusSeconds(5))
			.expiresAt(expiresAt).claim("roles", List.of(roles)).build();
		return NimbusJwtEncoder.withSecretKey(key).build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
	}

	@Test
	void theAdminRoleComesFromTheRolesClaim() {
		String admin = signed(SECRET, "root", Instant.now().plusSeconds(600), "ADMIN");
		String notAdmin = signed(SECRET, "root", Instant.now().plusSeconds(600), "SCANNER");
		http().post().uri("/api/v1/venues").headers(h -> h.setBearerAuth(notAdmin)).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange().expectStatus().isForbidden();
		http().post().uri("/api/v1/venues").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange().expectStatus().isBadRequest();
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefused() {
		String forged = signed("another-secret-that-is-32-characters-long", "mallory", Instant.now().plusSeconds(600),
				"ADMIN");
		http().get().uri("/api/v1/me/orders").headers(h -> h.setBearerAuth(forged)).exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void aTokenIsRefusedOnceItExpiresEvenAfterItWasAccepted() {
		String shortLived = signed(SECRET, "buyer-" + UUID.randomUUID(), Instant.now().plusSeconds(2));
		http().get().uri("/api/v1/me/orders").headers(h -> h.setBearerAuth(shortLived)).exchange()
			.expectStatus().isOk();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
			.until(() -> http().get().uri("/api/v1/me/orders").headers(h -> h.setBearerAuth(shortLived)).exchange()
				.returnResult(Void.class).getStatus().value() == 401);
	}

}
