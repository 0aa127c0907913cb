package dev.marquee.hold;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.hold.internal.HoldExpiryListener;
import dev.marquee.support.RedisCluster;
import dev.marquee.support.RedisServerProcess;
import dev.marquee.support.TestNodes;
import dev.marquee.support.Tokens;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node on a real Redis Cluster (three masters with a replica each, private
 * {@code redis-server} processes): holds and purchases work across the cluster's slots,
 * and when the master of an event's slot is killed mid-sale its replica takes over and
 * holds go on, with 503s (never a 500) while the cluster fails over; every master's
 * expiries are heard, before the failover and after it, and on a master added later once
 * an event's slot is moved there (the node turns its notifications on); a shard down
 * entirely does not stop the hold sweep, the queue admitter or the sold-seat reconciler
 * on the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTests {

	private static RedisCluster cluster;

	private static ConfigurableApplicationContext node;

	private static final String PREFIX = "mqc" + UUID.randomUUID().toString().substring(0, 8);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@BeforeAll
	static void startClusterAndNode() {
		Assumptions.assumeTrue(RedisServerProcess.available(), "redis-server is not on this machine");
		cluster = RedisCluster.start(3);
		node = TestNodes.start(Map.of("spring.data.redis.cluster.nodes", cluster.nodes(), "marquee.hold.key-prefix",
				PREFIX, "spring.data.redis.timeout", "2s", "marquee.sale.reconcile-interval", "1s"));
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	@Order(1)
	void seatsAreHeldAndSoldOnceOnACluster() {
		UUID event = event(4);
		String buyer = Tokens.buyer();
		Answer held = hold(event, buyer, "S-A-1");
		assertThat(held.status()).isEqualTo(201);
		assertThat(hold(event, Tokens.buyer(), "S-A-1").status()).as("the same seat held by someone else")
			.isEqualTo(409);
		assertThat(post("/api/v1/holds/" + held.body().get("holdId") + "/purchase", buyer,
				Map.of("paymentToken", "tok_visa"), "bought-" + UUID.randomUUID())
			.status()).isEqualTo(201);
		assertThat(hold(event, Tokens.buyer(), "S-A-1").status()).as("a sold seat held again").isEqualTo(409);
		assertThat(hold(event, Tokens.buyer(), "S-A-2").status()).isEqualTo(201);
	}

	@Test
	@Order(2)
	void anAbandonedHoldIsReleasedAtOnceWhicheverMasterHoldsItsEvent() {
		expiriesAreHeardOnEveryMaster();
	}

	@Test
	@Order(3)
	void whenTheMasterOfAnEventsSlotDiesItsReplicaTakesOverAndHoldsGoOn() {
		UUID event = event(60);
		for (int seat = 1; seat <= 5; seat++) {
			assertThat(hold(event, Tokens.buyer(), "S-A-" + seat).status()).isEqualTo(201);
		}
		RedisServerProcess master = cluster.masterOf(PREFIX + ":{" + event + "}:seq");
		master.crash();

		List<Integer> during = new ArrayList<>();
		int[] seat = { 6 };
		await("a hold to succeed after the failover").atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				int status = hold(event, Tokens.buyer(), "S-A-" + seat[0]).status();
				during.add(status);
				if (status == 201) {
					seat[0]++;
				}
				return status == 201;
			});
		assertThat(during).as("answers while the cluster failed over")
			.allMatch(status -> status == 201 || status == 503);
		assertThat(cluster.masterOf(PREFIX + ":{" + event + "}:seq")).as("the new master").isNotSameAs(master);

		// the dead master stays dead (as a host that is gone): the node is ready all the
		// same
		await("the node ready again").atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(get("/actuator/health/readiness", Tokens.admin())).containsEntry("status", "UP"));

		// after the failover: holds go on, each seat to one buyer only
		for (int i = 0; i < 10; i++, seat[0]++) {
			String buyer = Tokens.buyer();
			Answer held = hold(event, buyer, "S-A-" + seat[0]);
			assertThat(held.status()).isEqualTo(201);
			assertThat(hold(event, Tokens.buyer(), "S-A-" + seat[0]).status()).isEqualTo(409);
		}
	}

	@Test
	@Order(4)
	void afterAFailoverTheExpiriesOfThePromotedMasterAreHeardToo() {
		expiriesAreHeardOnEveryMaster();
	}

	/**
	 * An event on each master, a hold of one second on each: every seat is free again
	 * within seconds. The sweep is off on this node (an hour): only the keyspace
	 * notifications can release them.
	 */
	private static void expiriesAreHeardOnEveryMaster() {
		Map<RedisServerProcess, UUID> onMaster = eventsOnEveryMaster();
		// the node listens on every master, a promoted one too
		await("a subscription to expiries on every master").atMost(Duration.ofSeconds(30))
			.until(() -> onMaster.keySet().stream().allMatch(master -> RedisCluster.patternSubscriptions(master) > 0));
		ReactiveStringRedisTemplate redis = node.getBean(ReactiveStringRedisTemplate.class);
		for (UUID event : onMaster.values()) {
			assertThat(hold(event, Tokens.buyer(), "S-A-1").status()).isEqualTo(201);
		}
		for (UUID event : onMaster.values()) {
			// Redis notifies when it finds the key expired: touching it makes it look
			await().atMost(Duration.ofSeconds(15))
				.until(() -> Boolean.FALSE.equals(redis.hasKey(PREFIX + ":{" + event + "}:seat:S-A-1").block()));
			await("the seat of event " + event + " released").atMost(Duration.ofSeconds(10))
				.until(() -> String.valueOf(get("/api/v1/events/" + event + "/availability").get("statuses"))
					.startsWith("."));
		}
	}

	@Test
	@Order(5)
	void anEventMovedToANewMasterHasItsExpiriesHeardThere() {
		UUID event = event(2, 1);
		String key = PREFIX + ":{" + event + "}:seq";
		// a master added as an operator would: no keyspace notification flags of its own
		RedisServerProcess added = cluster.addMaster();
		await("the node to listen on the new master").atMost(Duration.ofSeconds(30))
			.until(() -> RedisCluster.patternSubscriptions(added) >= 1);
		assertThat(hold(event, Tokens.buyer(), "S-A-2").status()).isEqualTo(201);
		cluster.moveSlot(key, added);
		assertThat(cluster.masterOf(key)).as("the event's master").isSameAs(added);

		// the sweep is off (TestNodes): only the new master's notification can release it
		assertThat(hold(event, Tokens.buyer(), "S-A-1").status()).isEqualTo(201);
		await("the expiry heard from the new master").atMost(Duration.ofSeconds(20))
			.until(() -> String.valueOf(get("/api/v1/events/" + event + "/availability").get("statuses")).equals(".."));
	}

	@Test
	@Order(6)
	void aShardThatIsDownEntirelyDoesNotStopTheSweepTheAdmitterOrTheReconcilerOfTheOthers() {
		// nobody hears the expiries: only the sweep can release these holds
		node.getBean(HoldExpiryListener.class).stop();
		Map<RedisServerProcess, UUID> onMaster = onEveryMaster(() -> event(2, 1));
		for (UUID event : onMaster.values()) {
			assertThat(hold(event, Tokens.buyer(), "S-A-1").status()).isEqualTo(201);
			// holds of one second: a purchase that came too late (410) is made again
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				String buyer = Tokens.buyer();
				Answer held = hold(event, buyer, "S-A-2");
				return held.status() == 201 && post("/api/v1/holds/" + held.body().get("holdId") + "/purchase", buyer,
						Map.of("paymentToken", "tok_visa"), "sold-" + UUID.randomUUID())
					.status() == 201;
			});
		}
		// waiting rooms that open in a few seconds; the admitter's ticks take the events
		// by start, and the one on the shard that goes down comes first
		Instant opens = Instant.now().plusSeconds(8);
		Map<RedisServerProcess, UUID> queues = onEveryMaster(() -> queuedEvent(Duration.ofHours(3), opens));
		RedisServerProcess leaseMaster = cluster.masterOf(PREFIX + ":queue-admitter");
		RedisServerProcess lost = onMaster.keySet().stream().filter(m -> m != leaseMaster).findFirst().orElseThrow();
		UUID first = null;
		for (int i = 0; i < 30 && first == null; i++) {
			UUID event = queuedEvent(Duration.ofHours(2), opens);
			if (cluster.masterOf(PREFIX + ":{" + event + "}:seq") == lost) {
				first = event;
			}
		}
		assertThat(first).as("a waiting room on the shard that goes down").isNotNull();
		assertThat(Instant.now()).as("still before the waiting rooms open").isBefore(opens);
		cluster.crashShard(lost);
		List<UUID> live = onMaster.entrySet()
			.stream()
			.filter(e -> e.getKey() != lost)
			.map(Map.Entry::getValue)
			.toList();
		ReactiveStringRedisTemplate redis = node.getBean(ReactiveStringRedisTemplate.class);
		for (UUID event : live) {
			await().atMost(Duration.ofSeconds(15))
				.until(() -> Boolean.FALSE.equals(redis.hasKey(PREFIX + ":{" + event + "}:seat:S-A-1").block()));
		}

		assertThat(node.getBean(HoldExpiry.class).sweep().block(Duration.ofSeconds(60)))
			.as("holds the sweep released with a shard down")
			.isEqualTo(live.size());
		for (UUID event : live) {
			assertThat(String.valueOf(get("/api/v1/events/" + event + "/availability").get("statuses")))
				.startsWith(".X");
		}

		// the admitter opens the waiting rooms on the shards that answer
		List<UUID> liveQueues = queues.entrySet()
			.stream()
			.filter(e -> e.getKey() != lost)
			.map(Map.Entry::getValue)
			.toList();
		await("the waiting rooms on the other shards open").atMost(Duration.ofSeconds(30))
			.until(() -> liveQueues.stream()
				.allMatch(
						event -> "1".equals(redis.opsForHash().get(PREFIX + ":{" + event + "}:q", "opened").block())));

		// and the reconciler puts back the sold seats those shards forgot
		for (UUID event : live) {
			redis.delete(PREFIX + ":{" + event + "}:sold").block();
			assertThat(String.valueOf(get("/api/v1/events/" + event + "/availability").get("statuses")))
				.isEqualTo("..");
		}
		await("the sold seats back in Redis").atMost(Duration.ofSeconds(30))
			.until(() -> live.stream()
				.allMatch(event -> ".X"
					.equals(String.valueOf(get("/api/v1/events/" + event + "/availability").get("statuses")))));
	}

	/** A new event from {@code make} on each master. */
	private static Map<RedisServerProcess, UUID> onEveryMaster(Supplier<UUID> make) {
		Map<RedisServerProcess, UUID> onMaster = new LinkedHashMap<>();
		for (int i = 0; i < 30 && onMaster.size() < 3; i++) {
			UUID event = make.get();
			onMaster.putIfAbsent(cluster.masterOf(PREFIX + ":{" + event + "}:seq"), event);
		}
		assertThat(onMaster).as("events on distinct masters").hasSize(3);
		return onMaster;
	}

	/**
	 * A queue-protected event that starts {@code in} from now, on sale at {@code opens}.
	 */
	private static UUID queuedEvent(Duration in, Instant opens) {
		String admin = Tokens.admin();
		var venue = post("/api/v1/venues", admin, Map.of("name", "Queue Hall", "city", "Ghent", "sections", List.of(Map
			.of("code", "S", "name", "Stalls", "priceTier", "std", "rows", List.of(Map.of("label", "A", "seats", 2))))),
				null);
		var event = post("/api/v1/events", admin,
				Map.of("venueId", venue.body().get("venueId"), "name", "Queued", "startsAt",
						Instant.now().plus(in).toString(), "onSaleAt", opens.toString(), "prices",
						Map.of("std", Map.of("amountMinor", 100, "currency", "EUR")), "queue",
						Map.of("enabled", true, "admitPerMinute", 60)),
				null);
		assertThat(event.status()).isEqualTo(201);
		return UUID.fromString((String) event.body().get("eventId"));
	}

	/** A new event (two seats, holds of one second) on each master. */
	private static Map<RedisServerProcess, UUID> eventsOnEveryMaster() {
		return onEveryMaster(() -> event(2, 1));
	}

	record Answer(int status, Map<String, Object> body) {
	}

	private static Map<String, Object> get(String path) {
		return get(path, null);
	}

	private static Map<String, Object> get(String path, String token) {
		return WebClient.create("http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port"))
			.get()
			.uri(path)
			.headers(h -> {
				if (token != null) {
					h.setBearerAuth(token);
				}
			})
			.exchangeToMono(response -> response.bodyToMono(JSON))
			.block(Duration.ofSeconds(30));
	}

	private static Answer hold(UUID event, String buyer, String seat) {
		return post("/api/v1/events/" + event + "/holds", buyer, Map.of("seatIds", List.of(seat)), null);
	}

	private static Answer post(String path, String token, Object body, String idempotencyKey) {
		return WebClient.create("http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port"))
			.post()
			.uri(path)
			.headers(h -> {
				h.setBearerAuth(token);
				if (idempotencyKey != null) {
					h.set("Idempotency-Key", idempotencyKey);
				}
			})
			.bodyValue(body)
			.exchangeToMono(response -> response.bodyToMono(JSON)
				.defaultIfEmpty(Map.of())
				.map(map -> new Answer(response.statusCode().value(), map)))
			.block(Duration.ofSeconds(30));
	}

	private static UUID event(int seats) {
		return event(seats, 300);
	}

	private static UUID event(int seats, int holdTtlSeconds) {
		String admin = Tokens.admin();
		var venue = post("/api/v1/venues", admin,
				Map.of("name", "Cluster Hall", "city", "Ghent", "sections", List.of(Map.of("code", "S", "name",
						"Stalls", "priceTier", "std", "rows", List.of(Map.of("label", "A", "seats", seats))))),
				null);
		assertThat(venue.status()).isEqualTo(201);
		var event = post("/api/v1/events", admin,
				Map.of("venueId", venue.body().get("venueId"), "name", "Clustered", "startsAt",
						Instant.now().plusSeconds(86_400).toString(), "onSaleAt",
						Instant.now().minusSeconds(60).toString(), "holdTtlSeconds", holdTtlSeconds, "prices",
						Map.of("std", Map.of("amountMinor", 100, "currency", "EUR"))),
				null);
		assertThat(event.status()).isEqualTo(201);
		return UUID.fromString((String) event.body().get("eventId"));
	}

}
