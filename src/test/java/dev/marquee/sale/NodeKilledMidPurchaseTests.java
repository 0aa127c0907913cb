package dev.marquee.sale;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.marquee.support.KafkaBrokerProcess;
import dev.marquee.support.MarqueeProcess;
import dev.marquee.support.RedisCluster;
import dev.marquee.support.RedisServerProcess;
import dev.marquee.support.StripeStandIn;
import dev.marquee.support.TestServices;
import dev.marquee.support.Tokens;

import static dev.marquee.support.NodeApi.availability;
import static dev.marquee.support.NodeApi.event;
import static dev.marquee.support.NodeApi.holding;
import static dev.marquee.support.NodeApi.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nobody pays without a ticket, even when a node dies mid-purchase. Two Marquee nodes,
 * each a JVM of its own, on a Kafka broker process and a Redis Cluster of three masters
 * with a replica each (as {@code MultiProcessClusterTests}), charge through Stripe (a
 * stand-in speaking its wire protocol, outside both, which takes the money on receipt as
 * Stripe does). Node A is killed with SIGKILL twice over, in the two windows where a
 * purchase has taken money but has no order: while Stripe's answers to eight charges are
 * on their way back, and while four sales sold in Redis wait for PostgreSQL to store
 * their orders (their statements die with the node). Node B then completes the purchases
 * whose buyers retry with their Idempotency-Key, refunds every other charge (its recovery
 * job finds them at Stripe by their key), and puts their seats back on sale: every charge
 * ends in exactly one of a live order or a refund.
 */
class NodeKilledMidPurchaseTests {

	static final String PREFIX = "mqk" + UUID.randomUUID().toString().substring(0, 6);

	static StripeStandIn stripe;

	static KafkaBrokerProcess kafka;

	static RedisCluster redis;

	static MarqueeProcess nodeA;

	static MarqueeProcess nodeB;

	static String database;

	@BeforeAll
	static void startTheNodes() {
		Assumptions.assumeTrue(RedisServerProcess.available(), "redis-server is not on this machine");
		stripe = StripeStandIn.start();
		kafka = KafkaBrokerProcess.start();
		redis = RedisCluster.start(3);
		TestServices services = TestServices.get();
		database = services.newDatabase();
		Map<String, String> settings = new HashMap<>(stripe.settings());
		settings.putAll(Map.of("spring.r2dbc.url", services.r2dbcUrl(database), "spring.data.redis.cluster.nodes",
				redis.nodes(), "marquee.hold.key-prefix", PREFIX, "marquee.hold.sweep-interval", "500ms",
				"marquee.hold.payment-grace", "2s", "marquee.live.kafka.bootstrap-servers", kafka.bootstrapServers(),
				"marquee.outbox.bootstrap-servers", kafka.bootstrapServers()));
		settings.putAll(Map.of("marquee.payment.timeout", "3s", "marquee.payment.recovery-after", "8s",
				"marquee.payment.recovery-interval", "1s", "marquee.rate-limit.holds-per-address-per-minute",
				"1000000"));
		nodeA = MarqueeProcess.start("node-a", settings);
		nodeB = MarqueeProcess.start("node-b", settings);
		nodeA.awaitReady();
		nodeB.awaitReady();
	}

	@AfterAll
	static void stopTheNodes() {
		for (AutoCloseable process : new AutoCloseable[] { nodeA, nodeB, kafka, redis, stripe }) {
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

	/** One buyer's purchase: the seat, the hold, who and under which key. */
	record Buyer(String seat, Object holdId, String user, String token, String key) {

		/** The key Stripe knows the purchase's charge by. */
		String chargeKey() {
			return key + ":" + user;
		}

	}

	@Test
	void aNodeKilledMidPurchaseLeavesEveryChargeWithATicketOrARefund() throws Exception {
		UUID event = event(nodeB, 20, 12);

		// 1. killed while Stripe's answers to eight charges are on their way back
		List<Buyer> answerLost = held(event, 1, 8);
		stripe.holdAnswers();
		answerLost.forEach(buyer -> buyAsync(nodeA, buyer));
		await("Stripe to have taken the eight payments").atMost(Duration.ofSeconds(30))
			.until(() -> succeeded(answerLost) == 8);
		nodeA.kill();
		stripe.releaseAnswers();
		// the purchase is still open: a retry neither charges again nor completes it
		assertThat(purchase(nodeB, answerLost.get(0).holdId(), answerLost.get(0).token(), answerLost.get(0).key(),
				"pm_card_visa")
			.getKey()).isEqualTo(409);

		// 2. killed while four sales, sold in Redis, wait for PostgreSQL to store their
		// orders
		nodeA.restart();
		List<Buyer> orderLost = held(event, 9, 4);
		try (Connection db = DriverManager.getConnection(TestServices.get().jdbcUrl(database),
				TestServices.get().postgresUser, TestServices.get().postgresPassword)) {
			db.setAutoCommit(false);
			db.createStatement().execute("lock table orders in exclusive mode");
			orderLost.forEach(buyer -> buyAsync(nodeA, buyer));
			await("the four sales to be sold in Redis").atMost(Duration.ofSeconds(30))
				.until(() -> statuses(event).substring(8).equals("XXXX"));
			nodeA.kill();
			// a backend waiting on a lock notices its client's death only after the wait,
			// and would then still commit the order statement it had whole: end them, as
			// if the node had died a moment before they reached PostgreSQL
			db.createStatement()
				.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
						+ " and wait_event_type = 'Lock'");
			db.rollback();
		}

		// two of the four buyers retry on node B with their key: they get their order
		for (Buyer buyer : orderLost.subList(0, 2)) {
			var retried = purchase(nodeB, buyer.holdId(), buyer.token(), buyer.key(), "pm_card_visa");
			assertThat(retried.getKey()).as("retry of " + buyer.seat()).isEqualTo(201);
		}

		List<Buyer> everyone = new ArrayList<>(answerLost);
		everyone.addAll(orderLost);
		List<String> bought = List.of(orderLost.get(0).chargeKey(), orderLost.get(1).chargeKey());
		await("every other charge refunded, its seat back on sale").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			for (Buyer buyer : everyone) {
				StripeStandIn.PaymentIntent charge = chargeOf(buyer);
				assertThat(charge.status()).isEqualTo("succeeded");
				assertThat(charge.refunded()).as("refund of " + buyer.seat())
					.isEqualTo(!bought.contains(buyer.chargeKey()));
			}
			assertThat(statuses(event)).isEqualTo("........XX..");
		});
		Map<String, String> orders = ordersByPayment(event);
		for (Buyer buyer : everyone) {
			StripeStandIn.PaymentIntent charge = chargeOf(buyer);
			assertThat(orders.containsKey(charge.id())).as("an order carries the charge of " + buyer.seat())
				.isEqualTo(!charge.refunded());
		}
		assertThat(stripe.intents()).as("one charge per purchase").hasSize(12);
		assertThat(nodeB.errors()).as("node B's errors").isEmpty();
	}

	private static List<Buyer> held(UUID event, int first, int count) {
		List<Buyer> buyers = new ArrayList<>();
		for (int seat = first; seat < first + count; seat++) {
			String user = "killed-" + UUID.randomUUID();
			String token = Tokens.token(user);
			var hold = holding(nodeA, event, token, "S-A-" + seat);
			assertThat(hold.getKey()).isEqualTo(201);
			buyers.add(
					new Buyer("S-A-" + seat, hold.getValue().get("holdId"), user, token, UUID.randomUUID().toString()));
		}
		return buyers;
	}

	/** Sends the purchase and does not wait: its node is about to die. */
	private static void buyAsync(MarqueeProcess node, Buyer buyer) {
		Thread.ofVirtual().start(() -> {
			try {
				purchase(node, buyer.holdId(), buyer.token(), buyer.key(), "pm_card_visa");
			}
			catch (RuntimeException ex) {
				// the node was killed: no answer
			}
		});
	}

	private static long succeeded(List<Buyer> buyers) {
		return buyers.stream()
			.filter(buyer -> stripe.intents()
				.stream()
				.anyMatch(pi -> pi.status().equals("succeeded")
						&& buyer.chargeKey().equals(pi.metadata().get(StripePaymentGateway.CHARGE))))
			.count();
	}

	private static StripeStandIn.PaymentIntent chargeOf(Buyer buyer) {
		return stripe.intents()
			.stream()
			.filter(pi -> buyer.chargeKey().equals(pi.metadata().get(StripePaymentGateway.CHARGE)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no charge for " + buyer.seat()));
	}

	private static String statuses(UUID event) {
		return (String) availability(nodeB, event).get("statuses");
	}

	private static Map<String, String> ordersByPayment(UUID event) throws SQLException {
		try (Connection db = DriverManager.getConnection(TestServices.get().jdbcUrl(database),
				TestServices.get().postgresUser, TestServices.get().postgresPassword)) {
			var result = db.createStatement()
				.executeQuery("select o.payment_id, count(t.id) from orders o join ticket t on t.order_id = o.id"
						+ " where o.event_id = '" + event + "' and t.status = 'VALID' group by o.payment_id");
			Map<String, String> orders = new HashMap<>();
			while (result.next()) {
				orders.put(result.getString(1), result.getString(2));
			}
			return orders;
		}
	}

}
