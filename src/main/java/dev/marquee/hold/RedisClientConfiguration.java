package dev.marquee.hold;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * While Redis is unreachable, commands fail at once (and the request gets a 503) instead
 * of queueing in memory until Redis returns. Results are handed on from Lettuce's
 * computation threads, not from the I/O thread of the one shared connection: otherwise
 * everything a request does after its first Redis command (more commands, events, JSON,
 * the response) runs on that single thread, which the hot on-sale profile showed at a
 * third of all samples, with responses queueing behind it past the command timeout while
 * the other core idled.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return options -> {
			options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).publishOnScheduler(true);
			if (options instanceof ClusterClientOptions.Builder cluster) {
				cluster.topologyRefreshOptions(clusterRefresh());
			}
		};
	}

	/**
	 * On a Redis Cluster the client learns of a failover (a replica promoted in its dead
	 * master's place) and of moved slots at once, from the first MOVED or ASK redirect or
	 * failed reconnect, and every 10 s anyway; without it, Lettuce keeps dialling the
	 * dead master and every command is rejected until the node restarts. Such triggers
	 * refresh at most once every 5 s (Lettuce's default is 30 s).
	 */
	static ClusterTopologyRefreshOptions clusterRefresh() {
		return ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.adaptiveRefreshTriggersTimeout(Duration.ofSeconds(5))
			.refreshTriggersReconnectAttempts(3)
			.enablePeriodicRefresh(Duration.ofSeconds(10))
			.dynamicRefreshSources(true)
			.build();
	}

}
