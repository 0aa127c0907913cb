package dev.marquee.live.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.live.LiveProperties;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Watches the brokers behind the bus. The consumer and producer reconnect by themselves
 * (changes sent meanwhile wait in the producer for {@code delivery.timeout.ms}, then are
 * dropped), so the brokers are probed every {@code probe-interval}: when they answer
 * again after they did not, or after a change failed to go out, {@link #resyncs()}
 * signals and every subscriber starts over from a fresh snapshot rather than trusting a
 * stream with holes. The consumer signals too, when it gets (new) partitions, and after a
 * broker restart it usually does, a moment after the brokers answer again: one snapshot
 * covers both. So a resync that is due waits one probe after the brokers come back, and
 * for the consumer to hold its partitions, and is dropped if the consumer's assignment
 * signalled meanwhile. Also creates the topic.
 */
final class KafkaBrokerWatch implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaBrokerWatch.class);

	private final LiveProperties.Kafka settings;

	private final AdminClient admin;

	private final Sinks.Many<Long> resyncs = Sinks.many().multicast().directBestEffort();

	/** Whether the brokers answered the last probe. */
	private volatile boolean reachable = true;

	/** A change failed to go out since the last resync. */
	private final AtomicBoolean lost = new AtomicBoolean();

	private final AtomicLong outages = new AtomicLong();

	/** Whether the node's consumer holds its partitions. */
	private final BooleanSupplier consumerAssigned;

	/**
	 * Changes may have been missed (an outage, a change that did not go out) and
	 * subscribers have not resynced since.
	 */
	private volatile boolean due;

	private final Disposable probing;

	KafkaBrokerWatch(LiveProperties.Kafka settings, BooleanSupplier consumerAssigned) {
		this.settings = settings;
		this.consumerAssigned = consumerAssigned;
		// one admin client for the topic and the probes; each call carries its own time
		// limit
		this.admin = AdminClient
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()));
		createTopic();
		this.probing = Flux.interval(settings.probeInterval())
			.onBackpressureDrop()
			.concatMap(tick -> probe())
			.subscribe();
	}

	/** Whether the brokers answered the last probe. */
	boolean reachable() {
		return reachable;
	}

	/** Signals that changes may have been missed and the brokers answer again. */
	Flux<Long> resyncs() {
		return resyncs.asFlux();
	}

	/** A change did not go out: subscribers resync once the brokers answer. */
	void failed(String what, Throwable ex) {
		lost.set(true);
		log.warn("Could not publish {}: {}", what, ex.toString());
	}

	/** Changes may have been missed for the given reason: subscribers resync now. */
	void resync(String why) {
		log.info("Subscribers resync: {}", why);
		signalResync();
	}

	/** The probe and the consumer both signal: one at a time into the sink. */
	private synchronized void signalResync() {
		// the snapshots read the seats as they are now: they hold every change made
		// before, sent or not
		due = false;
		lost.set(false);
		resyncs.tryEmitNext(outages.incrementAndGet());
	}

	/**
	 * Asks the brokers who they are; a transition back to reachable (or a lost change)
	 * signals a resync.
	 */
	private Mono<Boolean> probe() {
		int timeout = (int) settings.probeInterval().toMillis();
		return Mono
			.fromCompletionStage(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeout))
				.nodes()
				.toCompletionStage())
			.map(nodes -> !nodes.isEmpty())
			.onErrorReturn(false)
			.doOnNext(this::probed);
	}

	private void probed(boolean up) {
		boolean was = reachable;
		reachable = up;
		if (!up) {
			if (was) {
				due = true;
				log.warn("Kafka brokers {} do not answer; live changes between nodes are on hold",
						settings.bootstrapServers());
			}
			return;
		}
		if (lost.getAndSet(false)) {
			due = true;
		}
		if (!was) {
			// the group usually re-forms now, and the assignment signals
			log.info("Kafka brokers answer again; subscribers resync once the consumer has its partitions");
		}
		else if (due && consumerAssigned.getAsBoolean()) {
			log.info("Subscribers resync: changes may have been missed while the brokers were away or a change did "
					+ "not go out");
			signalResync();
		}
	}

	private void createTopic() {
		try {
			admin
				.createTopics(
						List.of(new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())),
						new CreateTopicsOptions().timeoutMs(30_000))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				log.warn("Could not create topic {} ({}); expecting it to exist", settings.topic(),
						ex.getCause().toString());
			}
		}
		catch (Exception ex) {
			log.warn("Could not create topic {} ({}); expecting it to exist", settings.topic(), ex.toString());
		}
	}

	@Override
	public void close() {
		probing.dispose();
		admin.close(Duration.ofSeconds(1));
	}

}
