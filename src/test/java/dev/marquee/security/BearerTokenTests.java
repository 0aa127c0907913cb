package dev.marquee.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.RSocketClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bearer tokens on a running server: roles come from the {@code roles} claim, tokens
 * signed with another key or without an expiry are refused, and a token stops working
 * when it expires even though verified tokens are remembered (and even on an RSocket
 * connection it signed in). The rest of what a token must be (its lifetime, issuer and
 * audience) is {@code BearerTokensTests}.
 */
class BearerTokenTests extends IntegrationTest {

	static final String ISSUER = "https://tokens.marquee.test";

	static final String AUDIENCE = "marquee-api";

	@Autowired
	RSocketClients rsocket;

	private static String signed(String secret, String user, Instant expiresAt, String... roles) {
		return signed(secret, claims(user, roles).expiresAt(expiresAt));
	}

	private static JwtClaimsSet.Builder claims(String user, String... roles) {
		return JwtClaimsSet.builder()
			.subject(user)
			.issuer(ISSUER)
			.audience(List.of(AUDIENCE))
			.issuedAt(Instant.now().minusSeconds(5))
			.claim("roles", List.of(roles));
	}

	private static String signed(String secret, JwtClaimsSet.Builder claims) {
		var key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		return NimbusJwtEncoder.withSecretKey(key)
			.build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
			.getTokenValue();
	}

	private int ordersStatus(String token) {
		return http().get()
			.uri("/api/v1/me/orders")
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.returnResult(Void.class)
			.getStatus()
			.value();
	}

	@Test
	void theAdminRoleComesFromTheRolesClaim() {
		String admin = signed(SECRET, "root", Instant.now().plusSeconds(600), "ADMIN");
		String notAdmin = signed(SECRET, "root", Instant.now().plusSeconds(600), "SCANNER");
		http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(notAdmin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isForbidden();
		http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefused() {
		String forged = signed("another-secret-that-is-32-characters-long", "mallory", Instant.now().plusSeconds(600),
				"ADMIN");
		http().get()
			.uri("/api/v1/me/orders")
			.headers(h -> h.setBearerAuth(forged))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aTokenIsRefusedOnceItExpiresEvenAfterItWasAccepted() {
		String shortLived = signed(SECRET, "buyer-" + UUID.randomUUID(), Instant.now().plusSeconds(2));
		http().get()
			.uri("/api/v1/me/orders")
			.headers(h -> h.setBearerAuth(shortLived))
			.exchange()
			.expectStatus()
			.isOk();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> http().get()
				.uri("/api/v1/me/orders")
				.headers(h -> h.setBearerAuth(shortLived))
				.exchange()
				.returnResult(Void.class)
				.getStatus()
				.value() == 401);
	}

	@Test
	void aTokenWithoutAnExpiryIsRefusedEvenForAnAdmin() {
		String forever = signed(SECRET, claims("root", "ADMIN"));
		http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(forever))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(ordersStatus(forever)).isEqualTo(401);
	}

	@Test
	void anRSocketConnectionSignedInAtSetupStopsBeingAuthorizedWhenItsTokenExpires() {
		String shortLived = signed(SECRET, "buyer-" + UUID.randomUUID(), Instant.now().plusSeconds(2));
		RSocketRequester requester = rsocket.tcp(shortLived);
		// an empty hold request changes nothing: a validation problem while signed in,
		// refused after
		Supplier<Throwable> emptyHold = () -> requester.route("holds.create")
			.data(Map.of("eventId", UUID.randomUUID().toString(), "seatIds", List.of()))
			.retrieveMono(Map.class)
			.then(Mono.<Throwable>empty())
			.onErrorResume(Mono::just)
			.block(Duration.ofSeconds(10));
		try {
			assertThat(emptyHold.get().getMessage()).contains("marquee.dev/problems/");
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(emptyHold.get().getMessage()).containsIgnoringCase("denied"));
		}
		finally {
			requester.dispose();
		}
	}

}
