package dev.marquee.hold;

import io.lettuce.core.RedisCommandExecutionException;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.hold.internal.RedisTopology;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Redis must not evict: seat keys and hold records carry a TTL (which every
 * {@code volatile-*} policy may evict early) and the sold seats, the per-user counts and
 * {@code seq} are kept nowhere else in Redis (which the {@code allkeys-*} policies may
 * evict), so under memory pressure an evicting Redis would silently free held seats and
 * lose holds. Checked at start (logged) and on every readiness probe: not ready unless
 * {@code maxmemory-policy} is {@code noeviction}. A managed Redis that refuses
 * {@code CONFIG GET} cannot be checked: a warning, and ready.
 */
@Component("redisEviction")
class RedisEvictionPolicy implements ReactiveHealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(RedisEvictionPolicy.class);

	static final String REQUIRED = "noeviction";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final ReactiveRedisConnectionFactory connections;

	RedisEvictionPolicy(ReactiveRedisConnectionFactory connections) {
		this.connections = connections;
	}

	/**
	 * The server's {@code maxmemory-policy}; empty when Redis refuses to tell (CONFIG
	 * disabled).
	 */
	Mono<Optional<String>> policy() {
		Mono<Optional<String>> policy = RedisTopology.cluster(connections) ? clusterPolicy()
				: Mono
					.usingWhen(Mono.fromSupplier(connections::getReactiveConnection),
							connection -> connection.serverCommands().getConfig("maxmemory-policy"),
							ReactiveRedisConnection::closeLater)
					.map(RedisEvictionPolicy::first);
		return policy.timeout(TIMEOUT).onErrorResume(RedisEvictionPolicy::refused, ex -> {
			log.debug("Redis refused CONFIG GET maxmemory-policy", ex);
			return Mono.just(Optional.empty());
		});
	}

	/**
	 * On a Redis Cluster, the policy of every node that answers: an evicting one if any
	 * node has one. A node that is down (a dead master whose replica took over) is the
	 * cluster's to deal with, not a reason for every application node to be unready.
	 */
	private Mono<Optional<String>> clusterPolicy() {
		return Mono
			.usingWhen(Mono.fromSupplier(connections::getReactiveClusterConnection), connection -> connection
				.clusterGetNodes()
				.filter(node -> !node.isMarkedAsFail() && !node.getFlags().contains(RedisClusterNode.Flag.PFAIL))
				.flatMap(node -> connection.serverCommands()
					.getConfig(node, "maxmemory-policy")
					.map(RedisEvictionPolicy::first)
					.onErrorResume(ex -> !refused(ex), ex -> Mono.empty()))
				.collectList(), ReactiveRedisClusterConnection::closeLater)
			.flatMap(policies -> policies.isEmpty()
					? Mono.error(new IllegalStateException("No node of the Redis Cluster answered"))
					: Mono.just(policies.stream()
						.flatMap(Optional::stream)
						.filter(name -> !REQUIRED.equals(name))
						.findFirst()
						.or(() -> policies.stream().flatMap(Optional::stream).findFirst())));
	}

	private static Optional<String> first(Properties config) {
		return config.values().stream().map(String::valueOf).findFirst();
	}

	/**
	 * Redis answered, with an error (CONFIG renamed away, or not allowed to this user).
	 */
	private static boolean refused(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof RedisCommandExecutionException) {
				return true;
			}
		}
		return false;
	}

	static String evicting(String policy) {
		return "Redis maxmemory-policy is " + policy + ": under memory pressure Redis would evict seat keys and"
				+ " holds, freeing held seats and losing holds. Set maxmemory-policy " + REQUIRED
				+ "; until then this node is not ready.";
	}

	static final String UNKNOWN = "Redis refused CONFIG GET maxmemory-policy, so it cannot be checked: make sure"
			+ " the Redis service is configured with maxmemory-policy " + REQUIRED + ".";

	@Override
	public Mono<Health> health() {
		return policy().map(policy -> policy
			.map(name -> REQUIRED.equals(name) ? Health.up().withDetail("maxmemoryPolicy", name)
					: Health.down().withDetail("maxmemoryPolicy", name).withDetail("reason", evicting(name)))
			.orElseGet(() -> Health.up().withDetail("maxmemoryPolicy", "unknown").withDetail("warning", UNKNOWN))
			.build());
	}

	@EventListener(ApplicationReadyEvent.class)
	void checkAtStart() {
		policy().subscribe(policy -> policy.ifPresentOrElse(name -> {
			if (!REQUIRED.equals(name)) {
				log.error(evicting(name));
			}
		}, () -> log.warn(UNKNOWN)),
				ex -> log.warn("Could not check Redis maxmemory-policy at start ({})", ex.toString()));
	}

}
