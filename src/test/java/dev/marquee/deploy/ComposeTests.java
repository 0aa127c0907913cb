package dev.marquee.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.marquee.deploy.Settings.applicationSetting;
import static dev.marquee.deploy.Settings.assertBindToSettings;
import static dev.marquee.deploy.Manifests.COMPOSE_NODES;
import static dev.marquee.deploy.Manifests.LIVENESS;
import static dev.marquee.deploy.Manifests.READINESS;
import static dev.marquee.deploy.Manifests.compose;
import static dev.marquee.deploy.Manifests.environment;
import static dev.marquee.deploy.Manifests.list;
import static dev.marquee.deploy.Manifests.map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml runs the whole stack: two Marquee nodes behind a load balancer that
 * carries WebSockets, with health checks, one shared secret, the data services by name,
 * and only environment variables that bind to real settings.
 * <p>
 * A plain unit test: it reads files and runs kubectl, it starts nothing (no Spring
 * context, no Docker engine, no cluster), and it uses no application class.
 */
class ComposeTests {

	@Test
	void composeRunsTheWholeStackWithHealthChecks() throws IOException {
		Map<String, Object> services = map(compose().get("services"));
		assertThat(services).containsKeys("postgres", "redis", "kafka", "keycloak", "mailpit", "marquee-1", "marquee-2",
				"lb");
		services.forEach((name, service) -> {
			Map<String, Object> healthcheck = map(map(service).get("healthcheck"));
			assertThat(healthcheck).as("service %s has a healthcheck", name).isNotEmpty();
			assertThat(healthcheck.get("disable")).as("healthcheck of %s", name).isNotEqualTo(true);
			assertThat(String.valueOf(healthcheck.get("test"))).as("healthcheck of %s", name)
				.isNotBlank()
				.doesNotContain("NONE");
		});
		for (String node : COMPOSE_NODES) {
			Map<String, Object> service = map(services.get(node));
			Map<String, Object> dependsOn = map(service.get("depends_on"));
			for (String backing : List.of("postgres", "redis", "kafka")) {
				assertThat(map(dependsOn.get(backing)).get("condition"))
					.as("%s waits for %s to be healthy", node, backing)
					.isEqualTo("service_healthy");
			}
			assertThat(service).as("%s is built from the Dockerfile", node).containsKey("build");
			assertThat(String.valueOf(map(service.get("healthcheck")).get("test"))).as("healthcheck of %s", node)
				.containsAnyOf(READINESS, LIVENESS)
				.contains(":" + applicationSetting("server.port") + "/");
		}
		assertThat(map(services.get("marquee-1")).get("image")).as("both nodes run the same image")
			.isNotNull()
			.isEqualTo(map(services.get("marquee-2")).get("image"));
		assertThat(String.valueOf(map(services.get("redis")).get("command"))).contains("notify-keyspace-events")
			.containsPattern("notify-keyspace-events\\W+Ex");
	}

	@Test
	void composeNodesSignInAtKeycloakAndReachTheServicesByName() throws IOException {
		Map<String, Object> services = map(compose().get("services"));
		Map<String, String> first = environment(services.get("marquee-1"));
		assertThat(environment(services.get("marquee-2"))).as("both nodes are configured alike").isEqualTo(first);
		assertThat(first)
			.containsKeys("SPRING_R2DBC_URL", "SPRING_R2DBC_USERNAME", "SPRING_R2DBC_PASSWORD",
					"SPRING_DATA_REDIS_HOST", "MARQUEE_SECURITY_OIDC_ISSUER_URI", "MARQUEE_SECURITY_OIDC_AUDIENCE",
					"MARQUEE_SECURITY_OIDC_CLIENT_ID", "MARQUEE_QUEUE_ADMISSION_SECRET", "MARQUEE_TICKET_CODE_SECRET",
					"MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS", "MARQUEE_OUTBOX_BOOTSTRAP_SERVERS",
					"MARQUEE_SERVER_TRUSTED_PROXIES")
			.doesNotContainKey("MARQUEE_SECURITY_JWT_SECRET");
		assertThat(first.get("SPRING_R2DBC_URL")).startsWith("r2dbc:postgresql://postgres:5432/");
		assertThat(first.get("SPRING_DATA_REDIS_HOST")).isEqualTo("redis");
		assertThat(first.get("MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
		assertThat(first.get("MARQUEE_OUTBOX_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
		assertThat(first.get("SPRING_MAIL_HOST")).as("buyers' email lands in Mailpit").isEqualTo("mailpit");
		assertThat(list(map(services.get("mailpit")).get("ports"))).map(String::valueOf).contains("8025:8025");
		assertThat(first.get("MARQUEE_SERVER_TRUSTED_PROXIES")).as("nginx's network is trusted")
			.contains("172.16.0.0/12");
		// the issuer as the browser reaches Keycloak (its published port, and
		// KC_HOSTNAME), the
		// keys as the nodes reach it on the compose network
		Map<String, String> keycloak = environment(services.get("keycloak"));
		assertThat(first.get("MARQUEE_SECURITY_OIDC_ISSUER_URI"))
			.isEqualTo(keycloak.get("KC_HOSTNAME") + "/realms/marquee")
			.startsWith("http://localhost:8180/");
		assertThat(list(map(services.get("keycloak")).get("ports"))).map(String::valueOf).contains("8180:8080");
		assertThat(first.get("MARQUEE_SECURITY_OIDC_JWK_SET_URI")).startsWith("http://keycloak:8080/realms/marquee/");
		assertThat(list(map(services.get("keycloak")).get("volumes"))).map(String::valueOf)
			.anyMatch(volume -> volume.startsWith("./deploy/keycloak:/opt/keycloak/data/import"));
		assertThat(Files.readString(Path.of("deploy/keycloak/marquee-realm.json")))
			.contains("\"clientId\": \"" + first.get("MARQUEE_SECURITY_OIDC_CLIENT_ID") + "\"")
			.contains("\"included.custom.audience\": \"" + first.get("MARQUEE_SECURITY_OIDC_AUDIENCE") + "\"")
			.contains("http://localhost:8080/*");
	}

	@Test
	void composeHasNoKnownDefaultSecret() throws IOException {
		Map<String, Object> services = map(compose().get("services"));
		services.forEach((name, service) -> environment(service).forEach((variable, value) -> {
			if (variable.matches(".*(PASSWORD|SECRET).*")) {
				assertThat(value).as("%s of %s: required from the environment, no default", variable, name)
					.matches("\\$\\{[A-Z_]+:\\?[^}]+\\}");
			}
		}));
	}

	@Test
	void composeEnvironmentNamesBindToRealSettings() throws IOException {
		Map<String, Object> services = map(compose().get("services"));
		for (String node : COMPOSE_NODES) {
			assertBindToSettings("docker-compose.yml " + node, environment(services.get(node)).keySet());
		}
	}

	@Test
	void composeLoadBalancerPublishes8080AndCarriesWebSockets() throws IOException {
		Map<String, Object> lb = map(map(compose().get("services")).get("lb"));
		assertThat(list(lb.get("ports")).stream().map(String::valueOf))
			.anySatisfy(port -> assertThat(port).matches("(.*:)?8080:\\d+|\\{.*published=8080.*\\}"));
		Map<String, Object> dependsOn = map(lb.get("depends_on"));
		for (String node : COMPOSE_NODES) {
			assertThat(map(dependsOn.get(node)).get("condition")).isEqualTo("service_healthy");
		}
		String config = null;
		for (Object volume : list(lb.get("volumes"))) {
			String source = String.valueOf(volume).split(":")[0];
			if (source.endsWith(".conf") || source.endsWith(".cfg")) {
				config = Files.readString(Path.of(source));
			}
		}
		assertThat(config).as("the lb mounts its config from deploy/").isNotNull();
		for (String node : COMPOSE_NODES) {
			assertThat(config).contains(node + ":" + applicationSetting("server.port"))
				.contains(node + ":" + applicationSetting("spring.rsocket.server.port"));
		}
		assertThat(config).contains("proxy_set_header Upgrade $http_upgrade")
			.contains("proxy_set_header Connection $connection_upgrade")
			.contains("location /ws/")
			.contains("/rsocket")
			.contains("seat-events")
			.contains("proxy_buffering off")
			.contains("X-Forwarded-For")
			.containsPattern("listen\\s+8080;")
			.containsPattern("stream\\s*\\{");
	}

}
