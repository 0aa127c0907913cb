package dev.marquee.live.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.shared.SeatStatus;
import dev.marquee.live.LiveProperties;
import dev.marquee.support.FreePorts;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import reactor.core.Disposable;
import reactor.core.Disposables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bus between nodes against a real (in-process KRaft) broker: a change is either read
 * by every node, or followed there by a resync.
 */
class KafkaSeatChangeBusTests {

	static EmbeddedKafkaKraftBroker kafka;

	static final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void startKafka() {
		kafka = new EmbeddedKafkaKraftBroker(1, 4);
		// a new consumer group forms 2 s after its first member asks (Kafka waits 3 s by
		// default),
		// which leaves a joining node a window in which it reads nothing yet
		kafka.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "2000"));
		kafka.afterPropertiesSet();
	}

	@AfterAll
	static void stopKafka() {
		kafka.destroy();
	}

	private static KafkaSeatChangeBus node() {
		return new KafkaSeatChangeBus(new LiveProperties.Kafka(kafka.getBrokersAsString(), "marquee.seat-changes", 4,
				(short) 1, Duration.ofMillis(500)), json);
	}

	private static SeatDelta change(UUID event, long seq) {
		return new SeatDelta(event, seq, List.of(new SeatDelta.Change("S-A-" + seq, SeatStatus.HELD)),
				System.currentTimeMillis());
	}

	@Test
	void aChangeSentWhileANodeIsStillJoiningReachesItOrIsFollowedByAResync() {
		KafkaSeatChangeBus first = node();
		KafkaSeatChangeBus second = null;
		Disposable.Composite watching = Disposables.composite();
		try {
			await().atMost(Duration.ofSeconds(60)).until(first::connected);
			UUID event = UUID.randomUUID();
			second = node();
			List<Object> seen = new CopyOnWriteArrayList<>();
			watching.add(second.deltas().subscribe(seen::add));
			watching.add(second.resyncs().subscribe(seen::add));
			List<SeatDelta> firstSaw = new CopyOnWriteArrayList<>();
			watching.add(first.deltas().subscribe(firstSaw::add));

			// in the log before the second node's consumer has its partitions
			first.publish(change(event, 1));
			await().atMost(Duration.ofSeconds(10)).until(() -> !firstSaw.isEmpty());
			assertThat(second.connected()).as("the second node still joins").isFalse();
			await().atMost(Duration.ofSeconds(60)).until(second::connected);
			first.publish(change(event, 2));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> seen.stream().anyMatch(item -> item instanceof SeatDelta delta && delta.seq() == 2));

			boolean read = seen.stream().anyMatch(item -> item instanceof SeatDelta delta && delta.seq() == 1);
			boolean resynced = seen.stream().anyMatch(Long.class::isInstance);
			assertThat(read || resynced).as("change 1 was read, or a resync followed it: %s", seen).isTrue();
		}
		finally {
			watching.dispose();
			first.destroy();
			if (second != null) {
				second.destroy();
			}
		}
	}

	@Test
	void aBrokerRestartResyncsTheSubscribersOnce() {
		// a broker of its own, on a fixed port, so it comes back where the clients left
		// it
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 4).kafkaPorts(FreePorts.next());
		broker.afterPropertiesSet();
		KafkaSeatChangeBus node = new KafkaSeatChangeBus(new LiveProperties.Kafka(broker.getBrokersAsString(),
				"marquee.seat-changes", 4, (short) 1, Duration.ofMillis(500)), json);
		Disposable.Composite watching = Disposables.composite();
		try {
			await().atMost(Duration.ofSeconds(60)).until(node::connected);
			List<Long> resyncs = new CopyOnWriteArrayList<>();
			List<SeatDelta> deltas = new CopyOnWriteArrayList<>();
			watching.add(node.resyncs().subscribe(resyncs::add));
			watching.add(node.deltas().subscribe(deltas::add));
			UUID event = UUID.randomUUID();

			broker.getCluster().brokers().values().forEach(server -> {
				server.shutdown();
				server.awaitShutdown();
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> !node.connected());
			// a change made meanwhile does not go out
			node.publish(change(event, 1));
			broker.getCluster().brokers().values().forEach(server -> server.startup());
			await().atMost(Duration.ofSeconds(60)).until(node::connected);
			// changes flow again: one sent before the consumer's position was fixed is
			// covered by the resync, so send until one is read
			AtomicLong seq = new AtomicLong(1);
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
				if (deltas.isEmpty()) {
					node.publish(change(event, seq.incrementAndGet()));
				}
				return deltas.stream().anyMatch(delta -> delta.seq() >= 2);
			});

			// the brokers answering again, the lost change and the consumer's new
			// partitions all ask for the same thing: one snapshot, for three probes
			await().atMost(Duration.ofSeconds(10)).until(() -> !resyncs.isEmpty());
			await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> resyncs.size() == 1);
		}
		finally {
			watching.dispose();
			node.destroy();
			broker.destroy();
		}
	}

}
