package dev.marquee.sale;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.marquee.support.ChaosProxy;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sales leave the building: every order confirmed, cancelled or ticket transferred reaches the
 * {@code marquee.orders} topic of a real (in-process KRaft) Kafka broker, once per outbox row,
 * even with several relays running at once.
 */
class OutboxRelayTests extends IntegrationTest {

	static final EmbeddedKafkaKraftBroker kafka = startKafka();

	/** The relay reaches the broker through this, so the broker can vanish and come back. */
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

	private static List<ConsumerRecord<String, String>> topic() {
		return dev.marquee.support.KafkaTopics.everything(kafka.getBrokersAsString(), "marquee.orders");
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
		Map<String, Object> order = purchase(hold, buyer, "k-1", "tok_visa").expectStatus().isCreated().expectBody(JSON)
			.returnResult().getResponseBody();
		String orderId = (String) order.get("orderId");
		Object ticketId = ((List<Map<String, Object>>) order.get("tickets")).get(0).get("ticketId");
		http().post().uri("/api/v1/tickets/{id}/transfer", ticketId).headers(h -> h.setBearerAuth(buyer))
			.bodyValue(Map.of("toUserId", "friend")).exchange().expectStatus().isOk();
		String other = buyer();
		String otherOrder = (String) purchase(held(event, other, "S-B-1"), other, "k-2", "tok_visa").expectStatus()
			.isCreated().expectBody(JSON).returnResult().getResponseBody().get("orderId");
		http().post().uri("/api/v1/orders/{id}/cancel", otherOrder).headers(h -> h.setBearerAuth(other)).exchange()
			.expectStatus().isOk();

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
		assertThat(count("select count(*) from outbox where published_at is null and aggregate_id = cast(:event as text)",
				orderId)).isZero();
	}

	@Test
	void whileTheBrokerIsUnreachableSalesWaitInTheOutboxAndAllGoOutWhenItIsBack() {
		UUID event = event(4);
		kafkaProxy.cut();
		List<String> orders = new ArrayList<>();
		try {
			for (int i = 1; i <= 3; i++) {
				String buyer = buyer();
				orders.add((String) purchase(held(event, buyer, "S-B-" + i), buyer, "k", "tok_visa").expectStatus().isCreated()
					.expectBody(JSON).returnResult().getResponseBody().get("orderId"));
			}
			// a round fails after the send timeout and leaves every row for later
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> relay.relay().block()).isNotNull();
			assertThat(count("select count(*) from outbox where published_at is null and payload->>'eventId' = cast(:event as text)",
					event)).isEqualTo(3);
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
			orders.add((String) purchase(held(event, buyer, "S-A-" + i), buyer, "k", "tok_visa").expectStatus().isCreated()
				.expectBody(JSON).returnResult().getResponseBody().get("orderId"));
		}
		Flux.range(0, 6).parallel(6).runOn(Schedulers.boundedElastic()).flatMap(i -> relay.relay()).sequential().blockLast();
		relayUntilEmpty();
		List<ConsumerRecord<String, String>> ours = topic().stream().filter(r -> orders.contains(r.key())).toList();
		assertThat(ours).hasSize(10);
		assertThat(ours.stream().map(ConsumerRecord::key)).containsExactlyInAnyOrderElementsOf(orders);
	}

}
