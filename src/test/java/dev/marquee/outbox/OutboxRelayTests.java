package dev.marquee.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.marquee.support.ChaosProxy;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.KafkaTopics;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sales leave the building: every order confirmed, cancelled or ticket transferred
 * reaches the {@code marquee.orders} topic of a real (in-process KRaft) Kafka broker,
 * once per outbox row and each order's events in order, even with several relays running
 * at once.
 */
@DirtiesContext // the context follows its own broker, which is gone after this class
class OutboxRelayTests extends IntegrationTest {

	static final EmbeddedKafkaKraftBroker kafka = startKafka();

	/**
	 * The relay reaches the broker through this, so the broker can vanish and come back.
	 */
	static final ChaosProxy kafkaProxy = new ChaosProxy("127.0.0.1",
			Integer.parseInt(kafka.getBrokersAsString().substring(kafka.getBrokersAsString().lastIndexOf(':') + 1)));

	private static EmbeddedKafkaKraftBroker startKafka() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, "marquee.orders");
		broker.afterPropertiesSet();
		return broker;
	}

	@DynamicPropertySource
	static void outbox(DynamicPropertyRegistry registry) {
		registry.add("marquee.outbox.bootstrap-servers", () -> "127.0.0.1:" + kafkaProxy.port());
		registry.add("marquee.outbox.send-timeout", () -> "3s");
		// small rounds, so that relays running at once share the rows out between them
		registry.add("marquee.outbox.batch", () -> "4");
		// the test runs the relay rounds itself
		registry.add("marquee.outbox.interval", () -> "1h");
	}

	@AfterAll
	static void stopKafka() {
		kafkaProxy.close();
		kafka.destroy();
	}

	@Autowired
	OutboxRelay relay;

	@Autowired
	TransactionalOperator transactions;

	@Autowired
	OutboxProperties outbox;

	private static List<ConsumerRecord<String, String>> topic() {
		return KafkaTopics.everything(kafka.getBrokersAsString(), "marquee.orders");
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private void relayUntilEmpty() {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> relay.relay().block() == 0);
	}

	@Test
	void ordersCancellationsAndTransfersReachTheTopicOnceEach() {
		UUID event = event(4);
		String buyer = buyer();
		String hold = held(event, buyer, "S-A-1", "S-A-2");
		Map<String, Object> order = purchase(hold, buyer, "k-1", "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String orderId = (String) order.get("orderId");
		Object ticketId = ((List<Map<String, Object>>) order.get("tickets")).get(0).get("ticketId");
		http().post()
			.uri("/api/v1/tickets/{id}/transfer", ticketId)
			.headers(h -> h.setBearerAuth(buyer))
			.bodyValue(Map.of("toUserId", "friend"))
			.exchange()
			.expectStatus()
			.isOk();
		String other = buyer();
		String otherOrder = (String) purchase(held(event, other, "S-B-1"), other, "k-2", "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");
		http().post()
			.uri("/api/v1/orders/{id}/cancel", otherOrder)
			.headers(h -> h.setBearerAuth(other))
			.exchange()
			.expectStatus()
			.isOk();

		relayUntilEmpty();
		List<ConsumerRecord<String, String>> records = topic();
		assertThat(records.stream().filter(r -> r.key().equals(orderId)).map(r -> header(r, "marquee-type")))
			.containsExactly("OrderConfirmed", "TicketTransferred");
		assertThat(records.stream().filter(r -> r.key().equals(otherOrder)).map(r -> header(r, "marquee-type")))
			.containsExactly("OrderConfirmed", "OrderCancelled");
		assertThat(records.stream().filter(r -> r.key().equals(orderId)).findFirst().orElseThrow().value())
			.contains("S-A-1", "S-A-2");
		// every outbox row once
		assertThat(records.stream().map(r -> header(r, "marquee-outbox-id"))).doesNotHaveDuplicates();
		assertThat(
				count("select count(*) from outbox where published_at is null and aggregate_id = cast(:event as text)",
						orderId))
			.isZero();
	}

	@Test
	void whileTheBrokerIsUnreachableSalesWaitInTheOutboxAndAllGoOutWhenItIsBack() {
		UUID event = event(4);
		kafkaProxy.cut();
		List<String> orders = new ArrayList<>();
		try {
			for (int i = 1; i <= 3; i++) {
				String buyer = buyer();
				orders.add((String) purchase(held(event, buyer, "S-B-" + i), buyer, "k", "tok_visa").expectStatus()
					.isCreated()
					.expectBody(JSON)
					.returnResult()
					.getResponseBody()
					.get("orderId"));
			}
			// a round fails after the send timeout and leaves every row for later
			assertThatThrownBy(() -> relay.relay().block()).isNotNull();
			assertThat(count(
					"select count(*) from outbox where published_at is null and payload->>'eventId' = cast(:event as text)",
					event))
				.isEqualTo(3);
		}
		finally {
			kafkaProxy.restore();
		}
		relayUntilEmpty();
		List<ConsumerRecord<String, String>> ours = topic().stream().filter(r -> orders.contains(r.key())).toList();
		assertThat(ours).hasSize(3);
		assertThat(ours.stream().map(ConsumerRecord::key)).containsExactlyInAnyOrderElementsOf(orders);
	}

	@Test
	void severalRelaysAtOnceSendEveryRowOnce() {
		UUID event = event(10);
		List<String> orders = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			String buyer = buyer();
			orders.add((String) purchase(held(event, buyer, "S-A-" + i), buyer, "k", "tok_visa").expectStatus()
				.isCreated()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody()
				.get("orderId"));
		}
		Flux.range(0, 6)
			.parallel(6)
			.runOn(Schedulers.boundedElastic())
			.flatMap(i -> relay.relay())
			.sequential()
			.blockLast();
		relayUntilEmpty();
		List<ConsumerRecord<String, String>> ours = topic().stream().filter(r -> orders.contains(r.key())).toList();
		assertThat(ours).hasSize(10);
		assertThat(ours.stream().map(ConsumerRecord::key)).containsExactlyInAnyOrderElementsOf(orders);
	}

	/**
	 * Orders bought and then cancelled, each with its Confirmed row before its Cancelled
	 * row.
	 */
	private List<String> confirmedThenCancelled(UUID event, int count) {
		List<String> orders = new ArrayList<>();
		List<String> buyers = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			String buyer = buyer();
			buyers.add(buyer);
			orders.add((String) purchase(held(event, buyer, "S-A-" + i), buyer, "k", "tok_visa").expectStatus()
				.isCreated()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody()
				.get("orderId"));
		}
		for (int i = 0; i < count; i++) {
			String buyer = buyers.get(i);
			http().post()
				.uri("/api/v1/orders/{id}/cancel", orders.get(i))
				.headers(h -> h.setBearerAuth(buyer))
				.exchange()
				.expectStatus()
				.isOk();
		}
		return orders;
	}

	/** What a consumer of the topic sees of each of these orders, in topic order. */
	private static Map<String, List<String>> typesByOrder(List<String> orders) {
		Map<String, List<String>> seen = new LinkedHashMap<>();
		orders.forEach(order -> seen.put(order, new ArrayList<>()));
		topic().stream()
			.filter(r -> seen.containsKey(r.key()))
			.forEach(r -> seen.get(r.key()).add(header(r, "marquee-type")));
		return seen;
	}

	@Test
	void severalRelaysAtOnceKeepEachOrdersEventsInOrderEvenWhileOneOfThemCannotSend() {
		relayUntilEmpty();
		UUID event = event(12);
		List<String> orders = confirmedThenCancelled(event, 12);
		// other nodes' relays, each with a producer of its own, straight to the broker
		OutboxProperties direct = new OutboxProperties(kafka.getBrokersAsString(), outbox.topic(), outbox.interval(),
				outbox.batch(), outbox.sendTimeout());
		List<KafkaOrderEvents> producers = new ArrayList<>(
				IntStream.range(0, 4).mapToObj(i -> new KafkaOrderEvents(direct)).toList());
		List<OutboxRelay> others = producers.stream().map(p -> new OutboxRelay(db, transactions, direct, p)).toList();
		// and one whose node cannot reach the broker at all
		ChaosProxy nowhere = new ChaosProxy("127.0.0.1", kafkaProxy.port());
		nowhere.cut();
		OutboxProperties unreachable = new OutboxProperties("127.0.0.1:" + nowhere.port(), outbox.topic(),
				outbox.interval(), outbox.batch(), outbox.sendTimeout());
		producers.add(new KafkaOrderEvents(unreachable));
		OutboxRelay cutOff = new OutboxRelay(db, transactions, unreachable, producers.getLast());
		try {
			// it claims the first confirmations and hangs until its send times out
			CompletableFuture<Integer> stuck = cutOff.relay().subscribeOn(Schedulers.boundedElastic()).toFuture();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> db.sql("""
						select count(*) from pg_stat_activity where datname = current_database()
						and state = 'idle in transaction' and query like '%from outbox%'""")
					.map(row -> row.get(0, Long.class))
					.one()
					.block() == 1);
			// meanwhile the others relay all they may, at once, round after round
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> Flux.fromIterable(others)
					.parallel(others.size())
					.runOn(Schedulers.boundedElastic())
					.flatMap(OutboxRelay::relay)
					.sequential()
					.reduce(0, Integer::sum)
					.block() == 0);
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(stuck::isDone);
			assertThat(stuck).isCompletedExceptionally();
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> Flux.fromIterable(others)
					.concatMap(OutboxRelay::relay)
					.reduce(0, Integer::sum)
					.block() == 0);
		}
		finally {
			producers.forEach(KafkaOrderEvents::destroy);
			nowhere.close();
		}
		Map<String, List<String>> seen = typesByOrder(orders);
		assertThat(seen).hasSize(12);
		// a consumer sees each order confirmed before it is cancelled
		assertThat(seen.values())
			.allSatisfy(types -> assertThat(types).containsExactly("OrderConfirmed", "OrderCancelled"));
	}

}
