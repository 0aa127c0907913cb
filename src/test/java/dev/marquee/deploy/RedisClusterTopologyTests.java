package dev.marquee.deploy;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.marquee.deploy.Manifests.COMPOSE_NODES;
import static dev.marquee.deploy.Manifests.at;
import static dev.marquee.deploy.Manifests.compose;
import static dev.marquee.deploy.Manifests.environment;
import static dev.marquee.deploy.Manifests.kind;
import static dev.marquee.deploy.Manifests.kustomize;
import static dev.marquee.deploy.Manifests.list;
import static dev.marquee.deploy.Manifests.map;
import static dev.marquee.deploy.Manifests.marqueeContainer;
import static dev.marquee.deploy.Manifests.name;
import static dev.marquee.deploy.Manifests.named;
import static dev.marquee.deploy.Manifests.one;
import static dev.marquee.deploy.Manifests.overrideFile;
import static dev.marquee.deploy.Settings.assertBindToSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis Cluster topology, opt-in beside the single Redis: docker-compose.yml with
 * docker-compose.redis-cluster.yml on top, and the overlays dev-redis-cluster and
 * prod-redis-cluster (the component k8s/platform/redis-cluster). Six nodes, each with
 * cluster mode, expired-key events and no eviction, made three masters with a replica
 * each by a one-shot init; Marquee pointed at all six through
 * {@code SPRING_DATA_REDIS_CLUSTER_NODES} and at no single host; network policies that
 * let Marquee reach the nodes and the nodes reach each other. The defaults stay a single
 * Redis.
 * <p>
 * A plain unit test: it reads files and runs kubectl, it starts nothing (no Spring
 * context, no Docker engine, no cluster), and it uses no application class.
 */
class RedisClusterTopologyTests {

	static final String OVERRIDE = "docker-compose.redis-cluster.yml";

	static final int NODES = 6;

	static final int MASTERS = 3;

	static final int CLIENT_PORT = 6379;

	static final int BUS_PORT = 16379;

	// docker compose -f docker-compose.yml -f docker-compose.redis-cluster.yml

	@Test
	void composeClusterHasSixNodesEachWithClusterModeExpiryEventsAndNoEviction() throws IOException {
		Map<String, Object> services = map(compose(OVERRIDE).get("services"));
		List<String> nodes = redisNodes(services);
		assertThat(nodes).hasSize(NODES);
		for (String node : nodes) {
			Map<String, Object> service = map(services.get(node));
			String command = String.valueOf(service.get("command"));
			assertThat(service.get("image")).as("%s runs Redis 7 (announced hostnames)", node).isEqualTo("redis:7");
			assertThat(command).as("redis-server settings of %s", node)
				.containsPattern("--cluster-enabled\\s+yes\\b")
				.containsPattern("--notify-keyspace-events\\s+Ex\\b")
				.containsPattern("--maxmemory-policy\\s+noeviction\\b")
				.containsPattern("--cluster-config-file\\s+\\S+")
				.containsPattern("--cluster-node-timeout\\s+\\d+")
				.containsPattern("--cluster-preferred-endpoint-type\\s+hostname\\b")
				// its own name, the one compose's DNS resolves for the Marquee nodes
				.containsPattern("--cluster-announce-hostname\\s+\"?\\$\\$\\(hostname\\)");
			assertThat(service.get("hostname")).as("%s announces its service name", node).isEqualTo(node);
			assertThat(String.valueOf(at(service, "healthcheck", "test"))).as("healthcheck of %s", node)
				.contains("redis-cli ping");
		}
	}

	@Test
	void composeInitCreatesThreeMastersWithAReplicaEachOnceAllNodesAreHealthy() throws IOException {
		Map<String, Object> services = map(compose(OVERRIDE).get("services"));
		List<String> nodes = redisNodes(services);
		Map<String, Object> init = map(services.get("redis-cluster-init"));
		assertThat(init).as("a one-shot init service").isNotEmpty().containsEntry("restart", "no");
		Map<String, Object> dependsOn = map(init.get("depends_on"));
		for (String node : nodes) {
			assertThat(at(dependsOn, node, "condition")).as("the init waits for %s", node).isEqualTo("service_healthy");
		}
		String script = String.valueOf(init.get("command"));
		Matcher listed = Pattern.compile("nodes=\"([^\"]+)\"").matcher(script);
		assertThat(listed.find()).as("the init lists the nodes it creates the cluster of").isTrue();
		assertThat(Arrays.asList(listed.group(1).split("\\s+")))
			.containsExactlyInAnyOrderElementsOf(addresses(nodes, CLIENT_PORT));
		assertThat(script).contains("--cluster create $$nodes").contains("--cluster-yes");
		assertThat(NODES / (replicasPerMaster(script) + 1)).as("masters").isEqualTo(MASTERS);
		// idempotent: a cluster that exists is checked, not created again
		assertThat(script.indexOf("cluster_slots_assigned")).as("the existing-cluster check comes first")
			.isNotNegative()
			.isLessThan(script.indexOf("--cluster create"));
		assertThat(script).contains("--cluster check");
	}

	@Test
	void composeMarqueeNodesNameAllSixNodesAndNoSingleRedis() throws IOException {
		Map<String, Object> services = map(compose(OVERRIDE).get("services"));
		List<String> nodes = redisNodes(services);
		for (String node : COMPOSE_NODES) {
			Map<String, Object> service = map(services.get(node));
			Map<String, String> environment = environment(service);
			assertThat(environment).as("%s in the cluster topology", node)
				.doesNotContainKeys("SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_PORT", "SPRING_DATA_REDIS_URL")
				.containsKey("SPRING_DATA_REDIS_CLUSTER_NODES")
				// the rest of the stack is unchanged
				.containsKeys("SPRING_R2DBC_URL", "MARQUEE_SECURITY_OIDC_ISSUER_URI",
						"MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS");
			assertThat(List.of(environment.get("SPRING_DATA_REDIS_CLUSTER_NODES").split(",")))
				.containsExactlyInAnyOrderElementsOf(addresses(nodes, CLIENT_PORT));
			assertBindToSettings(OVERRIDE + " " + node, environment.keySet());
			Map<String, Object> dependsOn = map(service.get("depends_on"));
			assertThat(dependsOn).as("%s waits for the cluster, not the single Redis", node)
				.doesNotContainKey("redis")
				.containsKeys("postgres", "kafka");
			assertThat(at(dependsOn, "redis-cluster-init", "condition")).isEqualTo("service_completed_successfully");
		}
		assertThat(environment(services.get("marquee-1"))).as("both nodes are configured alike")
			.isEqualTo(environment(services.get("marquee-2")));
		assertThat(list(at(services, "redis", "profiles"))).as("the single Redis is not started in this topology")
			.isNotEmpty();
	}

	@Test
	void composeOverrideRemovesWithResetAndTheDefaultStaysASingleRedis() throws IOException {
		// the override drops the single Redis's settings (!reset), it does not blank them
		Map<String, Object> override = map(overrideFile(OVERRIDE).get("services"));
		assertThat(at(override, "marquee-1", "environment", "SPRING_DATA_REDIS_HOST")).isSameAs(Manifests.RESET);
		assertThat(at(override, "marquee-1", "depends_on", "redis")).isSameAs(Manifests.RESET);

		Map<String, Object> services = map(compose().get("services"));
		assertThat(redisNodes(services)).as("docker-compose.yml alone has no cluster").isEmpty();
		assertThat(services).doesNotContainKey("redis-cluster-init");
		assertThat(map(services.get("redis"))).doesNotContainKey("profiles");
		for (String node : COMPOSE_NODES) {
			assertThat(environment(services.get(node))).containsEntry("SPRING_DATA_REDIS_HOST", "redis")
				.doesNotContainKey("SPRING_DATA_REDIS_CLUSTER_NODES");
		}
	}

	// kubectl kustomize k8s/overlays/{dev,prod}-redis-cluster

	@ParameterizedTest
	@ValueSource(strings = { "dev-redis-cluster", "prod-redis-cluster" })
	void statefulSetRunsSixNodesBehindAHeadlessService(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> statefulSet = one(docs, "StatefulSet");
		assertThat((Integer) at(statefulSet, "spec", "replicas")).isEqualTo(NODES);
		Map<String, Object> service = named(docs, "Service", (String) at(statefulSet, "spec", "serviceName"));
		assertThat(service).as("the StatefulSet's governing service").isNotNull();
		assertThat(at(service, "spec", "clusterIP")).as("headless: one DNS name per pod").isEqualTo("None");
		assertThat(at(service, "spec", "publishNotReadyAddresses")).isEqualTo(true);
		Map<String, Object> podLabels = map(at(statefulSet, "spec", "template", "metadata", "labels"));
		assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
		assertThat(ports(service)).contains(CLIENT_PORT, BUS_PORT);

		Map<String, Object> pod = map(at(statefulSet, "spec", "template", "spec"));
		Map<String, Object> container = map(list(pod.get("containers")).get(0));
		assertThat(ports(Map.of("spec", Map.of("ports", container.get("ports"))))).contains(CLIENT_PORT, BUS_PORT);
		assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(map(at(container, "resources", "limits"))).containsKeys("cpu", "memory");
		assertThat(map(at(container, "resources", "requests"))).containsKeys("cpu", "memory");
		assertThat(map(container.get("readinessProbe"))).isNotEmpty();
		assertThat(map(container.get("livenessProbe"))).isNotEmpty();

		// every node announces the name the headless service gives its pod
		assertThat(String.join(" ", list(container.get("args")).stream().map(String::valueOf).toList()))
			.contains("--cluster-announce-hostname $(POD_NAME)." + name(service) + ".");
		// nodes.conf on a claim of its own, so a pod rejoins after it moves
		List<Object> claims = list(at(statefulSet, "spec", "volumeClaimTemplates"));
		assertThat(claims).hasSize(1);
		String claim = String.valueOf(at(claims.get(0), "metadata", "name"));
		assertThat(mountPath(container, claim)).as("the claim holds the cluster config file")
			.isEqualTo(parentOf(redisConf(docs, statefulSet).get("cluster-config-file")));
		assertThat(one(docs, "Deployment")).as("Marquee itself is still the one Deployment").isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev-redis-cluster", "prod-redis-cluster" })
	void everyNodeHasClusterModeExpiryEventsAndNoEviction(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> statefulSet = one(docs, "StatefulSet");
		Map<String, String> conf = redisConf(docs, statefulSet);
		assertThat(conf).containsEntry("cluster-enabled", "yes")
			.containsEntry("notify-keyspace-events", "Ex")
			.containsEntry("maxmemory-policy", "noeviction")
			.containsEntry("cluster-preferred-endpoint-type", "hostname")
			.containsEntry("port", String.valueOf(CLIENT_PORT))
			.containsKeys("cluster-config-file", "cluster-node-timeout", "maxmemory");
		// the server starts from that file: start.sh hands it to redis-server
		Map<String, Object> container = map(list(at(statefulSet, "spec", "template", "spec", "containers")).get(0));
		String script = configFile(docs, statefulSet,
				String.valueOf(list(container.get("command")).getLast()).replaceAll(".*/", ""));
		assertThat(script).contains("exec redis-server " + mountPath(container, "config") + "/redis.conf");
		// Redis refuses writes before the kernel kills it
		assertThat(megabytes(conf.get("maxmemory")))
			.isLessThan(megabytes(String.valueOf(at(container, "resources", "limits", "memory"))));
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev-redis-cluster", "prod-redis-cluster" })
	void jobCreatesThreeMastersWithAReplicaEachFromEveryPod(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> statefulSet = one(docs, "StatefulSet");
		Map<String, Object> job = one(docs, "Job");
		Map<String, Object> container = map(list(at(job, "spec", "template", "spec", "containers")).get(0));
		List<String> args = list(container.get("args")).stream().map(String::valueOf).toList();
		String service = String.valueOf(at(statefulSet, "spec", "serviceName"));
		List<String> pods = IntStream.range(0, NODES)
			.mapToObj(i -> name(statefulSet) + "-" + i + "." + service + ":" + CLIENT_PORT)
			.toList();
		assertThat(args).as("the Job names every pod of the StatefulSet").containsExactlyInAnyOrderElementsOf(pods);
		String script = configFile(docs, job,
				String.valueOf(list(container.get("command")).getLast()).replaceAll(".*/", ""));
		assertThat(script).contains("--cluster create \"$@\"").contains("--cluster-yes");
		assertThat(NODES / (replicasPerMaster(script) + 1)).as("masters").isEqualTo(MASTERS);
		assertThat(script.indexOf("cluster_slots_assigned")).as("an existing cluster is not created again")
			.isNotNegative()
			.isLessThan(script.indexOf("--cluster create"));
		assertThat(at(job, "spec", "template", "spec", "restartPolicy")).isEqualTo("OnFailure");
		assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev-redis-cluster", "prod-redis-cluster" })
	void marqueeNamesAllSixNodesAndNoSingleRedis(String overlay) throws IOException {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> statefulSet = one(docs, "StatefulSet");
		String service = String.valueOf(at(statefulSet, "spec", "serviceName"));
		Map<String, String> config = marqueeConfig(docs);
		assertThat(config)
			.doesNotContainKeys("SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_PORT", "SPRING_DATA_REDIS_URL")
			.containsKeys("SPRING_DATA_REDIS_CLUSTER_NODES", "SPRING_R2DBC_URL",
					"MARQUEE_LIVE_KAFKA_BOOTSTRAP_SERVERS");
		assertThat(List.of(config.get("SPRING_DATA_REDIS_CLUSTER_NODES").split(",")))
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, NODES)
				.mapToObj(i -> name(statefulSet) + "-" + i + "." + service + ":" + CLIENT_PORT)
				.toList());
		assertBindToSettings("k8s/overlays/" + overlay, config.keySet());
		assertThat(docs.stream().filter(doc -> "ExternalName".equals(at(doc, "spec", "type"))).toList())
			.as("no single external Redis beside the cluster")
			.isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev-redis-cluster", "prod-redis-cluster" })
	void networkPoliciesLetMarqueeReachTheNodesAndTheNodesEachOther(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, Object> statefulSet = one(docs, "StatefulSet");
		Map<String, Object> redisPods = map(at(statefulSet, "spec", "template", "metadata", "labels"));
		Map<String, Object> marqueePods = map(at(one(docs, "Deployment"), "spec", "template", "metadata", "labels"));
		Map<String, Object> jobPods = map(at(one(docs, "Job"), "spec", "template", "metadata", "labels"));

		// Marquee's own policy: egress to the nodes on 6379, and to nothing else on it
		Map<String, Object> marquee = policySelecting(docs, marqueePods);
		List<Object> toRedis = list(at(marquee, "spec", "egress")).stream()
			.filter(rule -> rulePorts(rule).contains(CLIENT_PORT))
			.toList();
		assertThat(toRedis).as("Marquee's egress rules on %d", CLIENT_PORT).isNotEmpty().allSatisfy(rule -> {
			assertThat(list(map(rule).get("to"))).as("a rule on %d names its peers", CLIENT_PORT).isNotEmpty();
			assertThat(peersMatch(rule, redisPods)).as("it lets Marquee reach the Redis pods").isTrue();
		});

		// the nodes' policy: clients (Marquee, the Job) on 6379, the nodes among
		// themselves
		// on 6379 and the bus port, both ways
		Map<String, Object> redis = policySelecting(docs, redisPods);
		assertThat(list(at(redis, "spec", "policyTypes"))).contains("Ingress", "Egress");
		assertThat(allowed(redis, "ingress", "from", marqueePods)).contains(CLIENT_PORT).doesNotContain(BUS_PORT);
		assertThat(allowed(redis, "ingress", "from", jobPods)).contains(CLIENT_PORT);
		assertThat(allowed(redis, "ingress", "from", redisPods)).contains(CLIENT_PORT, BUS_PORT);
		assertThat(allowed(redis, "egress", "to", redisPods)).contains(CLIENT_PORT, BUS_PORT);
		assertThat(String.valueOf(at(redis, "spec", "egress"))).as("DNS, to look up the peers").contains("port=53");

		Map<String, Object> create = policySelecting(docs, jobPods);
		assertThat(allowed(create, "egress", "to", redisPods)).contains(CLIENT_PORT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void theDefaultOverlaysKeepTheSingleRedis(String overlay) {
		List<Map<String, Object>> docs = kustomize(overlay);
		Map<String, String> config = marqueeConfig(docs);
		assertThat(config).containsKey("SPRING_DATA_REDIS_HOST").doesNotContainKey("SPRING_DATA_REDIS_CLUSTER_NODES");
		assertThat(at(named(docs, "Service", config.get("SPRING_DATA_REDIS_HOST")), "spec", "type"))
			.as("the single Redis, by name")
			.isEqualTo("ExternalName");
		assertThat(docs.stream().map(Manifests::kind)).doesNotContain("StatefulSet", "Job");
	}

	// helpers

	static List<String> redisNodes(Map<String, Object> services) {
		return services.keySet().stream().filter(name -> name.matches("redis-node-\\d+")).sorted().toList();
	}

	static List<String> addresses(List<String> hosts, int port) {
		return hosts.stream().map(host -> host + ":" + port).toList();
	}

	static int replicasPerMaster(String script) {
		Matcher replicas = Pattern.compile("--cluster-replicas\\s+(\\d+)").matcher(script);
		assertThat(replicas.find()).as("--cluster-replicas in %s", script).isTrue();
		int perMaster = Integer.parseInt(replicas.group(1));
		assertThat(perMaster).as("a replica for each master").isEqualTo(1);
		return perMaster;
	}

	static Set<Integer> ports(Map<String, Object> service) {
		Set<Integer> ports = new TreeSet<>();
		for (Object port : list(at(service, "spec", "ports"))) {
			Object number = map(port).containsKey("containerPort") ? map(port).get("containerPort")
					: map(port).get("port");
			ports.add((Integer) number);
		}
		return ports;
	}

	static String mountPath(Map<String, Object> container, String volume) {
		return list(container.get("volumeMounts")).stream()
			.map(Manifests::map)
			.filter(mount -> volume.equals(mount.get("name")))
			.map(mount -> String.valueOf(mount.get("mountPath")))
			.findFirst()
			.orElse(null);
	}

	static String parentOf(String file) {
		assertThat(file).as("an absolute path").startsWith("/");
		return file.substring(0, file.lastIndexOf('/'));
	}

	/** A file of the ConfigMap that the workload mounts as its volume "config". */
	static String configFile(List<Map<String, Object>> docs, Map<String, Object> workload, String file) {
		String configMap = list(at(workload, "spec", "template", "spec", "volumes")).stream()
			.map(Manifests::map)
			.filter(volume -> "config".equals(volume.get("name")))
			.map(volume -> (String) at(volume, "configMap", "name"))
			.findFirst()
			.orElse(null);
		Map<String, Object> found = named(docs, "ConfigMap", configMap);
		assertThat(found).as("the ConfigMap %s mounted by %s", configMap, name(workload)).isNotNull();
		Object text = map(found.get("data")).get(file);
		assertThat(text).as("%s in ConfigMap %s", file, configMap).isNotNull();
		return String.valueOf(text);
	}

	/** redis.conf of the StatefulSet's ConfigMap as directive to value. */
	static Map<String, String> redisConf(List<Map<String, Object>> docs, Map<String, Object> statefulSet) {
		Map<String, String> conf = new LinkedHashMap<>();
		for (String line : configFile(docs, statefulSet, "redis.conf").lines().toList()) {
			String trimmed = line.strip();
			if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
				String[] parts = trimmed.split("\\s+", 2);
				conf.put(parts[0], parts.length > 1 ? parts[1] : "");
			}
		}
		return conf;
	}

	static long megabytes(String quantity) {
		Matcher m = Pattern.compile("(?i)(\\d+)\\s*(mb|mi|gb|gi)").matcher(quantity);
		assertThat(m.matches()).as("a size in MB or GB: %s", quantity).isTrue();
		long number = Long.parseLong(m.group(1));
		return m.group(2).toLowerCase().startsWith("g") ? number * 1024 : number;
	}

	static Map<String, String> marqueeConfig(List<Map<String, Object>> docs) {
		Map<String, Object> container = marqueeContainer(one(docs, "Deployment"));
		Map<String, String> config = new LinkedHashMap<>();
		for (Object variable : list(container.get("env"))) {
			config.put(String.valueOf(map(variable).get("name")), String.valueOf(map(variable).get("value")));
		}
		for (Object source : list(container.get("envFrom"))) {
			String configMap = (String) at(source, "configMapRef", "name");
			if (configMap != null) {
				map(named(docs, "ConfigMap", configMap).get("data"))
					.forEach((k, v) -> config.put(k, String.valueOf(v)));
			}
		}
		return config;
	}

	static Map<String, Object> policySelecting(List<Map<String, Object>> docs, Map<String, Object> podLabels) {
		List<Map<String, Object>> policies = docs.stream()
			.filter(doc -> "NetworkPolicy".equals(kind(doc)))
			.filter(doc -> podLabels.entrySet()
				.containsAll(map(at(doc, "spec", "podSelector", "matchLabels")).entrySet()))
			.toList();
		assertThat(policies).as("one NetworkPolicy selects the pods %s", podLabels).hasSize(1);
		return policies.get(0);
	}

	static Set<Integer> rulePorts(Object rule) {
		return list(map(rule).get("ports")).stream()
			.map(port -> (Integer) map(port).get("port"))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * Whether a rule's peers include pods with these labels (in the policy's namespace).
	 */
	static boolean peersMatch(Object rule, Map<String, Object> podLabels) {
		return list(map(rule).get("to") != null ? map(rule).get("to") : map(rule).get("from")).stream()
			.map(Manifests::map)
			.filter(peer -> !peer.containsKey("namespaceSelector") && !peer.containsKey("ipBlock"))
			.anyMatch(peer -> podLabels.entrySet().containsAll(map(at(peer, "podSelector", "matchLabels")).entrySet()));
	}

	/** The ports a policy allows, in one direction, with pods of these labels. */
	static Set<Integer> allowed(Map<String, Object> policy, String direction, String peers,
			Map<String, Object> podLabels) {
		Set<Integer> ports = new TreeSet<>();
		for (Object rule : list(at(policy, "spec", direction))) {
			if (map(rule).get(peers) != null && peersMatch(rule, podLabels)) {
				ports.addAll(rulePorts(rule));
			}
		}
		return ports;
	}

}
