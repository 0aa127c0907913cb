package dev.marquee.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster of private {@code redis-server} processes on loopback: masters
 * with a replica each, made with {@code redis-cli --cluster create}, keyspace
 * notifications for expiry on every node (a replica promoted must notify as its master
 * did). A test can kill a master and watch its replica take over.
 */
public final class RedisCluster implements AutoCloseable {

	private final List<RedisServerProcess> servers = new ArrayList<>();

	private RedisCluster() {
	}

	/** Starts {@code masters} masters with one replica each and waits for the cluster. */
	public static RedisCluster start(int masters) {
		RedisCluster cluster = new RedisCluster();
		for (int i = 0; i < masters * 2; i++) {
			// a replica takes over however long it was cut off from its master (on a
			// loaded machine a first sync can fail and be retried), and syncs at once
			cluster.servers.add(RedisServerProcess.startOnFreePort(
					List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
							"2000", "--cluster-replica-validity-factor", "0", "--repl-diskless-sync-delay", "0",
							// a shard that is down entirely leaves the others serving
							"--cluster-require-full-coverage", "no", "--cluster-port", String.valueOf(FreePorts.next()),
							"--notify-keyspace-events", "Ex", "--maxmemory-policy", "noeviction")));
		}
		List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		cluster.servers.forEach(server -> create.add("127.0.0.1:" + server.port()));
		create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		try {
			Process process = new ProcessBuilder(create).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException("redis-cli --cluster create failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run redis-cli", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		await("the cluster to be ok on every node").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> cluster.servers.stream().allMatch(server -> cluster.clusterOk(server.port())));
		await("every replica in sync with its master").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> cluster.servers.stream().allMatch(server -> cluster.replicating(server.port())));
		return cluster;
	}

	/** A master, or a replica whose link to its master is up. */
	private boolean replicating(int port) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (var connection = client.connect()) {
			String replication = connection.sync().info("replication");
			return replication.contains("role:master") || replication.contains("master_link_status:up");
		}
		catch (RuntimeException ex) {
			return false;
		}
		finally {
			client.shutdown();
		}
	}

	private boolean clusterOk(int port) {
		RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", port));
		try (var connection = client.connect()) {
			return connection.sync().clusterInfo().contains("cluster_state:ok");
		}
		catch (RuntimeException ex) {
			return false;
		}
		finally {
			client.shutdown();
		}
	}

	/** The seed nodes, as {@code spring.data.redis.cluster.nodes} takes them. */
	public String nodes() {
		return servers.stream().map(server -> "127.0.0.1:" + server.port()).collect(Collectors.joining(","));
	}

	/** The server that is the master of a key's slot now. */
	public RedisServerProcess masterOf(String key) {
		int port = partitions().getMasterBySlot(SlotHash.getSlot(key)).getUri().getPort();
		return servers.stream().filter(server -> server.port() == port).findFirst().orElseThrow();
	}

	/** Kills a master and its replicas: the shard's slots are served by nobody. */
	public void crashShard(RedisServerProcess master) {
		Partitions partitions = partitions();
		String id = partitions.stream()
			.filter(node -> node.getUri().getPort() == master.port())
			.findFirst()
			.orElseThrow()
			.getNodeId();
		List<Integer> ports = partitions.stream()
			.filter(node -> id.equals(node.getSlaveOf()) || id.equals(node.getNodeId()))
			.map(node -> node.getUri().getPort())
			.toList();
		servers.stream().filter(server -> ports.contains(server.port())).forEach(RedisServerProcess::crash);
	}

	/** The cluster's nodes and slots, as the first server that runs sees them now. */
	private Partitions partitions() {
		RedisServerProcess running = servers.stream()
			.filter(RedisServerProcess::isRunning)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No server of the cluster runs"));
		RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", running.port()));
		try (var connection = client.connect()) {
			return connection.getPartitions();
		}
		finally {
			client.shutdown();
		}
	}

	/** How many pattern subscriptions a server has ({@code PUBSUB NUMPAT}). */
	public static int patternSubscriptions(RedisServerProcess server) {
		try {
			return Integer.parseInt(server.send("PUBSUB NUMPAT").substring(1));
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	@Override
	public void close() {
		servers.forEach(RedisServerProcess::crash);
	}

}
