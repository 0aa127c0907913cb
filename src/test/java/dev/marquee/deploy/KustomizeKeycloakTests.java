package dev.marquee.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static dev.marquee.deploy.Manifests.at;
import static dev.marquee.deploy.Manifests.kind;
import static dev.marquee.deploy.Manifests.kustomize;
import static dev.marquee.deploy.Manifests.list;
import static dev.marquee.deploy.Manifests.map;
import static dev.marquee.deploy.Manifests.marqueeContainer;
import static dev.marquee.deploy.Manifests.name;
import static dev.marquee.deploy.Manifests.named;
import static dev.marquee.deploy.Manifests.one;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity provider every Kustomize overlay runs: a Keycloak CR (Keycloak Operator)
 * on its own CloudNativePG database, its Ingress, and the realm import; Marquee's
 * settings trust exactly that Keycloak (issuer, keys, audience, client), the realm is the
 * one Compose imports ({@code deploy/keycloak/marquee-realm.json}) but for its redirect
 * URIs, and no secret value is written in {@code k8s/}.
 * <p>
 * A plain unit test: it reads files and runs kubectl, it starts nothing (no Spring
 * context, no Docker engine, no cluster), and it uses no application class.
 */
class KustomizeKeycloakTests {

	static final String REALM = "marquee";

	static final Path COMPOSE_REALM = Path.of("deploy/keycloak/marquee-realm.json");

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod", "dev-redis-cluster", "prod-redis-cluster" })
	void everyOverlayRunsKeycloakOnItsOwnDatabase(String overlay) throws IOException {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> keycloak = one(docs, "Keycloak");
		assertThat(keycloak.get("apiVersion")).isEqualTo("k8s.keycloak.org/v2alpha1");
		Map<String, Object> spec = map(keycloak.get("spec"));
		assertThat(String.valueOf(spec.get("image"))).as("the Keycloak of Compose and of the tests (pom.xml)")
			.isEqualTo("quay.io/keycloak/keycloak:" + keycloakVersion());
		assertThat(spec.get("startOptimized")).as("the stock image builds for PostgreSQL at start").isEqualTo(false);
		assertThat((Integer) spec.get("instances")).isGreaterThanOrEqualTo(1);

		// its database: a CloudNativePG Cluster, credentials from the Secret it generates
		Map<String, Object> db = map(spec.get("db"));
		assertThat(db.get("vendor")).isEqualTo("postgres");
		String host = String.valueOf(db.get("host"));
		assertThat(host).endsWith("-rw");
		Map<String, Object> cluster = named(docs, "Cluster", host.substring(0, host.length() - "-rw".length()));
		assertThat(cluster).as("the CloudNativePG Cluster behind %s", host).isNotNull();
		assertThat(cluster.get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
		assertThat(name(cluster)).as("not Marquee's own database").isNotEqualTo("marquee-db");
		assertThat(db.get("database")).isEqualTo(at(cluster, "spec", "bootstrap", "initdb", "database"));
		assertThat(db.get("port")).isEqualTo(5432);
		assertThat(at(db, "usernameSecret", "name")).isEqualTo(name(cluster) + "-app");
		assertThat(at(db, "usernameSecret", "key")).isEqualTo("username");
		assertThat(at(db, "passwordSecret", "name")).isEqualTo(name(cluster) + "-app");
		assertThat(at(db, "passwordSecret", "key")).isEqualTo("password");

		// plain HTTP behind ingress-nginx, which ends TLS and forwards X-Forwarded-*
		assertThat(at(spec, "http", "httpEnabled")).isEqualTo(true);
		assertThat(at(spec, "proxy", "headers")).isEqualTo("xforwarded");
		assertThat(map(at(spec, "resources", "requests"))).containsKeys("cpu", "memory");
		assertThat(map(at(spec, "resources", "limits"))).containsKeys("memory");

		// its public host: our Ingress (not the operator's), to the service the operator
		// makes; or, in dev, localhost through the port-forward the overlay documents
		URI hostname = URI.create(String.valueOf(at(spec, "hostname", "hostname")));
		assertThat(hostname.getScheme()).isIn("http", "https");
		assertThat(hostname.getHost()).isNotBlank();
		assertThat(at(spec, "ingress", "enabled")).as("the Ingress is ours").isEqualTo(false);
		if (LOCAL.contains(hostname.getHost())) {
			assertThat(instructions(overlay)).as("how dev reaches Keycloak at %s", hostname)
				.contains("port-forward service/" + name(keycloak) + "-service " + hostname.getPort() + ":8080");
			assertThat(ingressFor(docs, hostname.getHost())).isNull();
			return;
		}
		Map<String, Object> ingress = ingressFor(docs, hostname.getHost());
		assertThat(ingress).as("an Ingress for %s", hostname.getHost()).isNotNull();
		assertThat(at(ingress, "spec", "ingressClassName")).isEqualTo("nginx");
		Map<String, Object> backend = map(at(firstPath(ingress, hostname.getHost()), "backend", "service"));
		assertThat(backend.get("name")).isEqualTo(name(keycloak) + "-service");
		assertThat(at(backend, "port", "number")).isEqualTo(8080);
		if ("https".equals(hostname.getScheme())) {
			assertThat(String.valueOf(at(ingress, "spec", "tls"))).as("TLS for %s", hostname.getHost())
				.contains(hostname.getHost());
		}

		Map<String, Object> realmImport = one(docs, "KeycloakRealmImport");
		assertThat(realmImport.get("apiVersion")).isEqualTo("k8s.keycloak.org/v2alpha1");
		assertThat(at(realmImport, "spec", "keycloakCRName")).isEqualTo(name(keycloak));
		assertThat(at(realmImport, "spec", "realm", "realm")).isEqualTo(REALM);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod", "dev-redis-cluster", "prod-redis-cluster" })
	void marqueeTrustsThatKeycloak(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> keycloak = one(docs, "Keycloak");
		Map<String, String> config = marqueeConfig(docs);
		String hostname = String.valueOf(at(keycloak, "spec", "hostname", "hostname"));
		assertThat(config.get("MARQUEE_SECURITY_OIDC_ISSUER_URI"))
			.as("the issuer is Keycloak's public URL, as the browser and the tokens see it")
			.isEqualTo(hostname + "/realms/" + REALM);
		assertThat(config.get("MARQUEE_SECURITY_OIDC_JWK_SET_URI"))
			.as("the keys from the operator's service, inside the cluster")
			.isEqualTo("http://" + name(keycloak) + "-service:8080/realms/" + REALM + "/protocol/openid-connect/certs");
		assertThat(config).containsEntry("MARQUEE_SECURITY_OIDC_AUDIENCE", "marquee")
			.containsEntry("MARQUEE_SECURITY_OIDC_CLIENT_ID", "marquee-web")
			.containsEntry("MARQUEE_SECURITY_ROLES_CLAIM", "realm_access.roles")
			.doesNotContainKey("MARQUEE_SECURITY_JWT_SECRET");
		if (overlay.startsWith("prod")) {
			assertThat(hostname).as("prod signs in over TLS").startsWith("https://");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod", "dev-redis-cluster", "prod-redis-cluster" })
	void realmIsComposesButRedirectsToTheOverlaysHost(String overlay) throws IOException {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> imported = map(at(one(docs, "KeycloakRealmImport"), "spec", "realm"));
		// JSON is YAML: the same parser reads the realm Compose imports
		Map<String, Object> compose = map(new Yaml().load(Files.readString(COMPOSE_REALM)));
		Map<String, String> config = marqueeConfig(docs);

		compose.forEach((key, value) -> {
			if (!key.equals("clients")) {
				assertThat(imported.get(key)).as("realm setting %s", key).isEqualTo(value);
			}
		});
		assertThat(list(at(imported, "roles", "realm")).stream().map(role -> map(role).get("name")))
			.as("the roles Marquee checks")
			.containsExactlyInAnyOrder("ADMIN", "SCANNER", "METRICS");

		assertThat(list(imported.get("clients"))).hasSameSizeAs(list(compose.get("clients")));
		Map<String, Object> composeClient = map(list(compose.get("clients")).get(0));
		Map<String, Object> client = map(list(imported.get("clients")).get(0));
		assertThat(client.get("clientId")).isEqualTo(config.get("MARQUEE_SECURITY_OIDC_CLIENT_ID"));
		composeClient.forEach((key, value) -> {
			if (!key.equals("redirectUris")) {
				assertThat(client.get(key)).as("client setting %s", key).isEqualTo(value);
			}
		});
		assertThat(client).as("a public client: no secret").doesNotContainKey("secret");
		assertThat(at(client, "attributes", "pkce.code.challenge.method")).isEqualTo("S256");
		List<Map<String, Object>> audiences = list(client.get("protocolMappers")).stream()
			.map(Manifests::map)
			.filter(mapper -> "oidc-audience-mapper".equals(mapper.get("protocolMapper")))
			.toList();
		assertThat(audiences).hasSize(1);
		assertThat(at(audiences.get(0), "config", "included.custom.audience"))
			.isEqualTo(config.get("MARQUEE_SECURITY_OIDC_AUDIENCE"));
		assertThat(at(audiences.get(0), "config", "access.token.claim")).isEqualTo("true");

		// back to Marquee's public host (its Ingress's) or, in dev, to localhost through
		// the port-forward the overlay documents
		Map<String, Object> ingress = named(docs, "Ingress", "marquee");
		Object marqueeHost = map(list(at(ingress, "spec", "rules")).get(0)).get("host");
		List<String> redirects = list(client.get("redirectUris")).stream().map(String::valueOf).toList();
		assertThat(redirects).isNotEmpty();
		if (marqueeHost != null) {
			boolean tls = String.valueOf(at(ingress, "spec", "tls")).contains(String.valueOf(marqueeHost));
			assertThat(redirects).as("Marquee's host")
				.containsExactly((tls ? "https://" : "http://") + marqueeHost + "/*");
			assertThat(overlay).as("prod names its host").startsWith("prod");
		}
		else {
			assertThat(overlay).as("only dev goes without a host").startsWith("dev");
			for (String redirect : redirects) {
				URI uri = URI.create(redirect.replace("*", ""));
				assertThat(uri.getHost()).isIn(LOCAL);
				assertThat(instructions(overlay)).as("how dev reaches Marquee at %s", uri)
					.contains("port-forward service/marquee " + uri.getPort() + ":8080");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod", "dev-redis-cluster", "prod-redis-cluster" })
	void marqueeMayReachKeycloakForItsKeys(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		String keycloak = name(one(docs, "Keycloak"));
		int port = URI.create(marqueeConfig(docs).get("MARQUEE_SECURITY_OIDC_JWK_SET_URI")).getPort();
		Map<String, Object> policy = named(docs, "NetworkPolicy", "marquee");
		List<Object> toKeycloak = list(at(policy, "spec", "egress")).stream()
			.filter(rule -> list(map(rule).get("to")).stream()
				.anyMatch(peer -> keycloak
					.equals(map(at(peer, "podSelector", "matchLabels")).get("app.kubernetes.io/instance"))))
			.toList();
		assertThat(toKeycloak).as("an egress rule to the pods of the Keycloak CR %s", keycloak).hasSize(1);
		assertThat(list(map(toKeycloak.get(0)).get("ports")).stream().map(p -> map(p).get("port")))
			.as("the port of the JWK set URI")
			.containsExactly(port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod", "dev-redis-cluster", "prod-redis-cluster" })
	void noSecretValueIsRendered(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		assertThat(docs.stream().map(Manifests::kind)).as("secrets are made outside Git").doesNotContain("Secret");
		assertThat(String.valueOf(docs)).doesNotContain("MARQUEE_SECURITY_JWT_SECRET");
		List<String> written = new ArrayList<>();
		for (Map<String, Object> doc : docs) {
			collectSecretValues(kind(doc) + " " + name(doc), doc, written);
			if ("ConfigMap".equals(kind(doc))) {
				map(doc.get("data")).keySet()
					.stream()
					.filter(key -> SECRET_NAME.matcher(key).find())
					.forEach(key -> written.add(name(doc) + " data " + key));
			}
		}
		assertThat(written).as("settings whose value is a secret, written in the manifests").isEmpty();
	}

	@Test
	void noFileUnderK8sWritesDownASecret() throws IOException {
		Pattern literal = Pattern.compile("--from-literal=([A-Za-z0-9_]+)=(\\S*)");
		Pattern setting = Pattern.compile("([A-Za-z0-9_.-]*(?:password|secret)[A-Za-z0-9_.-]*)\\s*[:=]\\s*(\\S*)",
				Pattern.CASE_INSENSITIVE);
		List<String> found = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				List<String> lines = Files.readAllLines(file);
				for (int i = 0; i < lines.size(); i++) {
					String line = lines.get(i);
					String where = file + ":" + (i + 1);
					if (line.contains("MARQUEE_SECURITY_JWT_SECRET")) {
						found.add(where + " names the HS256 token secret");
					}
					// kubectl ... --from-literal=NAME=VALUE in the instructions:
					// generated
					// values only (or an obvious placeholder such as sk_live_...)
					for (Matcher m = literal.matcher(line); m.find();) {
						if (!m.group(2).startsWith("\"$(") && !m.group(2).contains("...")) {
							found.add(where + " " + m.group(1));
						}
					}
					String code = line.replaceAll("(^|\\s)#.*", "");
					for (Matcher m = setting.matcher(code); m.find();) {
						if (!secretReference(m.group(1), m.group(2))) {
							found.add(where + " " + m.group(1));
						}
					}
				}
			}
		}
		assertThat(found).as("secret values written in k8s/").isEmpty();
	}

	private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1");

	/** The notes of an overlay's kustomization (a *-redis-cluster one: its base's). */
	private static String instructions(String overlay) {
		try {
			return Files
				.readString(Path.of("k8s/overlays", overlay.replace("-redis-cluster", ""), "kustomization.yaml"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final Pattern SECRET_NAME = Pattern.compile("(?i)password|secret|credential");

	/**
	 * A key such as {@code secretName: x}, {@code passwordSecret:} (a reference that
	 * follows) or {@code resetPasswordAllowed: true}: not a secret value.
	 */
	private static boolean secretReference(String key, String value) {
		String lower = key.toLowerCase(Locale.ROOT);
		return value.isEmpty() || value.equals("true") || value.equals("false") || lower.endsWith("name")
				|| lower.endsWith("ref") || value.startsWith("$(") || value.startsWith("\"$(");
	}

	/** Scalars under keys naming a password or secret, anywhere in a document. */
	private static void collectSecretValues(String where, Object node, List<String> found) {
		if (node instanceof Map<?, ?> children) {
			children.forEach((key, value) -> {
				String name = String.valueOf(key);
				if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>) && SECRET_NAME.matcher(name).find()
						&& !secretReference(name, String.valueOf(value))) {
					found.add(where + " " + name);
				}
				collectSecretValues(where, value, found);
			});
		}
		else if (node instanceof List<?> items) {
			items.forEach(item -> collectSecretValues(where, item, found));
		}
	}

	private static Map<String, String> marqueeConfig(List<Map<String, Object>> docs) {
		Map<String, String> config = new HashMap<>();
		for (Object source : list(marqueeContainer(one(docs, "Deployment")).get("envFrom"))) {
			String configMap = (String) at(source, "configMapRef", "name");
			if (configMap != null) {
				map(named(docs, "ConfigMap", configMap).get("data"))
					.forEach((k, v) -> config.put(k, String.valueOf(v)));
			}
		}
		return config;
	}

	private static Map<String, Object> ingressFor(List<Map<String, Object>> docs, String host) {
		return docs.stream()
			.filter(doc -> "Ingress".equals(kind(doc)))
			.filter(doc -> firstPath(doc, host) != null)
			.findFirst()
			.orElse(null);
	}

	private static Object firstPath(Map<String, Object> ingress, String host) {
		return list(at(ingress, "spec", "rules")).stream()
			.filter(rule -> host.equals(map(rule).get("host")))
			.flatMap(rule -> list(at(rule, "http", "paths")).stream())
			.findFirst()
			.orElse(null);
	}

	static String keycloakVersion() throws IOException {
		Matcher version = Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(version.find()).as("keycloak.version in pom.xml").isTrue();
		return version.group(1);
	}

}
