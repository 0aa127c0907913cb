package dev.marquee.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The deployment files hang together: docker-compose.yml, the Dockerfile and the Kustomize
 * overlays under k8s/ (rendered with {@code kubectl kustomize}) have what running Marquee needs
 * (health checks, probes, graceful drain, a non-root user, the data services), and every
 * environment variable they give Marquee binds to a setting the application really has.
 * <p>
 * A plain unit test: it reads files and runs kubectl, it starts nothing (no Spring context, no
 * Docker engine, no cluster), and it uses no application class.
 */
class DeploymentManifestTests {

	/** Spring Boot's own settings that deployments may set: the areas Marquee uses. */
	static final List<String> FRAMEWORK_PREFIXES = List.of("spring.r2dbc.", "spring.data.redis.", "spring.rsocket.",
			"spring.lifecycle.", "spring.flyway.", "server.", "management.", "logging.");

	/** Environment variables for the JVM rather than for Spring. */
	static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "TZ");

	static final List<String> COMPOSE_NODES = List.of("marquee-1", "marquee-2");

	static final String LIVENESS = "/actuator/health/liveness";

	static final String READINESS = "/actuator/health/readiness";

	private static final Map<String, List<Map<String, Object>>> rendered = new ConcurrentHashMap<>();

	private static volatile Map<String, String> knownProperties;

	// ------------------------------------------------------------------ settings

	@Test
	void theKnownSettingsComeFromTheApplication() throws IOException {
		Map<String, String> known = knownProperties();
		// a broken scan would let every name through or none
		assertThat(known).containsKeys("marquee.security.jwt-secret", "marquee.live.kafka.bootstrap-servers",
				"marquee.outbox.bootstrap-servers", "marquee.queue.admission-secret", "marquee.ticket.code-secret",
				"spring.r2dbc.url", "spring.r2dbc.username", "spring.data.redis.host", "server.forward-headers-strategy",
				"server.port", "spring.rsocket.server.port", "marquee.live.kafka.partitions",
				"marquee.queue.max-catch-up-seconds", "marquee.security.dev-token-ttl");
		assertThat(known).doesNotContainKeys("marquee.security", "spring.kafka.bootstrap-servers");
		assertThat(bindingProperty("MARQUEE_SECURITY_JWT_SECRET")).isEqualTo("marquee.security.jwt-secret");
		assertThat(bindingProperty("MARQUEE_LIVE_KAFKA_BOOTSTRAPSERVERS")).isEqualTo("marquee.live.kafka.bootstrap-servers");
		assertThat(bindingProperty("MARQUEE_SECURITY_JWT_SECRETS")).isNull();
		assertThat(bindingProperty("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isNull();
	}

	// ------------------------------------------------------------------ docker compose

	@Test
	void composeRunsTheWholeStackWithHealthChecks() throws IOException {
		Map<String, Object> services = map(compose().get("services"));
		assertThat(services).containsKeys("postgres", "redis", "kafka", "marquee-1", "marquee-2", "lb");
		services.forEach((name, service) -> {
			Map<String, Object> healthcheck = map(map(service).get("healthcheck"));
			assertThat(healthcheck).as("service %s has a healthcheck", name).isNotEmpty();
			assertThat(healthcheck.get("disable")).as("healthcheck of %s", name).isNotEqualTo(true);
			assertThat(String.valueOf(healthcheck.get("test"))).as("healthcheck of %s", name).isNotBlank()
				.doesNotContain("NONE");
		});
		for (String node : COMPOSE_NODES) {
			Map<String, Object> service = map(services.get(node));
			Map<String, Object> dependsOn = map(service.get("depends_on"));
			for (String backing : List.of("postgres", "redis", "kafka")) {
				assertThat(map(dependsOn.get(backing)).get("condition")).as("%s waits for %s to be healthy", node, backing)
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
	void composeNodesShareOneSecretAndReachTheServicesByName() throws IOException {
		Map<String, Object> services = map(compose().get("services"));
		Map<String, String> first = environment(services.get("marquee-1"));
		assertThat(environment(services.get("marquee-2"))).as("both nodes are configured alike").isEqualTo(first);
		assertThat(first).containsKeys("SPRING_R2DBC_URL", "SPRING_R2DBC_USERNAME", "SPRING_R2DBC_PASSWORD",
				"SPRING_DATA_REDIS_HOST", "MARQUEE_SECURITY_JWT_SECRET", "MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS",
				"MARQUEE_OUTBOX_BOOTSTRAP_SERVERS", "MARQUEE_SERVER_TRUSTED_PROXIES");
		assertThat(first.get("SPRING_R2DBC_URL")).startsWith("r2dbc:postgresql://postgres:5432/");
		assertThat(first.get("SPRING_DATA_REDIS_HOST")).isEqualTo("redis");
		assertThat(first.get("MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
		assertThat(first.get("MARQUEE_OUTBOX_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
		assertThat(first.get("MARQUEE_SERVER_TRUSTED_PROXIES")).as("nginx's network is trusted").contains("172.16.0.0/12");
		assertThat(first.get("MARQUEE_SECURITY_JWT_SECRET")).as("a default a developer recognises as such")
			.contains("dev");
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

	// ------------------------------------------------------------------ Dockerfile

	@Test
	void dockerfileBuildsInStagesAndRunsTheLayersAsNonRoot() throws IOException {
		List<String[]> instructions = dockerInstructions(Files.readString(Path.of("Dockerfile")));
		List<Integer> froms = new ArrayList<>();
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i)[0].equals("FROM")) {
				froms.add(i);
			}
		}
		assertThat(froms).as("a multi-stage build").hasSizeGreaterThanOrEqualTo(2);
		List<String[]> build = instructions.subList(froms.get(0), froms.get(1));
		List<String[]> last = instructions.subList(froms.get(froms.size() - 1), instructions.size());

		assertThat(args(build, "RUN")).anySatisfy(run -> assertThat(run).contains("./mvnw").contains("package"));
		assertThat(args(build, "RUN")).anySatisfy(run -> assertThat(run).contains("-Djarmode=tools").contains("extract")
			.contains("--layers"));
		assertThat(last.get(0)[1]).as("the runtime image").contains("jre");

		List<String> users = args(last, "USER");
		assertThat(users).as("the final stage sets a user").isNotEmpty();
		String user = users.get(users.size() - 1).split(":")[0].trim();
		assertThat(user).as("the final stage's user").isNotIn("root", "0");

		String exposed = String.join(" ", args(last, "EXPOSE"));
		assertThat(exposed.split("\\s+")).contains(applicationSetting("server.port"),
				applicationSetting("spring.rsocket.server.port"));
		assertThat(args(last, "HEALTHCHECK")).singleElement().asString().contains("CMD").contains(LIVENESS);
		assertThat(args(last, "ENTRYPOINT")).singleElement().asString().contains("MaxRAMPercentage")
			.contains("ExitOnOutOfMemoryError")
			.contains("org.springframework.boot.loader.launch.JarLauncher");

		// dependencies before the application: a code change rebuilds only the last layer
		List<String> copies = args(last, "COPY");
		int dependencies = indexOfContaining(copies, "/dependencies");
		int application = indexOfContaining(copies, "/application");
		assertThat(dependencies).as("COPY of the dependencies layer").isNotNegative();
		assertThat(application).as("COPY of the application layer").isGreaterThan(dependencies);

		String ignored = Files.readString(Path.of(".dockerignore"));
		assertThat(ignored.lines().map(String::strip)).contains("target/", ".git")
			.anySatisfy(line -> assertThat(line).contains("node_modules"));
	}

	// ------------------------------------------------------------------ Kubernetes

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void overlayRendersEveryPieceOfTheWorkload(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		assertThat(docs.stream().map(DeploymentManifestTests::kind)).contains("Deployment", "Service",
				"HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "NetworkPolicy", "ConfigMap", "Cluster",
				"Kafka", "KafkaNodePool")
			.as("data services come from operators, not hand-rolled StatefulSets")
			.doesNotContain("StatefulSet");
		assertThat(one(docs, "Cluster").get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
		assertThat(one(docs, "Kafka").get("apiVersion")).isEqualTo("kafka.strimzi.io/v1beta2");
		assertThat(one(docs, "HorizontalPodAutoscaler").get("apiVersion")).isEqualTo("autoscaling/v2");
		assertThat(one(docs, "Ingress").get("apiVersion")).isEqualTo("networking.k8s.io/v1");
		assertThat(one(docs, "PodDisruptionBudget").get("apiVersion")).isEqualTo("policy/v1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void deploymentProbesDrainsAndRunsLocked(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> deployment = one(docs, "Deployment");
		Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
		Map<String, Object> container = marqueeContainer(deployment);
		Map<String, Integer> ports = new HashMap<>();
		for (Object port : list(container.get("ports"))) {
			ports.put(String.valueOf(map(port).get("name")), (Integer) map(port).get("containerPort"));
		}
		int http = Integer.parseInt(applicationSetting("server.port"));
		assertThat(ports.values()).contains(http, Integer.parseInt(applicationSetting("spring.rsocket.server.port")));

		for (String[] probe : new String[][] { { "readinessProbe", READINESS }, { "livenessProbe", LIVENESS },
				{ "startupProbe", null } }) {
			Map<String, Object> get = map(at(container, probe[0], "httpGet"));
			assertThat(get).as("%s is an HTTP probe", probe[0]).isNotEmpty();
			if (probe[1] != null) {
				assertThat(get.get("path")).as(probe[0]).isEqualTo(probe[1]);
			}
			else {
				assertThat(String.valueOf(get.get("path"))).as(probe[0]).startsWith("/actuator/health");
			}
			Object port = get.get("port");
			assertThat(port instanceof Integer number ? number : ports.get(String.valueOf(port))).as("%s port", probe[0])
				.isEqualTo(http);
		}

		assertThat(map(at(container, "resources", "limits"))).containsKeys("cpu", "memory");
		assertThat(map(at(container, "resources", "requests"))).containsKeys("cpu", "memory");
		assertThat(map(at(container, "lifecycle", "preStop"))).as("preStop lets the endpoints go first").isNotEmpty();
		assertThat((Integer) pod.get("terminationGracePeriodSeconds")).as("time to drain WebSockets")
			.isGreaterThanOrEqualTo(45);

		Object runAsNonRoot = at(container, "securityContext", "runAsNonRoot") != null
				? at(container, "securityContext", "runAsNonRoot") : at(pod, "securityContext", "runAsNonRoot");
		assertThat(runAsNonRoot).isEqualTo(true);
		assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
		String tmpVolume = list(container.get("volumeMounts")).stream().map(DeploymentManifestTests::map)
			.filter(mount -> "/tmp".equals(mount.get("mountPath")))
			.map(mount -> String.valueOf(mount.get("name")))
			.findFirst()
			.orElse(null);
		assertThat(tmpVolume).as("a writable /tmp under a read-only root").isNotNull();
		assertThat(list(pod.get("volumes")).stream().map(DeploymentManifestTests::map))
			.anySatisfy(volume -> assertThat(volume).containsEntry("name", tmpVolume).containsKey("emptyDir"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void servicePoliciesAndScalersSelectTheDeployment(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> deployment = one(docs, "Deployment");
		String name = name(deployment);
		Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));

		Map<String, Object> service = docs.stream().filter(doc -> "Service".equals(kind(doc)))
			.filter(doc -> !"ExternalName".equals(at(doc, "spec", "type")))
			.findFirst()
			.orElseThrow();
		assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
		assertThat(podLabels).containsAllEntriesOf(map(at(one(docs, "PodDisruptionBudget"), "spec", "selector", "matchLabels")));
		assertThat(podLabels).containsAllEntriesOf(map(at(one(docs, "NetworkPolicy"), "spec", "podSelector", "matchLabels")));

		Map<String, Object> hpa = one(docs, "HorizontalPodAutoscaler");
		assertThat(at(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
		assertThat(at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(name);
		assertThat((Integer) at(hpa, "spec", "maxReplicas")).isGreaterThanOrEqualTo((Integer) at(hpa, "spec", "minReplicas"));
		assertThat(String.valueOf(at(hpa, "spec", "metrics"))).contains("cpu");

		Map<String, Object> ingress = one(docs, "Ingress");
		assertThat(String.valueOf(at(ingress, "spec", "rules"))).contains("name=" + name(service));
		Map<String, Object> annotations = map(at(ingress, "metadata", "annotations"));
		for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
			assertThat(Integer.parseInt(String.valueOf(annotations.get("nginx.ingress.kubernetes.io/" + timeout))))
				.as("%s for long-lived WebSockets and SSE", timeout)
				.isGreaterThanOrEqualTo(3600);
		}

		Map<String, Object> policy = one(docs, "NetworkPolicy");
		assertThat(list(at(policy, "spec", "policyTypes"))).contains("Ingress", "Egress");
		assertThat(String.valueOf(at(policy, "spec", "ingress"))).contains("ingress-nginx");
		Set<Integer> egressPorts = new TreeSet<>();
		for (Object rule : list(at(policy, "spec", "egress"))) {
			for (Object port : list(map(rule).get("ports"))) {
				egressPorts.add((Integer) map(port).get("port"));
			}
		}
		assertThat(egressPorts).as("PostgreSQL, Redis, Kafka and DNS").contains(5432, 6379, 9092, 53);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void containerEnvironmentNamesBindToRealSettings(String overlay) throws IOException {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> container = marqueeContainer(one(docs, "Deployment"));
		Set<String> names = new TreeSet<>();
		for (Object variable : list(container.get("env"))) {
			names.add(String.valueOf(map(variable).get("name")));
		}
		for (Object source : list(container.get("envFrom"))) {
			String configMap = (String) at(source, "configMapRef", "name");
			if (configMap != null) {
				Map<String, Object> found = named(docs, "ConfigMap", configMap);
				assertThat(found).as("ConfigMap %s is in the overlay", configMap).isNotNull();
				names.addAll(map(found.get("data")).keySet());
			}
			String secret = (String) at(source, "secretRef", "name");
			if (secret != null) {
				Map<String, Object> found = named(docs, "Secret", secret);
				if (found != null) {
					names.addAll(map(found.get("data")).keySet());
				}
			}
		}
		// the Secret that prod expects to be made outside Git, as its kustomization says
		Matcher literal = Pattern.compile("--from-literal=([A-Z0-9_]+)=")
			.matcher(Files.readString(Path.of("k8s/overlays", overlay, "kustomization.yaml")));
		while (literal.find()) {
			names.add(literal.group(1));
		}
		assertThat(names).contains("SPRING_R2DBC_URL", "SPRING_R2DBC_USERNAME", "SPRING_R2DBC_PASSWORD",
				"SPRING_DATA_REDIS_HOST", "MARQUEE_SECURITY_JWT_SECRET", "MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS",
				"MARQUEE_OUTBOX_BOOTSTRAP_SERVERS", "MARQUEE_SERVER_TRUSTED_PROXIES");
		assertBindToSettings("k8s/overlays/" + overlay, names);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void settingsPointAtThePlatformServices(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> container = marqueeContainer(one(docs, "Deployment"));
		Map<String, String> config = new HashMap<>();
		for (Object source : list(container.get("envFrom"))) {
			String configMap = (String) at(source, "configMapRef", "name");
			if (configMap != null) {
				map(named(docs, "ConfigMap", configMap).get("data")).forEach((k, v) -> config.put(k, String.valueOf(v)));
			}
		}
		String cluster = name(one(docs, "Cluster"));
		assertThat(config.get("SPRING_R2DBC_URL")).startsWith("r2dbc:postgresql://" + cluster + "-rw:5432/"
				+ at(one(docs, "Cluster"), "spec", "bootstrap", "initdb", "database"));
		for (String credential : List.of("SPRING_R2DBC_USERNAME", "SPRING_R2DBC_PASSWORD")) {
			Object variable = list(container.get("env")).stream()
				.filter(env -> credential.equals(map(env).get("name")))
				.findFirst()
				.orElseThrow();
			assertThat(at(variable, "valueFrom", "secretKeyRef", "name")).as("CloudNativePG's app secret")
				.isEqualTo(cluster + "-app");
		}
		String kafka = name(one(docs, "Kafka"));
		assertThat(config.get("MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(kafka + "-kafka-bootstrap:9092");
		assertThat(config.get("MARQUEE_OUTBOX_BOOTSTRAP_SERVERS")).isEqualTo(kafka + "-kafka-bootstrap:9092");
		assertThat(named(docs, "Service", config.get("SPRING_DATA_REDIS_HOST"))).as("the Redis service")
			.isNotNull();

		// Kafka's replication fits its brokers, PostgreSQL's connections fit the pods' pools
		Map<String, Object> pool = one(docs, "KafkaNodePool");
		assertThat(map(pool.get("metadata")).get("labels").toString()).contains("strimzi.io/cluster=" + kafka);
		int brokers = (Integer) at(pool, "spec", "replicas");
		Map<String, Object> kafkaConfig = map(at(one(docs, "Kafka"), "spec", "kafka", "config"));
		for (String factor : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
				"default.replication.factor", "min.insync.replicas")) {
			assertThat(Integer.parseInt(String.valueOf(kafkaConfig.get(factor)))).as(factor).isBetween(1, brokers);
		}
		docs.stream().filter(doc -> "KafkaTopic".equals(kind(doc)))
			.forEach(topic -> assertThat((Integer) at(topic, "spec", "replicas")).as(name(topic)).isBetween(1, brokers));
		int maxPods = (Integer) at(one(docs, "HorizontalPodAutoscaler"), "spec", "maxReplicas");
		int poolSize = Integer.parseInt(applicationSetting("spring.r2dbc.pool.max-size"));
		int maxConnections = Integer.parseInt(String.valueOf(at(one(docs, "Cluster"), "spec", "postgresql", "parameters",
				"max_connections")));
		assertThat(maxConnections).as("max_connections over %d pods x %d pooled connections", maxPods, poolSize)
			.isGreaterThan(maxPods * poolSize);
	}

	@Test
	void prodRunsAtLeastThreePinnedReplicasOnItsHost() {
		List<Map<String, Object>> docs = kustomize("prod");
		Map<String, Object> deployment = one(docs, "Deployment");
		assertThat((Integer) at(deployment, "spec", "replicas")).isGreaterThanOrEqualTo(3);
		assertThat((Integer) at(one(docs, "HorizontalPodAutoscaler"), "spec", "minReplicas")).isGreaterThanOrEqualTo(3);
		assertThat((Integer) at(one(docs, "HorizontalPodAutoscaler"), "spec", "maxReplicas")).isGreaterThanOrEqualTo(12);
		String image = String.valueOf(marqueeContainer(deployment).get("image"));
		assertThat(image).as("a pinned image").containsPattern("(:[\\w][\\w.-]*|@sha256:[0-9a-f]{64})$")
			.doesNotEndWith(":latest");
		assertThat(String.valueOf(at(one(docs, "Ingress"), "spec", "rules"))).contains("host=");
		assertThat(at(one(docs, "PodDisruptionBudget"), "spec", "minAvailable")).isInstanceOf(Integer.class);
		assertThat((Integer) at(one(docs, "PodDisruptionBudget"), "spec", "minAvailable")).isGreaterThanOrEqualTo(1);
		assertThat(docs.stream().map(DeploymentManifestTests::kind)).as("prod secrets are not in Git")
			.doesNotContain("Secret");
	}

	@Test
	void devRunsOneSmallReplicaWithAGeneratedDevSecret() {
		List<Map<String, Object>> docs = kustomize("dev");
		Map<String, Object> deployment = one(docs, "Deployment");
		assertThat((Integer) at(deployment, "spec", "replicas")).isEqualTo(1);
		String secretName = list(marqueeContainer(deployment).get("envFrom")).stream()
			.map(source -> (String) at(source, "secretRef", "name"))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow();
		Map<String, Object> secret = named(docs, "Secret", secretName);
		assertThat(secret).as("the dev overlay generates %s", secretName).isNotNull();
		assertThat(map(secret.get("data"))).containsKey("MARQUEE_SECURITY_JWT_SECRET");
		String jwt = new String(java.util.Base64.getDecoder()
			.decode(String.valueOf(map(secret.get("data")).get("MARQUEE_SECURITY_JWT_SECRET"))), StandardCharsets.UTF_8);
		assertThat(jwt).hasSizeGreaterThanOrEqualTo(32).contains("dev");
	}

	// ------------------------------------------------------------------ environment names

	private static void assertBindToSettings(String where, Collection<String> names) throws IOException {
		List<String> unbound = new ArrayList<>();
		for (String name : names) {
			if (JVM_VARIABLES.contains(name)) {
				continue;
			}
			if (bindingProperty(name) == null) {
				unbound.add(name);
			}
		}
		assertThat(unbound).as("""
				environment variables in %s that bind to no setting of Marquee (its @ConfigurationProperties \
				records, application.yml, or Spring Boot's settings under %s)""", where, FRAMEWORK_PREFIXES)
			.isEmpty();
	}

	/**
	 * The setting an environment variable binds to, by Spring Boot's relaxed binding: the
	 * property name upper-cased with dots as underscores and dashes removed (or, the legacy form,
	 * as underscores); {@code null} for none.
	 */
	private static String bindingProperty(String variable) throws IOException {
		return knownProperties().entrySet().stream()
			.filter(known -> environmentForms(known.getKey()).contains(variable))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	private static Set<String> environmentForms(String property) {
		String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
		return new TreeSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
	}

	/** Settings Marquee has, each with where it was found. */
	private static Map<String, String> knownProperties() throws IOException {
		if (knownProperties == null) {
			Map<String, String> known = new LinkedHashMap<>();
			fromConfigurationProperties(known);
			flatten("", new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml"))), known);
			fromSpringBootMetadata(known);
			knownProperties = known;
		}
		return knownProperties;
	}

	/**
	 * Each component of each {@code @ConfigurationProperties} record in src/main/java, each
	 * {@code ${...}} placeholder and each {@code @ConditionalOnProperty} name, read as text.
	 */
	private static void fromConfigurationProperties(Map<String, String> known) throws IOException {
		Pattern annotation = Pattern.compile("@ConfigurationProperties\\(\\s*(?:(?:value|prefix)\\s*=\\s*)?\"([^\"]+)\"");
		Pattern placeholder = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*[a-z0-9])");
		Pattern condition = Pattern.compile("@ConditionalOnProperty\\(([^)]*)\\)");
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				String text = Files.readString(file);
				for (Matcher m = placeholder.matcher(text); m.find();) {
					known.putIfAbsent(m.group(1), file.toString());
				}
				for (Matcher m = condition.matcher(text); m.find();) {
					Matcher prefixOf = Pattern.compile("prefix\\s*=\\s*\"([^\"]+)\"").matcher(m.group(1));
					Matcher nameOf = Pattern.compile("(?:name|value)\\s*=\\s*\"([^\"]+)\"").matcher(m.group(1));
					if (nameOf.find()) {
						known.putIfAbsent((prefixOf.find() ? prefixOf.group(1) + "." : "") + nameOf.group(1), file.toString());
					}
				}
				String source = text.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
				Matcher prefix = annotation.matcher(text);
				if (!prefix.find()) {
					continue;
				}
				Map<String, List<String[]>> records = records(source);
				String root = records.keySet().stream().findFirst().orElse(null);
				if (root != null) {
					collect(prefix.group(1), root, records, known, file.toString(), 0);
				}
			}
		}
	}

	private static void collect(String prefix, String record, Map<String, List<String[]>> records,
			Map<String, String> known, String file, int depth) {
		for (String[] component : records.get(record)) {
			String name = prefix + "." + kebab(component[1]);
			if (records.containsKey(component[0]) && depth < 5) {
				collect(name, component[0], records, known, file, depth + 1);
			}
			else {
				known.put(name, file);
			}
		}
	}

	/** Record name to its components (type, name), in the order of the file. */
	private static Map<String, List<String[]>> records(String source) {
		Map<String, List<String[]>> records = new LinkedHashMap<>();
		Matcher header = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(").matcher(source);
		while (header.find()) {
			int depth = 1;
			int i = header.end();
			for (; i < source.length() && depth > 0; i++) {
				char c = source.charAt(i);
				depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			}
			List<String[]> components = new ArrayList<>();
			for (String part : splitTopLevel(source.substring(header.end(), i - 1))) {
				String plain = part.replaceAll("@[\\w.]+(\\s*\\((?:[^()]|\\([^()]*\\))*\\))?", " ").trim();
				String[] words = plain.split("\\s+");
				if (words.length >= 2) {
					String type = words[words.length - 2].replaceAll("<.*", "");
					components.add(new String[] { type, words[words.length - 1] });
				}
			}
			records.put(header.group(1), components);
		}
		return records;
	}

	private static List<String> splitTopLevel(String text) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '(' || c == '<') {
				depth++;
			}
			else if (c == ')' || c == '>') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				parts.add(text.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(text.substring(start));
		return parts;
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Object node, Map<String, String> known) {
		if (node instanceof Map<?, ?> children) {
			((Map<Object, Object>) children).forEach((key, value) -> flatten(
					prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, known));
		}
		else {
			known.putIfAbsent(prefix, "application.yml");
		}
	}

	/** Spring Boot's documented settings (its configuration metadata), in the areas Marquee uses. */
	private static void fromSpringBootMetadata(Map<String, String> known) throws IOException {
		Pattern name = Pattern.compile("\"name\"\\s*:\\s*\"([a-z0-9.-]+)\"");
		Enumeration<URL> resources = DeploymentManifestTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		int files = 0;
		while (resources.hasMoreElements()) {
			URL url = resources.nextElement();
			files++;
			try (InputStream in = url.openStream()) {
				Matcher m = name.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				while (m.find()) {
					String property = m.group(1);
					if (FRAMEWORK_PREFIXES.stream().anyMatch(property::startsWith)) {
						known.putIfAbsent(property, url.toString());
					}
				}
			}
		}
		assertThat(files).as("Spring Boot's configuration metadata on the test class path").isPositive();
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static String applicationSetting(String property) {
		try {
			Object node = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
			for (String key : property.split("\\.")) {
				node = map(node).get(key);
			}
			assertThat(node).as("%s in application.yml", property).isNotNull();
			return String.valueOf(node);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ------------------------------------------------------------------ reading the files

	private static Map<String, Object> compose() throws IOException {
		return map(new Yaml().load(Files.readString(Path.of("docker-compose.yml"))));
	}

	/** A compose service's environment, whether written as a map or as KEY=VALUE lines. */
	private static Map<String, String> environment(Object service) {
		Object environment = map(service).get("environment");
		Map<String, String> variables = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> entries) {
			entries.forEach((k, v) -> variables.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
		}
		else {
			for (Object line : list(environment)) {
				String[] pair = String.valueOf(line).split("=", 2);
				variables.put(pair[0], pair.length > 1 ? pair[1] : null);
			}
		}
		return variables;
	}

	/** The Dockerfile as instructions (keyword, arguments), continuation lines joined, comments dropped. */
	private static List<String[]> dockerInstructions(String dockerfile) {
		List<String[]> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : dockerfile.lines().toList()) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			String[] parts = current.toString().strip().split("\\s+", 2);
			instructions.add(new String[] { parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "" });
			current.setLength(0);
		}
		return instructions;
	}

	private static List<String> args(List<String[]> instructions, String keyword) {
		return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
	}

	private static int indexOfContaining(List<String> items, String text) {
		for (int i = 0; i < items.size(); i++) {
			if (items.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	/** {@code kubectl kustomize k8s/overlays/<overlay>}, as YAML documents. */
	private static List<Map<String, Object>> kustomize(String overlay) {
		return rendered.computeIfAbsent(overlay, name -> {
			String kubectl = kubectl();
			String output = run(kubectl, "kustomize", Path.of("k8s", "overlays", name).toString());
			List<Map<String, Object>> docs = new ArrayList<>();
			for (Object doc : new Yaml().loadAll(output)) {
				if (doc != null) {
					docs.add(map(doc));
				}
			}
			assertThat(docs).as("documents rendered from k8s/overlays/%s", name).isNotEmpty();
			return docs;
		});
	}

	private static String kubectl() {
		String found = null;
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(dir, "kubectl");
			if (!dir.isEmpty() && Files.isExecutable(candidate)) {
				found = candidate.toString();
				break;
			}
		}
		if (found == null) {
			fail("""
					kubectl is not on the PATH: these tests render k8s/overlays with `kubectl kustomize`. \
					Install kubectl 1.21 or newer (its built-in kustomize must be v4+): the machine image's \
					apt package `kubectl`, or a kubectl from your Kubernetes distribution. (Debian bookworm's \
					`kubernetes-client` package is kubectl 1.20 with kustomize v2, too old for these files.)""");
		}
		String version = run(found, "version", "--client");
		Matcher kustomize = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
		if (!kustomize.find() || Integer.parseInt(kustomize.group(1)) < 4) {
			fail("""
					%s has no kustomize v4 or newer built in (it says: %s). Install kubectl 1.21 or newer \
					(Debian bookworm's `kubernetes-client` is 1.20, too old).""".formatted(found, version.strip()));
		}
		return found;
	}

	private static String run(String... command) {
		try {
			Path errors = Files.createTempFile("kubectl", ".err");
			try {
				Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
				process.getOutputStream().close();
				byte[] out = process.getInputStream().readAllBytes();
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					fail("%s did not finish in 60 s", String.join(" ", command));
				}
				if (process.exitValue() != 0) {
					fail("%s failed (exit %d): %s", String.join(" ", command), process.exitValue(),
							Files.readString(errors));
				}
				return new String(out, StandardCharsets.UTF_8);
			}
			finally {
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// ------------------------------------------------------------------ YAML navigation

	private static String kind(Map<String, Object> doc) {
		return String.valueOf(doc.get("kind"));
	}

	private static String name(Map<String, Object> doc) {
		return String.valueOf(map(doc.get("metadata")).get("name"));
	}

	private static Map<String, Object> one(List<Map<String, Object>> docs, String kind) {
		List<Map<String, Object>> found = docs.stream().filter(doc -> kind.equals(kind(doc))).toList();
		assertThat(found).as("one %s", kind).hasSize(1);
		return found.get(0);
	}

	private static Map<String, Object> named(List<Map<String, Object>> docs, String kind, String name) {
		return docs.stream().filter(doc -> kind.equals(kind(doc)) && name.equals(name(doc))).findFirst().orElse(null);
	}

	private static Map<String, Object> marqueeContainer(Map<String, Object> deployment) {
		List<Object> containers = list(at(deployment, "spec", "template", "spec", "containers"));
		assertThat(containers).as("containers of the Deployment").isNotEmpty();
		return containers.stream().map(DeploymentManifestTests::map)
			.filter(c -> "marquee".equals(c.get("name")))
			.findFirst()
			.orElse(map(containers.get(0)));
	}

	private static Object at(Object node, String... path) {
		for (String key : path) {
			if (!(node instanceof Map<?, ?> children)) {
				return null;
			}
			node = children.get(key);
		}
		return node;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object node) {
		return node instanceof List<?> l ? (List<Object>) l : List.of();
	}

}
