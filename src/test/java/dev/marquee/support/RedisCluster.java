package dev.marquee.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lettuce.core.MigrateArgs;
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
			cluster.servers.add(RedisServerProcess.startOnFreePort(settings(true)));
		}
		List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		cluster.servers.forEach(server -> create.add("127.0.0.1:" + server.port()));
		create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		run(create);
		await("the cluster to be ok on every node").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> cluster.servers.stream().allMatch(server -> cluster.clusterOk(server.port())));
		await("every replica in sync with its master").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> cluster.servers.stream().allMatch(server -> cluster.replicating(server.port())));
		return cluster;
	}

	/**
	 * A cluster node's settings: a replica takes over however long it was cut off from
	 * its master (on a loaded machine a first sync can fail and be retried), and syncs at
	 * once; a shard that is down entirely leaves the others serving.
	 */
	private static List<String> settings(boolean notifications) {
		List<String> settings = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file",
				"nodes.conf", "--cluster-node-timeout", "2000", "--cluster-replica-validity-factor", "0",
				"--repl-diskless-sync-delay", "0", "--cluster-require-full-coverage", "no", "--cluster-port",
				String.valueOf(FreePorts.next()), "--maxmemory-policy", "noeviction"));
		if (notifications) {
			settings.addAll(List.of("--notify-keyspace-events", "Ex"));
		}
		return settings;
	}

	/**
	 * Adds an empty master (no slots yet) with the server's default keyspace notification
	 * flags (none), as an operator growing the cluster would, and waits until every node
	 * knows it.
	 */
	public RedisServerProcess addMaster() {
		RedisServerProcess added = RedisServerProcess.startOnFreePort(settings(false));
		RedisServerProcess existing = servers.stream().filter(RedisServerProcess::isRunning).findFirst().orElseThrow();
		run(List.of("redis-cli", "--cluster", "add-node", "127.0.0.1:" + added.port(), "127.0.0.1:" + existing.port()));
		servers.add(added);
		long running = servers.stream().filter(RedisServerProcess::isRunning).count();
		await("every node to know the new master").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> servers.stream()
				.filter(RedisServerProcess::isRunning)
				.allMatch(server -> knownNodes(server.port()) >= running && clusterOk(server.port())));
		return added;
	}

	/**
	 * Moves the slot of {@code key}, with its keys, to {@code to}: a resharding, done as
	 * {@code redis-cli --cluster reshard} does it slot by slot (importing, migrating, the
	 * keys, then the new owner told to every master).
	 */
	public void moveSlot(String key, RedisServerProcess to) {
		int slot = SlotHash.getSlot(key);
		RedisServerProcess from = masterOf(key);
		String fromId = nodeId(from.port());
		String toId = nodeId(to.port());
		RedisClient sourceClient = RedisClient.create(RedisURI.create("127.0.0.1", from.port()));
		RedisClient targetClient = RedisClient.create(RedisURI.create("127.0.0.1", to.port()));
		try (var source = sourceClient.connect(); var target = targetClient.connect()) {
			target.sync().clusterSetSlotImporting(slot, fromId);
			source.sync().clusterSetSlotMigrating(slot, toId);
			List<String> keys;
			while (!(keys = source.sync().clusterGetKeysInSlot(slot, 100)).isEmpty()) {
				source.sync().migrate("127.0.0.1", to.port(), 0, 5000, MigrateArgs.Builder.keys(keys));
			}
			target.sync().clusterSetSlotNode(slot, toId);
			source.sync().clusterSetSlotNode(slot, toId);
		}
		finally {
			sourceClient.shutdown();
			targetClient.shutdown();
		}
		for (RedisServerProcess server : servers) {
			if (server.isRunning() && server != from && server != to && isMaster(server.port())) {
				RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
				try (var other = client.connect()) {
					other.sync().clusterSetSlotNode(slot, toId);
				}
				finally {
					client.shutdown();
				}
			}
		}
		await("every node to see the slot moved").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> partitions().getMasterBySlot(slot).getUri().getPort() == to.port());
	}

	private static String nodeId(int port) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (var connection = client.connect()) {
			return connection.sync().clusterMyId();
		}
		finally {
			client.shutdown();
		}
	}

	private static boolean isMaster(int port) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (var connection = client.connect()) {
			return connection.sync().info("replication").contains("role:master");
		}
		catch (RuntimeException ex) {
			return false;
		}
		finally {
			client.shutdown();
		}
	}

	private static long knownNodes(int port) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (var connection = client.connect()) {
			return connection.sync()
				.clusterInfo()
				.lines()
				.filter(line -> line.startsWith("cluster_known_nodes:"))
				.mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
				.findFirst()
				.orElse(0);
		}
		catch (RuntimeException ex) {
			return -1;
		}
		finally {
			client.shutdown();
		}
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
