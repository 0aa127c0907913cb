package dev.marquee.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak, the identity provider docker-compose.yml runs, as a process of its own
 * from the server distribution the build unpacked ({@code marquee.keycloak.home}), in
 * development mode (its own H2 database, made fresh at each start), with the realms of
 * the given files imported. Its admin REST API, with a bootstrap admin of a random
 * password, adds what a test needs: users with roles, clients, realms, signing keys.
 */
public final class KeycloakProcess implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String adminPassword = UUID.randomUUID().toString();

	private final int port = FreePorts.next();

	private final int managementPort = FreePorts.next();

	private final JavaProcess process;

	private KeycloakProcess(Path home) {
		this.process = JavaProcess.ofCommand("keycloak",
				List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + port,
						"--http-management-port=" + managementPort, "--health-enabled=true", "--import-realm"),
				Map.of("JAVA_HOME", System.getProperty("java.home"), "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
						"KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword));
	}

	/** Whether the build unpacked Keycloak (it does unless tests are skipped). */
	public static boolean available() {
		return home() != null && Files.isRegularFile(home().resolve("bin/kc.sh"));
	}

	private static Path home() {
		String home = System.getProperty("marquee.keycloak.home");
		return home == null ? null : Path.of(home);
	}

	/**
	 * Starts Keycloak with these realm files imported, and waits until it is ready (the
	 * first start after unpacking also builds it: about a minute here).
	 */
	public static KeycloakProcess start(Path... realms) {
		Path home = home();
		try {
			Path data = home.resolve("data");
			if (Files.exists(data)) {
				try (Stream<Path> old = Files.walk(data)) {
					for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
						Files.delete(path);
					}
				}
			}
			Files.createDirectories(data.resolve("import"));
			for (Path realm : realms) {
				Files.copy(realm, data.resolve("import").resolve(realm.getFileName()));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not prepare Keycloak's data", ex);
		}
		KeycloakProcess keycloak = new KeycloakProcess(home);
		keycloak.process.start();
		keycloak.process.awaitReady(Duration.ofSeconds(240), keycloak::ready);
		return keycloak;
	}

	private boolean ready() {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	/** A realm's issuer: its tokens' {@code iss}, and where its discovery document is. */
	public String issuer(String realm) {
		return baseUrl() + "/realms/" + realm;
	}

	/**
	 * The protocol mapper that puts {@code audience} in a client's access tokens (as the
	 * realm file's {@code marquee-web} has).
	 */
	public static Map<String, Object> audienceMapper(String audience) {
		return Map.of("name", audience + " audience", "protocol", "openid-connect", "protocolMapper",
				"oidc-audience-mapper", "config",
				Map.of("included.custom.audience", audience, "access.token.claim", "true"));
	}

	/** Creates a realm from its representation. */
	public void createRealm(Map<String, Object> realm) {
		admin("POST", "/admin/realms", realm);
	}

	/** Creates a client of the realm from its representation. */
	public void createClient(String realm, Map<String, Object> client) {
		admin("POST", "/admin/realms/" + realm + "/clients", client);
	}

	/** Creates a user with this password and these realm roles; answers the user's id. */
	public String createUser(String realm, String username, String password, String... realmRoles) {
		String location = admin("POST", "/admin/realms/" + realm + "/users",
				Map.of("username", username, "enabled", true, "email", username + "@marquee.test", "emailVerified",
						true, "firstName", username, "lastName", "Test", "credentials",
						List.of(Map.of("type", "password", "value", password, "temporary", false))));
		String id = location.substring(location.lastIndexOf('/') + 1);
		if (realmRoles.length > 0) {
			List<Object> roles = Stream.of(realmRoles)
				.map(role -> (Object) read(admin("GET", "/admin/realms/" + realm + "/roles/" + role, null)))
				.toList();
			admin("POST", "/admin/realms/" + realm + "/users/" + id + "/role-mappings/realm", roles);
		}
		return id;
	}

	/**
	 * Adds a new RSA signing key to the realm, preferred over the ones before it (they
	 * stay published, so tokens they signed stay good): a key rotation.
	 */
	public void rotateSigningKey(String realm) {
		String realmId = (String) read(admin("GET", "/admin/realms/" + realm, null)).get("id");
		admin("POST", "/admin/realms/" + realm + "/components",
				Map.of("name", "rotated-" + UUID.randomUUID(), "providerId", "rsa-generated", "providerType",
						"org.keycloak.keys.KeyProvider", "parentId", realmId, "config",
						Map.of("priority", List.of("500"), "keySize", List.of("2048"), "active", List.of("true"),
								"enabled", List.of("true"), "algorithm", List.of("RS256"))));
	}

	/**
	 * An access token for a user, from the realm's token endpoint (the password grant,
	 * which the test clients allow).
	 */
	public String passwordToken(String realm, String clientId, String username, String password) {
		String form = Map
			.of("grant_type", "password", "client_id", clientId, "username", username, "password", password)
			.entrySet()
			.stream()
			.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Keycloak refused a token: " + response.body());
		}
		return (String) read(response.body()).get("access_token");
	}

	private String admin(String method, String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.header("Authorization", "Bearer " + passwordToken("master", "admin-cli", "admin", adminPassword))
			.header("Content-Type", "application/json")
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
		HttpResponse<String> response = send(request.build());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException("Keycloak answered " + response.statusCode() + " to " + method + " " + path
					+ ": " + response.body());
		}
		return response.headers().firstValue("Location").orElse(response.body());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Keycloak did not answer " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> read(String body) {
		return json.readValue(body, new TypeReference<Map<String, Object>>() {
		});
	}

	public String logTail(int lines) {
		return process.logTail(lines);
	}

	@Override
	public void close() {
		process.stop();
	}

}
