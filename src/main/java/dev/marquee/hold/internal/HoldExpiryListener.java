package dev.marquee.hold.internal;

import java.time.Duration;
import java.util.Properties;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.api.reactive.PatternMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.hold.HoldProperties;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Releases abandoned holds the moment Redis expires their seat keys: enables
 * {@code notify-keyspace-events Ex} and listens to {@code __keyevent@*__:expired}.
 * Notifications are at-most-once, so {@link HoldSweeper} catches any this misses.
 * Reconnects (and re-enables the notifications, which a restarted Redis forgets) by
 * itself.
 */
@Component
public class HoldExpiryListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(HoldExpiryListener.class);

	private static final String EXPIRED = "__keyevent@*__:expired";

	private static final Duration RESUBSCRIBE = Duration.ofSeconds(5);

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final HoldExpiry expiry;

	private final HoldKeys keys;

	private final HoldProperties properties;

	private volatile ReactiveRedisMessageListenerContainer container;

	private volatile Disposable subscription;

	HoldExpiryListener(ReactiveRedisConnectionFactory connectionFactory, HoldExpiry expiry, HoldKeys keys,
			HoldProperties properties) {
		this.connectionFactory = connectionFactory;
		this.expiry = expiry;
		this.keys = keys;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		if (!properties.keyspaceNotifications() || isRunning()) {
			return;
		}
		subscription = Flux.defer(this::listen)
			.doOnNext(key -> log.debug("Redis expired {}", key))
			.mapNotNull(this.keys::parseSeatKey)
			.flatMap(seat -> this.expiry.seatKeyExpired(seat.eventId(), seat.seatId()).onErrorResume(ex -> {
				log.warn("Could not release expired seat {} of event {}: {}", seat.seatId(), seat.eventId(),
						ex.toString());
				return Mono.empty();
			}), 64)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
				.maxBackoff(Duration.ofSeconds(10))
				.doBeforeRetry(signal -> log.warn("Expiry listener lost Redis ({}); reconnecting",
						signal.failure().toString())))
			.repeat()
			.subscribe();
	}

	private Flux<String> listen() {
		RedisClusterClient cluster = RedisTopology.clusterClient(connectionFactory);
		if (cluster != null) {
			// which sets the flags on every node each time it subscribes
			return listenOnEveryMaster(cluster);
		}
		ReactiveRedisMessageListenerContainer current = new ReactiveRedisMessageListenerContainer(connectionFactory);
		container = current;
		return enableNotifications().thenMany(current.receive(PatternTopic.of(EXPIRED)))
			.map(message -> message.getMessage())
			.doFinally(signal -> current.destroyLater().subscribe());
	}

	/**
	 * On a Redis Cluster a node notifies only of its own keys: subscribes on every live
	 * master, and again whenever the topology changes (a replica promoted after a
	 * failover, a master added) and every few seconds, so that every expiry is heard.
	 * Subscribing again where it already is changes nothing.
	 */
	private Flux<String> listenOnEveryMaster(RedisClusterClient cluster) {
		return Flux.usingWhen(Mono.fromCompletionStage(() -> cluster.connectAsync(StringCodec.UTF8)),
				commands -> listenOnEveryMaster(cluster, commands),
				commands -> Mono.fromCompletionStage(commands.closeAsync()));
	}

	private Flux<String> listenOnEveryMaster(RedisClusterClient cluster,
			StatefulRedisClusterConnection<String, String> commands) {
		return Flux.usingWhen(Mono.fromCompletionStage(() -> cluster.connectPubSubAsync(StringCodec.UTF8)),
				connection -> {
					connection.setNodeMessagePropagation(true);
					Flux<String> expired = connection.reactive().observePatterns().map(PatternMessage::getMessage);
					// subscribe now, on each change of topology, and every few seconds:
					// the
					// change can be announced before this connection's view names the new
					// master
					Flux<Long> moments = cluster.getResources()
						.eventBus()
						.get()
						.filter(ClusterTopologyChangedEvent.class::isInstance)
						.map(changed -> 0L)
						.mergeWith(Flux.interval(RESUBSCRIBE))
						.startWith(0L);
					// a master that died is left to a later moment, when the view names
					// its
					// successor
					Flux<Void> subscribed = moments.concatMap(
							moment -> enableOnEveryNode(commands)
								.thenMany(connection.reactive()
									.nodes(HoldExpiryListener::liveMaster)
									.commands()
									.psubscribe(EXPIRED)
									.flux())
								.onErrorResume(ex -> {
									log.debug("Could not subscribe on every master: {}", ex.toString());
									return Mono.empty();
								}));
					return expired.mergeWith(subscribed.then(Mono.<String>empty()));
				}, connection -> Mono.fromCompletionStage(connection.closeAsync()));
	}

	/**
	 * A cluster node notifies only of its own keys, and only with the flags set on it: a
	 * master added later, or a replica about to be promoted, has the server's default
	 * (none) unless it was configured. Turns them on on every node that answers.
	 */
	private static Mono<Void> enableOnEveryNode(StatefulRedisClusterConnection<String, String> commands) {
		return Flux.fromIterable(commands.getPartitions())
			.filter(node -> !node.is(RedisClusterNode.NodeFlag.FAIL)
					&& !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL))
			.concatMap(node -> Mono.fromCompletionStage(() -> commands.getConnectionAsync(node.getNodeId()))
				.flatMap(one -> one.reactive().configGet("notify-keyspace-events").flatMap(config -> {
					String flags = config.getOrDefault("notify-keyspace-events", "");
					String wanted = wanted(flags);
					return wanted.equals(flags) ? Mono.<String>empty()
							: one.reactive().configSet("notify-keyspace-events", wanted);
				}))
				.onErrorResume(ex -> {
					// managed Redis may forbid CONFIG: configured there, or the sweep
					log.debug("Could not enable keyspace notifications on {}: {}", node.getUri(), ex.toString());
					return Mono.empty();
				}))
			.then();
	}

	private static boolean liveMaster(RedisClusterNode node) {
		return node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)
				&& !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL);
	}

	/**
	 * Re-asserts the notification flags: a Redis that restarted has forgotten them while
	 * the pub/sub connection reconnected by itself. Cheap (one CONFIG GET); called by the
	 * sweep.
	 */
	public Mono<Void> ensureNotifications() {
		// on a Redis Cluster the listener checks every node itself, every few seconds
		return properties.keyspaceNotifications() && !RedisTopology.cluster(connectionFactory) ? enableNotifications()
				: Mono.empty();
	}

	/**
	 * Adds {@code E} and {@code x} to the server's keyspace notification flags, keeping
	 * the rest.
	 */
	private Mono<Void> enableNotifications() {
		return Mono.usingWhen(Mono.fromSupplier(connectionFactory::getReactiveConnection),
				connection -> connection.serverCommands().getConfig("notify-keyspace-events").flatMap(config -> {
					String flags = current(config);
					String wanted = wanted(flags);
					return wanted.equals(flags) ? Mono.<String>empty()
							: connection.serverCommands().setConfig("notify-keyspace-events", wanted);
				}).onErrorResume(ex -> {
					// managed Redis may forbid CONFIG; then it must be configured there,
					// and the sweep still works
					log.warn("Could not enable keyspace notifications ({}); relying on the sweep", ex.toString());
					return Mono.empty();
				}).then(), connection -> connection.closeLater());
	}

	/** {@code flags} with {@code E} and {@code x} added where missing. */
	private static String wanted(String flags) {
		String wanted = flags;
		if (!wanted.contains("E")) {
			wanted += "E";
		}
		if (!wanted.contains("x") && !wanted.contains("A")) {
			wanted += "x";
		}
		return wanted;
	}

	private static String current(Properties config) {
		return config.values().stream().map(String::valueOf).findFirst().orElse("");
	}

	@Override
	public synchronized void stop() {
		Disposable current = subscription;
		subscription = null;
		if (current != null) {
			current.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable current = subscription;
		return current != null && !current.isDisposed();
	}

}
