package dev.marquee.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.support.KeycloakProcess;
import dev.marquee.support.MarqueeProcess;
import dev.marquee.support.Tokens;

import org.springframework.http.HttpMethod;

import static dev.marquee.support.NodeApi.answer;
import static dev.marquee.support.NodeApi.client;
import static dev.marquee.support.NodeApi.event;
import static dev.marquee.support.NodeApi.holding;
import static dev.marquee.support.NodeApi.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production sign-in: a Marquee node (a process of its own, with no shared secret) trusts
 * a real OpenID Connect provider, Keycloak, with the realm docker-compose.yml imports
 * ({@code deploy/keycloak/marquee-realm.json}). A buyer's RS256 token from it holds and
 * buys; its realm's ADMIN role is an ADMIN; a token of another issuer, for another
 * audience, or signed with a secret is refused; and a signing key rotated at the provider
 * is taken up without a restart.
 */
class IdentityProviderTests {

	static final JsonMapper json = JsonMapper.builder().build();

	/** A client of each realm that hands out tokens by password, for the tests alone. */
	static final String TEST_CLIENT = "marquee-test";

	static KeycloakProcess keycloak;

	static MarqueeProcess node;

	@BeforeAll
	static void startTheProviderAndANode() {
		Assumptions.assumeTrue(KeycloakProcess.available(), "the build did not unpack Keycloak");
		keycloak = KeycloakProcess.start(Path.of("deploy/keycloak/marquee-realm.json"));
		keycloak.createClient("marquee", testClient());
		keycloak.createUser("marquee", "buyer", "buyer-password");
		keycloak.createUser("marquee", "organizer", "organizer-password", "ADMIN");
		// another realm: another issuer with keys of its own, whose tokens even name
		// Marquee's audience
		keycloak.createRealm(Map.of("realm", "elsewhere", "enabled", true));
		keycloak.createClient("elsewhere", testClient());
		keycloak.createUser("elsewhere", "buyer", "buyer-password");
		// as in production: the secrets every node shares, but no token secret
		node = MarqueeProcess.start("oidc-node",
				Map.of("marquee.security.oidc.issuer-uri", keycloak.issuer("marquee"), "marquee.security.oidc.audience",
						"marquee", "marquee.security.roles-claim", "realm_access.roles",
						"marquee.queue.admission-secret", UUID.randomUUID() + "-" + UUID.randomUUID(),
						"marquee.ticket.code-secret", UUID.randomUUID() + "-" + UUID.randomUUID()))
			.awaitReady();
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable process : new AutoCloseable[] { node, keycloak }) {
			try {
				if (process != null) {
					process.close();
				}
			}
			catch (Exception ex) {
				// the other still goes
			}
		}
	}

	private static Map<String, Object> testClient() {
		return Map.of("clientId", TEST_CLIENT, "publicClient", true, "directAccessGrantsEnabled", true,
				"standardFlowEnabled", false, "protocolMappers", List.of(KeycloakProcess.audienceMapper("marquee")));
	}

	private static String token(String realm, String user) {
		return keycloak.passwordToken(realm, TEST_CLIENT, user, user + "-password");
	}

	private static int status(String method, String path, String token) {
		return client(node).method(HttpMethod.valueOf(method))
			.uri(path)
			.headers(h -> h.setBearerAuth(token))
			.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(30));
	}

	@Test
	void aBuyerSignedInAtTheProviderHoldsBuysAndSeesTheOrder() {
		UUID event = event(node, token("marquee", "organizer"), 600, 4);
		String buyer = token("marquee", "buyer");

		var hold = holding(node, event, buyer, "S-A-1");
		assertThat(hold.getKey()).isEqualTo(201);
		var bought = purchase(node, hold.getValue().get("holdId"), buyer, UUID.randomUUID().toString(), "tok_visa");
		assertThat(bought.getKey()).isEqualTo(201);

		assertThat(status("GET", "/api/v1/me/orders", buyer)).isEqualTo(200);
		assertThat(status("GET", "/api/v1/orders/" + bought.getValue().get("orderId"), buyer)).isEqualTo(200);
	}

	@Test
	void theProvidersAdminRoleIsAnAdminAndABuyerIsNot() {
		String venue = "{\"name\":\"Hall\",\"city\":\"Ghent\",\"sections\":[{\"code\":\"S\",\"name\":\"Stalls\","
				+ "\"priceTier\":\"std\",\"rows\":[{\"label\":\"A\",\"seats\":2}]}]}";
		assertThat(post("/api/v1/venues", token("marquee", "organizer"), venue)).isEqualTo(201);
		assertThat(post("/api/v1/venues", token("marquee", "buyer"), venue)).isEqualTo(403);
		assertThat(status("GET", "/actuator/prometheus", token("marquee", "buyer"))).isEqualTo(403);
	}

	@Test
	void tokensOfAnotherIssuerForAnotherAudienceOrSignedWithASecretAreRefused() {
		String elsewhere = token("elsewhere", "buyer");
		assertThat(claims(elsewhere).get("aud")).asString().contains("marquee");
		assertThat(status("GET", "/api/v1/me/orders", elsewhere)).as("another issuer").isEqualTo(401);

		// Keycloak's own admin-cli client of the same realm: a token not meant for
		// Marquee
		String notOurs = keycloak.passwordToken("marquee", "admin-cli", "buyer", "buyer-password");
		assertThat(claims(notOurs).get("iss")).isEqualTo(keycloak.issuer("marquee"));
		assertThat(status("GET", "/api/v1/me/orders", notOurs)).as("another audience").isEqualTo(401);

		assertThat(status("GET", "/api/v1/me/orders", Tokens.buyer())).as("HS256, a secret").isEqualTo(401);
		assertThat(status("GET", "/api/v1/me/orders", token("marquee", "buyer"))).isEqualTo(200);
	}

	@Test
	void aSigningKeyRotatedAtTheProviderIsTakenUpWithoutARestart() {
		String before = token("marquee", "buyer");
		assertThat(status("GET", "/api/v1/me/orders", before)).isEqualTo(200);

		keycloak.rotateSigningKey("marquee");
		String after = token("marquee", "buyer");

		assertThat(header(after).get("kid")).isNotEqualTo(header(before).get("kid"));
		assertThat(status("GET", "/api/v1/me/orders", after)).isEqualTo(200);
		assertThat(status("GET", "/api/v1/me/orders", before)).as("signed by a key still published").isEqualTo(200);
	}

	private static int post(String path, String token, String body) {
		return answer(client(node).post().uri(path).headers(h -> {
			h.setBearerAuth(token);
			h.set("Content-Type", "application/json");
		}).bodyValue(body)).getKey();
	}

	private static Map<String, Object> claims(String token) {
		return part(token, 1);
	}

	private static Map<String, Object> header(String token) {
		return part(token, 0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> part(String token, int index) {
		return json.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[index]), Map.class);
	}

}
