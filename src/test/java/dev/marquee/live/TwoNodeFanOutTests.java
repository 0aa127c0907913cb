package dev.marquee.live;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.live.internal.SeatChangeBus;
import dev.marquee.queue.QueueAdmitter;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.NodeApi;
import dev.marquee.support.TestNodes;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Marquee nodes sharing the real PostgreSQL and Redis and an in-process Kafka (KRaft)
 * broker: a change made on one node reaches the watchers of the other, an expiry (which
 * both nodes hear about from Redis) reaches every watcher exactly once, and a queue
 * watcher on one node follows the admitter on the other, through a handover of the
 * admitter lease. Changes of one event made on both nodes at once interleave on the topic
 * out of seq order, and still reach every watcher of both nodes in order, without a
 * resync.
 */
class TwoNodeFanOutTests {

	static EmbeddedKafkaKraftBroker kafka;

	static ConfigurableApplicationContext nodeA;

	static ConfigurableApplicationContext nodeB;

	static final JsonMapper json = JsonMapper.builder().build();

	static String prefix;

	@BeforeAll
	static void startKafkaAndTwoNodes() {
		kafka = new EmbeddedKafkaKraftBroker(1, 4);
		kafka.afterPropertiesSet();
		// a key prefix of their own: other test contexts in this JVM never touch these
		// keys
		prefix = "mqk" + UUID.randomUUID().toString().substring(0, 6);
		nodeA = node(prefix);
		nodeB = node(prefix);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> nodeA.getBean(SeatChangeBus.class).connected()
					&& nodeB.getBean(SeatChangeBus.class).connected());
	}

	private static ConfigurableApplicationContext node(String prefix) {
		// a change published late by a busy machine (both nodes, the broker and the
		// watchers share this JVM, other test JVMs the cores) is still waited for, not
		// given up on with a resync
		return TestNodes.start(Map.of("marquee.hold.key-prefix", prefix, "marquee.live.kafka.bootstrap-servers",
				kafka.getBrokersAsString(), "marquee.live.reorder-wait", "5s"));
	}

	@AfterAll
	static void stop() {
		if (nodeA != null) {
			TestNodes.dropKeys(nodeA, prefix);
		}
		if (nodeA != null) {
			nodeA.close();
		}
		if (nodeB != null) {
			nodeB.close();
		}
		if (kafka != null) {
			kafka.destroy();
		}
	}

	private static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
	}

	private static Map<String, Object> post(ConfigurableApplicationContext node, String path, String token,
			Object body) {
		return NodeApi.post(TestNodes.baseUrl(node), path, token, body);
	}

	private static UUID event(int holdTtlSeconds) {
		return event(holdTtlSeconds, 4);
	}

	private static UUID event(int holdTtlSeconds, int seats) {
		return NodeApi.event(TestNodes.baseUrl(nodeA), IntegrationTest.token("admin", "ADMIN"), holdTtlSeconds, seats,
				Map.of());
	}

	@Test
	void aQueueWatcherFollowsTheAdmitterOfTheOtherNodeThroughAHandover() {
		QueueAdmitter onA = nodeA.getBean(QueueAdmitter.class);
		QueueAdmitter onB = nodeB.getBean(QueueAdmitter.class);
		onB.stop();
		UUID event = NodeApi.event(TestNodes.baseUrl(nodeA), IntegrationTest.token("admin", "ADMIN"), 600, 4,
				Map.of("queue", Map.of("enabled", true, "admitPerMinute", 60)));
		String ticket = null;
		for (int i = 1; i <= 6; i++) {
			ticket = (String) post(nodeA, "/api/v1/events/" + event + "/queue", IntegrationTest.token("q-" + i),
					Map.of())
				.get("queueTicket");
		}
		List<Map<String, Object>> onBWatcher = new CopyOnWriteArrayList<>();
		Disposable socket = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port(nodeB) + "/ws/events/" + event + "/queue/" + ticket),
					session -> session.receive()
						.doOnNext(m -> onBWatcher
							.add(json.readValue(m.getPayloadAsText(), new TypeReference<Map<String, Object>>() {
							})))
						.then())
			.subscribe();
		try {
			// node A admits one a second; its steps reach the watcher on node B through
			// Kafka
			await().atMost(Duration.ofSeconds(20))
				.until(() -> onBWatcher.stream()
					.anyMatch(m -> m.get("position") != null && ((Number) m.get("position")).intValue() <= 4));
			onA.stop();
			onB.start();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> onBWatcher.stream().anyMatch(m -> "admitted".equals(m.get("type"))));
			List<Integer> positions = onBWatcher.stream()
				.filter(m -> m.get("position") != null)
				.map(m -> ((Number) m.get("position")).intValue())
				.toList();
			assertThat(positions).isSortedAccordingTo(Comparator.reverseOrder()).doesNotHaveDuplicates();
			var redis = nodeA.getBean(ReactiveStringRedisTemplate.class);
			List<String> steps = redis.opsForZSet()
				.range(prefix + ":{" + event + "}:q:advances", Range.unbounded())
				.collectList()
				.block();
			assertThat(steps.stream().map(step -> step.split(":")[2]).distinct()).as("admitting nodes").hasSize(2);
		}
		finally {
			socket.dispose();
			onA.start();
		}
	}

	private static Disposable watch(ConfigurableApplicationContext node, UUID event, List<Map<String, Object>> into) {
		return new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port(node) + "/ws/events/" + event), session -> session.receive()
				.doOnNext(m -> into.add(json.readValue(m.getPayloadAsText(), new TypeReference<Map<String, Object>>() {
				})))
				.then())
			.subscribe();
	}

	private static long count(List<Map<String, Object>> messages, String change) {
		return messages.stream()
			.filter(m -> "seats".equals(m.get("type")))
			.flatMap(m -> ((List<?>) m.get("changes")).stream())
			.map(c -> ((Map<?, ?>) c).get("seatId") + "=" + ((Map<?, ?>) c).get("status"))
			.filter(change::equals)
			.count();
	}

	@Test
	void aHoldOnNodeAReachesAWatcherOfNodeB() {
		UUID event = event(600);
		List<Map<String, Object>> onB = new CopyOnWriteArrayList<>();
		Disposable socket = watch(nodeB, event, onB);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !onB.isEmpty());
			post(nodeA, "/api/v1/events/" + event + "/holds", IntegrationTest.token("buyer-a"),
					Map.of("seatIds", List.of("S-A-2")));
			await().atMost(Duration.ofSeconds(15)).until(() -> count(onB, "S-A-2=HELD") == 1);
			long snapshotSeq = ((Number) onB.get(0).get("seq")).longValue();
			assertThat(((Number) onB.get(1).get("seq")).longValue()).isEqualTo(snapshotSeq + 1);
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	void anExpirySeenByBothNodesReachesEveryWatcherOnce() {
		UUID event = event(1);
		List<Map<String, Object>> onA = new CopyOnWriteArrayList<>();
		List<Map<String, Object>> onB = new CopyOnWriteArrayList<>();
		Disposable socketA = watch(nodeA, event, onA);
		Disposable socketB = watch(nodeB, event, onB);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !onA.isEmpty() && !onB.isEmpty());
			post(nodeB, "/api/v1/events/" + event + "/holds", IntegrationTest.token("buyer-b"),
					Map.of("seatIds", List.of("S-A-1")));
			// touching the key makes Redis notice the expiry at once (its own sampling
			// can lag on a shared Redis); both nodes hear the notification
			var redis = nodeA.getBean(ReactiveStringRedisTemplate.class);
			String seatKey = prefix + ":{" + event + "}:seat:S-A-1";
			await().atMost(Duration.ofSeconds(15)).until(() -> Boolean.FALSE.equals(redis.hasKey(seatKey).block()));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> count(onA, "S-A-1=AVAILABLE") == 1 && count(onB, "S-A-1=AVAILABLE") == 1);

			// give both nodes every chance to publish the expiry again, then send a
			// marker behind it
			nodeA.getBean(HoldExpiry.class).sweep().block();
			nodeB.getBean(HoldExpiry.class).sweep().block();
			post(nodeA, "/api/v1/events/" + event + "/holds", IntegrationTest.token("buyer-c"),
					Map.of("seatIds", List.of("S-A-4")));
			await().atMost(Duration.ofSeconds(15))
				.until(() -> count(onA, "S-A-4=HELD") == 1 && count(onB, "S-A-4=HELD") == 1);

			assertThat(count(onA, "S-A-1=AVAILABLE")).isEqualTo(1);
			assertThat(count(onB, "S-A-1=AVAILABLE")).isEqualTo(1);
		}
		finally {
			socketA.dispose();
			socketB.dispose();
		}
	}

	@Test
	void changesMadeOnBothNodesAtOnceReachEveryWatcherInOrderWithoutAResync() throws Exception {
		int seats = 40;
		UUID event = event(600, seats);
		List<SeatWatcher> watchers = List.of(new SeatWatcher(port(nodeA), event, seats),
				new SeatWatcher(port(nodeA), event, seats), new SeatWatcher(port(nodeB), event, seats),
				new SeatWatcher(port(nodeB), event, seats));
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> watchers.stream().allMatch(w -> w.statuses() != null));
			Instant until = Instant.now().plusSeconds(6);
			try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<?>> buyers = new ArrayList<>();
				for (int i = 0; i < 12; i++) {
					int buyer = i;
					// every buyer alternates between the nodes, so one event's changes
					// come from both
					buyers.add(pool.submit(() -> holdAndRelease(event, seats, buyer, until)));
				}
				for (var buyer : buyers) {
					buyer.get();
				}
			}
			var truth = NodeApi.availability(TestNodes.baseUrl(nodeA), event);
			long seq = ((Number) truth.get("seq")).longValue();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(watchers).allSatisfy(w -> assertThat(w.seq()).isEqualTo(seq)));
			assertThat(watchers).allSatisfy(watcher -> {
				assertThat(watcher.statuses()).isEqualTo(truth.get("statuses"));
				assertThat(watcher.gaps).hasValue(0);
				assertThat(watcher.snapshots).hasValue(1);
			});
		}
		finally {
			watchers.forEach(SeatWatcher::close);
		}
	}

	private static void holdAndRelease(UUID event, int seats, int buyer, Instant until) {
		var random = ThreadLocalRandom.current();
		for (int round = 0; Instant.now().isBefore(until); round++) {
			ConfigurableApplicationContext node = (round + buyer) % 2 == 0 ? nodeA : nodeB;
			String token = IntegrationTest.token("two-" + buyer + "-" + round);
			Map<String, Object> hold;
			try {
				hold = post(node, "/api/v1/events/" + event + "/holds", token,
						Map.of("seatIds", List.of("S-A-" + random.nextInt(1, seats + 1))));
			}
			catch (WebClientResponseException.Conflict taken) {
				continue;
			}
			ConfigurableApplicationContext other = node == nodeA ? nodeB : nodeA;
			NodeApi.client(TestNodes.baseUrl(other))
				.delete()
				.uri("/api/v1/holds/{id}", hold.get("holdId"))
				.headers(h -> h.setBearerAuth(token))
				.retrieve()
				.toBodilessEntity()
				.block(Duration.ofSeconds(30));
		}
	}

}
