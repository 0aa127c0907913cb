package dev.marquee.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.marquee.deploy.Settings.applicationSetting;
import static dev.marquee.deploy.Settings.assertBindToSettings;
import static dev.marquee.deploy.Manifests.LIVENESS;
import static dev.marquee.deploy.Manifests.READINESS;
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
 * What every Kustomize overlay renders from k8s/base (with {@code kubectl kustomize}):
 * the whole workload, probes and graceful drain, a locked-down container, services,
 * policies and scalers that select the deployment, and settings that bind and point at
 * the platform's services.
 * <p>
 * A plain unit test: it reads files and runs kubectl, it starts nothing (no Spring
 * context, no Docker engine, no cluster), and it uses no application class.
 */
class KustomizeBaseTests {

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void overlayRendersEveryPieceOfTheWorkload(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		assertThat(docs.stream().map(Manifests::kind))
			.contains("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress",
					"NetworkPolicy", "ConfigMap", "Cluster", "Kafka", "KafkaNodePool", "Keycloak",
					"KeycloakRealmImport")
			.as("data services come from operators, not hand-rolled StatefulSets")
			.doesNotContain("StatefulSet");
		assertThat(docs.stream().filter(doc -> "Cluster".equals(kind(doc))).map(doc -> doc.get("apiVersion")))
			.as("Marquee's and Keycloak's databases")
			.hasSize(2)
			.containsOnly("postgresql.cnpg.io/v1");
		assertThat(one(docs, "Kafka").get("apiVersion")).isEqualTo("kafka.strimzi.io/v1beta2");
		assertThat(one(docs, "HorizontalPodAutoscaler").get("apiVersion")).isEqualTo("autoscaling/v2");
		assertThat(docs.stream().filter(doc -> "Ingress".equals(kind(doc))).map(doc -> doc.get("apiVersion")))
			.as("Marquee's host, and Keycloak's where it has one")
			.isNotEmpty()
			.containsOnly("networking.k8s.io/v1");
		assertThat(named(docs, "Ingress", name(one(docs, "Deployment")))).as("Marquee's Ingress").isNotNull();
		assertThat(one(docs, "PodDisruptionBudget").get("apiVersion")).isEqualTo("policy/v1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod", "dev-redis-cluster", "prod-redis-cluster" })
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
			assertThat(port instanceof Integer number ? number : ports.get(String.valueOf(port)))
				.as("%s port", probe[0])
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
		String tmpVolume = list(container.get("volumeMounts")).stream()
			.map(Manifests::map)
			.filter(mount -> "/tmp".equals(mount.get("mountPath")))
			.map(mount -> String.valueOf(mount.get("name")))
			.findFirst()
			.orElse(null);
		assertThat(tmpVolume).as("a writable /tmp under a read-only root").isNotNull();
		assertThat(list(pod.get("volumes")).stream().map(Manifests::map))
			.anySatisfy(volume -> assertThat(volume).containsEntry("name", tmpVolume).containsKey("emptyDir"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void servicePoliciesAndScalersSelectTheDeployment(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> deployment = one(docs, "Deployment");
		String name = name(deployment);
		Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));

		Map<String, Object> service = docs.stream()
			.filter(doc -> "Service".equals(kind(doc)))
			.filter(doc -> !"ExternalName".equals(at(doc, "spec", "type")))
			.findFirst()
			.orElseThrow();
		assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
		assertThat(podLabels)
			.containsAllEntriesOf(map(at(one(docs, "PodDisruptionBudget"), "spec", "selector", "matchLabels")));
		assertThat(podLabels)
			.containsAllEntriesOf(map(at(one(docs, "NetworkPolicy"), "spec", "podSelector", "matchLabels")));

		Map<String, Object> hpa = one(docs, "HorizontalPodAutoscaler");
		assertThat(at(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
		assertThat(at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(name);
		assertThat((Integer) at(hpa, "spec", "maxReplicas"))
			.isGreaterThanOrEqualTo((Integer) at(hpa, "spec", "minReplicas"));
		assertThat(String.valueOf(at(hpa, "spec", "metrics"))).contains("cpu");

		Map<String, Object> ingress = named(docs, "Ingress", name);
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
				"SPRING_DATA_REDIS_HOST", "MARQUEE_SECURITY_OIDC_ISSUER_URI", "MARQUEE_SECURITY_OIDC_JWK_SET_URI",
				"MARQUEE_SECURITY_OIDC_AUDIENCE", "MARQUEE_SECURITY_OIDC_CLIENT_ID", "MARQUEE_SECURITY_ROLES_CLAIM",
				"MARQUEE_QUEUE_ADMISSION_SECRET", "MARQUEE_TICKET_CODE_SECRET", "MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS",
				"MARQUEE_OUTBOX_BOOTSTRAP_SERVERS", "MARQUEE_SERVER_TRUSTED_PROXIES")
			.as("tokens are Keycloak's: no shared token secret")
			.doesNotContain("MARQUEE_SECURITY_JWT_SECRET");
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
				map(named(docs, "ConfigMap", configMap).get("data"))
					.forEach((k, v) -> config.put(k, String.valueOf(v)));
			}
		}
		Map<String, Object> database = named(docs, "Cluster", "marquee-db");
		assertThat(database).as("Marquee's CloudNativePG Cluster").isNotNull();
		String cluster = name(database);
		assertThat(config.get("SPRING_R2DBC_URL")).startsWith("r2dbc:postgresql://" + cluster + "-rw:5432/"
				+ at(database, "spec", "bootstrap", "initdb", "database"));
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
		assertThat(named(docs, "Service", config.get("SPRING_DATA_REDIS_HOST"))).as("the Redis service").isNotNull();

		// Kafka's replication fits its brokers, PostgreSQL's connections fit the pods'
		// pools
		Map<String, Object> pool = one(docs, "KafkaNodePool");
		assertThat(map(pool.get("metadata")).get("labels").toString()).contains("strimzi.io/cluster=" + kafka);
		int brokers = (Integer) at(pool, "spec", "replicas");
		Map<String, Object> kafkaConfig = map(at(one(docs, "Kafka"), "spec", "kafka", "config"));
		for (String factor : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
				"default.replication.factor", "min.insync.replicas")) {
			assertThat(Integer.parseInt(String.valueOf(kafkaConfig.get(factor)))).as(factor).isBetween(1, brokers);
		}
		docs.stream()
			.filter(doc -> "KafkaTopic".equals(kind(doc)))
			.forEach(
					topic -> assertThat((Integer) at(topic, "spec", "replicas")).as(name(topic)).isBetween(1, brokers));
		int maxPods = (Integer) at(one(docs, "HorizontalPodAutoscaler"), "spec", "maxReplicas");
		int poolSize = Integer.parseInt(applicationSetting("spring.r2dbc.pool.max-size"));
		int maxConnections = Integer
			.parseInt(String.valueOf(at(database, "spec", "postgresql", "parameters", "max_connections")));
		assertThat(maxConnections).as("max_connections over %d pods x %d pooled connections", maxPods, poolSize)
			.isGreaterThan(maxPods * poolSize);
	}

}
