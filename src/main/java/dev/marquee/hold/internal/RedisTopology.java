package dev.marquee.hold.internal;

import io.lettuce.core.cluster.RedisClusterClient;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * What Redis the connections go to, as the hold machinery needs to know it: a Redis
 * Cluster (each command's keys in one hash slot, keyspace notifications per node, one
 * {@code CONFIG} per node) or a single Redis (Sentinel included). Asked in one place so
 * that every part answers the same.
 */
public final class RedisTopology {

	private RedisTopology() {
	}

	/**
	 * The Lettuce cluster client when the connections go to a Redis Cluster; null on a
	 * single Redis.
	 */
	public static RedisClusterClient clusterClient(ReactiveRedisConnectionFactory connections) {
		return (connections instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()
				&& lettuce.getRequiredNativeClient() instanceof RedisClusterClient cluster) ? cluster : null;
	}

	/**
	 * Whether the connections go to a Redis Cluster (reactive Spring Data Redis is always
	 * Lettuce, so otherwise a single Redis).
	 */
	public static boolean cluster(ReactiveRedisConnectionFactory connections) {
		return clusterClient(connections) != null;
	}

}
