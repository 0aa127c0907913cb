package dev.marquee.deploy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static dev.marquee.deploy.Manifests.COMPOSE_NODES;
import static dev.marquee.deploy.Manifests.at;
import static dev.marquee.deploy.Manifests.compose;
import static dev.marquee.deploy.Manifests.environment;
import static dev.marquee.deploy.Manifests.list;
import static dev.marquee.deploy.Manifests.map;
import static dev.marquee.deploy.Manifests.name;
import static dev.marquee.deploy.Manifests.overrideFile;
import static dev.marquee.deploy.Settings.assertBindToSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis Cluster topology, opt-in beside the single Redis: docker-compose.yml with
 * docker-compose.redis-cluster.yml on top. Six nodes, each with cluster mode, expired-key
 * events and no eviction, made three masters with a replica each by a one-shot init;
 * Marquee pointed at all six through {@code SPRING_DATA_REDIS_CLUSTER_NODES} and at no
 * single host. The default stays a single Redis.
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
				.containsKeys("SPRING_R2DBC_URL", "MARQUEE_SECURITY_JWT_SECRET",
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

}
