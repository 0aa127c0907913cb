package dev.marquee.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

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
			cluster.servers.add(RedisServerProcess
				.startOnFreePort(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
						"--cluster-node-timeout", "2000", "--cluster-port", String.valueOf(FreePorts.next()),
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
		return cluster;
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
		int slot = SlotHash.getSlot(key);
		for (RedisServerProcess server : servers) {
			if (!server.isRunning()) {
				continue;
			}
			RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", server.port()));
			try (var connection = client.connect()) {
				RedisClusterNode master = connection.getPartitions().getMasterBySlot(slot);
				int port = master.getUri().getPort();
				return servers.stream().filter(s -> s.port() == port).findFirst().orElseThrow();
			}
			finally {
				client.shutdown();
			}
		}
		throw new IllegalStateException("No server of the cluster runs");
	}

	@Override
	public void close() {
		servers.forEach(RedisServerProcess::crash);
	}

}
