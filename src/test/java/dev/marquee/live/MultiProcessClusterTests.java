package dev.marquee.live;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.KafkaBrokerProcess;
import dev.marquee.support.MarqueeProcess;
import dev.marquee.support.RedisCluster;
import dev.marquee.support.RedisServerProcess;
import dev.marquee.support.TestServices;
import dev.marquee.support.Tokens;

import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;

import static dev.marquee.support.NodeApi.answer;
import static dev.marquee.support.NodeApi.availability;
import static dev.marquee.support.NodeApi.client;
import static dev.marquee.support.NodeApi.event;
import static dev.marquee.support.NodeApi.adminRead;
import static dev.marquee.support.NodeApi.hold;
import static dev.marquee.support.NodeApi.holding;
import static dev.marquee.support.NodeApi.purchase;
import static dev.marquee.support.NodeApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The distributed deployment as it runs in production, on this machine: two Marquee
 * nodes, each a JVM of its own (not two contexts in the test JVM), on a real Kafka broker
 * process (KRaft), a Redis Cluster of three masters with a replica each
 * ({@code redis-server} processes) and the machine's PostgreSQL. A hold made on one node
 * reaches a watcher of the other in seq order; buyers churning on both nodes leave every
 * watcher's map right within a second, without a resync; an expiry, which every node
 * hears about, is announced once; a broker restart resumes every live stream with a
 * resync; a purchase on one node and its arrival on the other share one trace (W3C trace
 * context through Kafka, trace ids in both logs); neither node logs an error through all
 * of it; and a Redis master killed mid-sale (its replica promoted) sells no seat twice,
 * and holds go on. Runs where {@code redis-server} is installed (as in CI).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiProcessClusterTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final String PREFIX = "mqp" + UUID.randomUUID().toString().substring(0, 6);

	static RedisCluster redis;

	static KafkaBrokerProcess kafka;

	static MarqueeProcess nodeA;

	static MarqueeProcess nodeB;

	static String database;

	@BeforeAll
	static void startTheCluster() {
		Assumptions.assumeTrue(RedisServerProcess.available(), "redis-server is not on this machine");
		kafka = KafkaBrokerProcess.start();
		redis = RedisCluster.start(3);
		// a database of their own: a purchase cut off by the failover below is left for
		// the
		// recovery job, which other tests in this JVM must not find
		database = TestServices.get().newDatabase();
		Map<String, String> settings = Map.ofEntries(
				Map.entry("spring.r2dbc.url", TestServices.get().r2dbcUrl(database)),
				Map.entry("spring.data.redis.cluster.nodes", redis.nodes()),
				Map.entry("spring.data.redis.timeout", "2s"), Map.entry("marquee.hold.key-prefix", PREFIX),
				Map.entry("marquee.hold.sweep-interval", "500ms"),
				Map.entry("marquee.live.kafka.bootstrap-servers", kafka.bootstrapServers()),
				Map.entry("marquee.live.kafka.probe-interval", "500ms"),
				Map.entry("marquee.outbox.bootstrap-servers", kafka.bootstrapServers()),
				// every buyer of the churn comes from 127.0.0.1
				Map.entry("marquee.rate-limit.holds-per-address-per-minute", "1000000"),
				// traces on, and the bus's sends and receipts in the logs with their ids
				Map.entry("management.tracing.export.enabled", "true"),
				Map.entry("logging.level.dev.marquee.live.internal.KafkaSeatChangeBus", "DEBUG"));
		nodeA = MarqueeProcess.start("node-a", settings);
		nodeB = MarqueeProcess.start("node-b", settings);
		nodeA.awaitReady();
		nodeB.awaitReady();
		await("both nodes' consumers to have their partitions").atMost(Duration.ofSeconds(60))
			.until(() -> busUp(nodeA) && busUp(nodeB));
	}

	@AfterAll
	static void stopTheCluster() {
		for (AutoCloseable process : new AutoCloseable[] { nodeA, nodeB, kafka, redis }) {
			try {
				if (process != null) {
					process.close();
				}
			}
			catch (Exception ex) {
				// the others still go
			}
		}
	}

	@Test
	@Order(1)
	void aHoldOnNodeAReachesAWatcherOnNodeBInSeqOrder() {
		UUID event = event(nodeA, 600, 4);
		List<Map<String, Object>> onB = new CopyOnWriteArrayList<>();
		Disposable socket = watch(nodeB, event, onB);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !onB.isEmpty());
			assertThat(hold(nodeA, event, Tokens.buyer(), "S-A-2")).isEqualTo(201);
			assertThat(hold(nodeA, event, Tokens.buyer(), "S-A-3")).isEqualTo(201);
			await().atMost(Duration.ofSeconds(15)).until(() -> onB.size() >= 3);
			long snapshot = seq(onB.get(0));
			assertThat(onB.get(0).get("type")).isEqualTo("snapshot");
			assertThat(onB.subList(1, 3)).extracting(MultiProcessClusterTests::seq)
				.containsExactly(snapshot + 1, snapshot + 2);
			assertThat(onB.subList(1, 3)).extracting(MultiProcessClusterTests::changes)
				.containsExactly(List.of("S-A-2=HELD"), List.of("S-A-3=HELD"));
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	@Order(2)
	void churnOnBothNodesNeedsNoResyncAndEveryMapIsRightWithinASecond() throws Exception {
		int seats = 200;
		UUID event = event(nodeA, 600, seats);
		List<SeatWatcher> watchers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			watchers.add(new SeatWatcher((i % 2 == 0 ? nodeA : nodeB).port(), event, seats));
		}
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> watchers.stream().allMatch(w -> w.statuses() != null));
			Instant until = Instant.now().plusSeconds(10);
			try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<Integer>> buyers = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					int buyer = i;
					buyers.add(pool.submit(() -> churn(event, seats, buyer, until)));
				}
				int changes = 0;
				for (var buyer : buyers) {
					changes += buyer.get();
				}
				assertThat(changes).as("holds and releases made").isGreaterThan(100);
			}
			var truth = availability(nodeA, event);
			long seq = ((Number) truth.get("seq")).longValue();
			await("every map to equal the server's").atMost(Duration.ofSeconds(1))
				.pollInterval(Duration.ofMillis(20))
				.untilAsserted(() -> assertThat(watchers).allSatisfy(w -> {
					assertThat(w.seq()).isEqualTo(seq);
					assertThat(w.statuses()).isEqualTo(truth.get("statuses"));
				}));
			assertThat(watchers).allSatisfy(watcher -> {
				assertThat(watcher.gaps).as("gaps").hasValue(0);
				assertThat(watcher.snapshots).as("snapshots").hasValue(1);
			});
		}
		finally {
			watchers.forEach(SeatWatcher::close);
		}
	}

	/**
	 * One buyer: holds a random seat on one node and lets it go on the other, or buys it,
	 * until the time is up; answers how many changes it made.
	 */
	private static int churn(UUID event, int seats, int buyer, Instant until) {
		var random = ThreadLocalRandom.current();
		int changes = 0;
		for (int round = 0; Instant.now().isBefore(until); round++) {
			MarqueeProcess node = (round + buyer) % 2 == 0 ? nodeA : nodeB;
			MarqueeProcess other = node == nodeA ? nodeB : nodeA;
			String token = IntegrationTest.token("churn-" + buyer + "-" + round);
			Map<String, Object> hold;
			try {
				hold = post(node, "/api/v1/events/" + event + "/holds", token,
						Map.of("seatIds", List.of("S-A-" + random.nextInt(1, seats + 1))));
			}
			catch (WebClientResponseException.Conflict taken) {
				continue;
			}
			changes++;
			if (round % 10 == 9) {
				post(other, "/api/v1/holds/" + hold.get("holdId") + "/purchase", token,
						Map.of("paymentToken", "tok_visa"));
			}
			else {
				client(other).delete()
					.uri("/api/v1/holds/{id}", hold.get("holdId"))
					.headers(h -> h.setBearerAuth(token))
					.retrieve()
					.toBodilessEntity()
					.block(Duration.ofSeconds(30));
			}
			changes++;
		}
		return changes;
	}

	@Test
	@Order(3)
	void anExpiryIsReleasedAndAnnouncedOnce() {
		UUID event = event(nodeA, 1, 4);
		List<Map<String, Object>> onA = new CopyOnWriteArrayList<>();
		List<Map<String, Object>> onB = new CopyOnWriteArrayList<>();
		Disposable socketA = watch(nodeA, event, onA);
		Disposable socketB = watch(nodeB, event, onB);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !onA.isEmpty() && !onB.isEmpty());
			assertThat(hold(nodeB, event, Tokens.buyer(), "S-A-1")).isEqualTo(201);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> count(onA, "S-A-1=AVAILABLE") == 1 && count(onB, "S-A-1=AVAILABLE") == 1);
			// both nodes hear the expiry from Redis and both sweep: let each finish two
			// more sweeps, then send a marker behind whatever they might have announced
			double sweptA = sweeps(nodeA);
			double sweptB = sweeps(nodeB);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> sweeps(nodeA) >= sweptA + 2 && sweeps(nodeB) >= sweptB + 2);
			assertThat(hold(nodeA, event, Tokens.buyer(), "S-A-4")).isEqualTo(201);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> count(onA, "S-A-4=HELD") == 1 && count(onB, "S-A-4=HELD") == 1);
			assertThat(count(onA, "S-A-1=AVAILABLE")).isEqualTo(1);
			assertThat(count(onB, "S-A-1=AVAILABLE")).isEqualTo(1);
			assertThat(hold(nodeA, event, Tokens.buyer(), "S-A-1")).as("the released seat held again").isEqualTo(201);
		}
		finally {
			socketA.dispose();
			socketB.dispose();
		}
	}

	@Test
	@Order(4)
	void aBrokerRestartResumesTheLiveStreamsWithAResync() {
		UUID event = event(nodeA, 600, 4);
		try (SeatWatcher onB = new SeatWatcher(nodeB.port(), event, 4)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> onB.statuses() != null);
			kafka.stop();
			await("both nodes to notice the broker is gone").atMost(Duration.ofSeconds(30))
				.until(() -> !busUp(nodeA) && !busUp(nodeB));
			assertThat(hold(nodeA, event, Tokens.buyer(), "S-A-1")).as("a hold without the broker").isEqualTo(201);
			kafka.startAgain();
			// a snapshot, not deltas: the change made meanwhile never went through the
			// broker
			await("a fresh snapshot with the change made meanwhile").atMost(Duration.ofSeconds(60))
				.until(() -> onB.snapshots.get() >= 2 && "H...".equals(onB.statuses()));
			await().atMost(Duration.ofSeconds(30)).until(() -> busUp(nodeA) && busUp(nodeB));
			assertThat(hold(nodeA, event, Tokens.buyer(), "S-A-2")).isEqualTo(201);
			await("a live change again").atMost(Duration.ofSeconds(15)).until(() -> "HH..".equals(onB.statuses()));
			assertThat(hold(nodeB, event, Tokens.buyer(), "S-A-3")).isEqualTo(201);
			await().atMost(Duration.ofSeconds(15)).until(() -> "HHH.".equals(onB.statuses()));
			assertThat(onB.gaps).hasValue(0);
		}
	}

	@Test
	@Order(5)
	void aPurchaseOnNodeAAndItsArrivalOnNodeBShareOneTrace() {
		UUID event = event(nodeA, 600, 4);
		String buyer = Tokens.buyer();
		Map<String, Object> held = post(nodeA, "/api/v1/events/" + event + "/holds", buyer,
				Map.of("seatIds", List.of("S-A-4")));
		// the buyer's client (or a gateway in front) starts the trace: W3C trace context
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
		var bought = answer(client(nodeA).post().uri("/api/v1/holds/{id}/purchase", held.get("holdId")).headers(h -> {
			h.setBearerAuth(buyer);
			h.set("Idempotency-Key", UUID.randomUUID().toString());
			h.set("traceparent", traceparent);
		}).bodyValue(Map.of("paymentToken", "tok_visa")));
		assertThat(bought.getKey()).isEqualTo(201);
		String sold = " of event " + event;
		await("node B to log the sale's arrival in the purchase's trace").atMost(Duration.ofSeconds(15))
			.until(() -> nodeB.logLines()
				.stream()
				.anyMatch(line -> line.contains(traceId) && line.contains("received") && line.contains(sold)));
		assertThat(nodeA.logLines()).as("node A's send in the same trace")
			.anyMatch(line -> line.contains(traceId) && line.contains("Sending seat change") && line.contains(sold));
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	@Test
	@Order(6)
	void noNodeLoggedAnErrorThroughAllOfIt() {
		assertThat(nodeA.errors()).as("ERROR lines of node A").isEmpty();
		assertThat(nodeB.errors()).as("ERROR lines of node B").isEmpty();
	}

	@Test
	@Order(7)
	void aRedisMasterKilledMidSaleSellsNoSeatTwiceAndHoldsGoOn() throws Exception {
		int seats = 300;
		UUID event = event(nodeA, 600, seats);
		List<Integer> answers = new CopyOnWriteArrayList<>();
		List<String> sold = new CopyOnWriteArrayList<>();
		Instant until = Instant.now().plusSeconds(20);
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> buyers = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				int buyer = i;
				buyers.add(pool.submit(() -> buyUntil(event, seats, buyer, until, answers, sold)));
			}
			await("some sales before the crash").atMost(Duration.ofSeconds(10)).until(() -> sold.size() >= 10);
			RedisServerProcess master = redis.masterOf(PREFIX + ":{" + event + "}:seq");
			master.crash();
			await("the replica to take over").atMost(Duration.ofSeconds(30))
				.until(() -> redis.masterOf(PREFIX + ":{" + event + "}:seq") != master);
			for (var buyer : buyers) {
				buyer.get();
			}
		}
		// the failover shows as 503s, and as 409s where a seat's sale or hold had not
		// reached the replica and PostgreSQL refused to sell it again; never as a 500
		assertThat(answers).as("answers to holds and purchases")
			.allMatch(status -> List.of(201, 409, 410, 503).contains(status));
		await("holds on both nodes after the failover").atMost(Duration.ofSeconds(30))
			.until(() -> hold(nodeA, event, Tokens.buyer(), "S-A-" + seats) == 201
					&& hold(nodeB, event, Tokens.buyer(), "S-A-" + (seats - 1)) == 201);
		try (Connection db = DriverManager.getConnection(TestServices.get().jdbcUrl(database),
				TestServices.get().postgresUser, TestServices.get().postgresPassword)) {
			var result = db.createStatement()
				.executeQuery("select seat_id from ticket where event_id = '" + event + "' and status = 'VALID'");
			List<String> tickets = new ArrayList<>();
			while (result.next()) {
				tickets.add(result.getString(1));
			}
			assertThat(tickets).as("tickets").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sold);
		}
	}

	/**
	 * One buyer: holds a random seat on one node and buys it on the other, until the time
	 * is up, noting every answer and the seats bought.
	 */
	private static void buyUntil(UUID event, int seats, int buyer, Instant until, List<Integer> answers,
			List<String> sold) {
		var random = ThreadLocalRandom.current();
		for (int round = 0; Instant.now().isBefore(until); round++) {
			MarqueeProcess node = (round + buyer) % 2 == 0 ? nodeA : nodeB;
			MarqueeProcess other = node == nodeA ? nodeB : nodeA;
			String token = IntegrationTest.token("failover-" + buyer + "-" + round);
			String seat = "S-A-" + random.nextInt(1, seats - 1);
			var held = holding(node, event, token, seat);
			answers.add(held.getKey());
			if (held.getKey() != 201) {
				continue;
			}
			var bought = purchase(other, held.getValue().get("holdId"), token, UUID.randomUUID().toString(),
					"tok_visa");
			answers.add(bought.getKey());
			if (bought.getKey() == 201) {
				sold.add(seat);
			}
		}
	}

	private static boolean busUp(MarqueeProcess node) {
		try {
			var health = adminRead(node, "/actuator/health/seatChangeBus");
			return health != null && "UP".equals(health.get("status"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** How many hold sweeps the node has finished ({@code @Scheduled} observations). */
	private static double sweeps(MarqueeProcess node) {
		var metric = adminRead(node, "/actuator/metrics/tasks.scheduled.execution?tag=code.function:sweep");
		return ((List<?>) metric.get("measurements")).stream()
			.map(m -> (Map<?, ?>) m)
			.filter(m -> "COUNT".equals(m.get("statistic")))
			.mapToDouble(m -> ((Number) m.get("value")).doubleValue())
			.sum();
	}

	private static Disposable watch(MarqueeProcess node, UUID event, List<Map<String, Object>> into) {
		return new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://127.0.0.1:" + node.port() + "/ws/events/" + event), session -> session.receive()
				.doOnNext(m -> into.add(json.readValue(m.getPayloadAsText(), new TypeReference<Map<String, Object>>() {
				})))
				.then())
			.subscribe();
	}

	private static long seq(Map<String, Object> message) {
		return ((Number) message.get("seq")).longValue();
	}

	private static List<String> changes(Map<String, Object> message) {
		return ((List<?>) message.get("changes")).stream()
			.map(c -> ((Map<?, ?>) c).get("seatId") + "=" + ((Map<?, ?>) c).get("status"))
			.toList();
	}

	private static long count(List<Map<String, Object>> messages, String change) {
		return messages.stream()
			.filter(m -> "seats".equals(m.get("type")))
			.flatMap(m -> changes(m).stream())
			.filter(change::equals)
			.count();
	}

}
