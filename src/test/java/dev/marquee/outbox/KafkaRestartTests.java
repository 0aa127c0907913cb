package dev.marquee.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.internal.SeatChangeBus;
import dev.marquee.support.FreePorts;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.KafkaTopics;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka broker (a real in-process KRaft broker on a fixed port) stopped and started
 * again under a running node, with a seat map watching over WebSocket: sales go on
 * without it, the node notices, and when the broker is back the watcher is given a fresh
 * snapshot holding the changes made meanwhile, live changes flow again, and every order
 * made before, during and after the outage reaches {@code marquee.orders} exactly once.
 */
@DirtiesContext // the context follows its own broker, which is gone after this class
class KafkaRestartTests extends IntegrationTest {

	static final EmbeddedKafkaKraftBroker kafka = startKafka();

	static final JsonMapper json = JsonMapper.builder().build();

	private static EmbeddedKafkaKraftBroker startKafka() {
		// a fixed port, so the restarted broker is where the clients left it
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, "marquee.orders")
			.kafkaPorts(FreePorts.next());
		broker.afterPropertiesSet();
		return broker;
	}

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("marquee.live.kafka.bootstrap-servers", kafka::getBrokersAsString);
		registry.add("marquee.live.kafka.probe-interval", () -> "500ms");
		registry.add("marquee.outbox.bootstrap-servers", kafka::getBrokersAsString);
		registry.add("marquee.outbox.send-timeout", () -> "3s");
		// the test runs the relay rounds itself
		registry.add("marquee.outbox.interval", () -> "1h");
	}

	@AfterAll
	static void stopKafka() {
		kafka.destroy();
	}

	@Autowired
	SeatChangeBus bus;

	@Autowired
	OutboxRelay relay;

	private static void stopBroker() {
		kafka.getCluster().brokers().values().forEach(broker -> {
			broker.shutdown();
			broker.awaitShutdown();
		});
	}

	private static void startBroker() {
		kafka.getCluster().brokers().values().forEach(broker -> broker.startup());
	}

	private Disposable watch(UUID event, List<Map<String, Object>> into) {
		return new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + event), session -> session.receive()
				.doOnNext(m -> into.add(json.readValue(m.getPayloadAsText(), new TypeReference<Map<String, Object>>() {
				})))
				.then())
			.subscribe();
	}

	private static boolean hasChange(List<Map<String, Object>> frames, String seat, String status) {
		return frames.stream()
			.filter(frame -> "seats".equals(frame.get("type")))
			.flatMap(frame -> ((List<Map<String, Object>>) frame.get("changes")).stream())
			.anyMatch(change -> seat.equals(change.get("seatId")) && status.equals(change.get("status")));
	}

	/** The seats of {@code event(4)} in the order of a snapshot's statuses. */
	private static final List<String> SEATS = List.of("S-A-1", "S-A-2", "S-A-3", "S-A-4", "S-B-1", "S-B-2", "S-B-3",
			"S-B-4");

	/**
	 * Whether the watcher's map shows the seat with the status: its last snapshot with
	 * the changes after it applied, as a browser draws it.
	 */
	private static boolean shows(List<Map<String, Object>> frames, String seat, String status) {
		String letter = switch (status) {
			case "HELD" -> "H";
			case "SOLD" -> "X";
			default -> ".";
		};
		String shown = null;
		for (Map<String, Object> frame : frames) {
			if ("snapshot".equals(frame.get("type"))) {
				shown = String.valueOf(((String) frame.get("statuses")).charAt(SEATS.indexOf(seat)));
			}
			else if ("seats".equals(frame.get("type"))) {
				for (Map<String, Object> change : (List<Map<String, Object>>) frame.get("changes")) {
					if (seat.equals(change.get("seatId"))) {
						shown = status.equals(change.get("status")) ? letter : "?";
					}
				}
			}
		}
		return letter.equals(shown);
	}

	private static List<String> snapshots(List<Map<String, Object>> frames) {
		return frames.stream()
			.filter(frame -> "snapshot".equals(frame.get("type")))
			.map(frame -> (String) frame.get("statuses"))
			.toList();
	}

	private String bought(UUID event, String seat) {
		String buyer = buyer();
		return (String) purchase(held(event, buyer, seat), buyer, "k-" + seat, "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");
	}

	private static List<ConsumerRecord<String, String>> orderTopic() {
		return KafkaTopics.everything(kafka.getBrokersAsString(), "marquee.orders");
	}

	@Test
	void afterABrokerRestartLiveChangesResumeWatchersResyncAndNoOrderEventIsLost() {
		await().atMost(Duration.ofSeconds(60)).until(bus::connected);
		UUID event = event(4);
		List<Map<String, Object>> frames = new CopyOnWriteArrayList<>();
		Disposable socket = watch(event, frames);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> snapshots(frames).size() == 1);
			String before = bought(event, "S-A-1");
			await().atMost(Duration.ofSeconds(10)).until(() -> hasChange(frames, "S-A-1", "SOLD"));

			stopBroker();
			List<String> during = new ArrayList<>();
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> !bus.connected());
				// holds and sales do not need Kafka
				during.add(bought(event, "S-A-2"));
				during.add(bought(event, "S-B-1"));
				held(event, buyer(), "S-A-3");
				assertThat(statuses(event)).isEqualTo("XXH.X...");
				// the orders wait in the outbox
				assertThatThrownBy(() -> relay.relay().block()).isNotNull();
			}
			finally {
				startBroker();
			}
			int snapshotsBefore = snapshots(frames).size();
			await().atMost(Duration.ofSeconds(60)).until(bus::connected);

			// the watcher starts over from a snapshot that holds what happened meanwhile
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(snapshots(frames)).hasSizeGreaterThan(snapshotsBefore)
					.last()
					.isEqualTo("XXH.X..."));
			// and the map follows again: by live changes, or by one more snapshot where
			// the
			// consumer took its partitions back only now
			held(event, buyer(), "S-A-4");
			await().atMost(Duration.ofSeconds(30)).until(() -> shows(frames, "S-A-4", "HELD"));
			String after = bought(event, "S-B-2");
			await().atMost(Duration.ofSeconds(30)).until(() -> shows(frames, "S-B-2", "SOLD"));

			// the outbox catches up: every order once, none lost
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> relay.relay().block() == 0);
			List<String> orders = new ArrayList<>(List.of(before, after));
			orders.addAll(during);
			List<String> confirmed = orderTopic().stream()
				.filter(r -> orders.contains(r.key()))
				.filter(r -> "OrderConfirmed"
					.equals(new String(r.headers().lastHeader("marquee-type").value(), StandardCharsets.UTF_8)))
				.map(ConsumerRecord::key)
				.toList();
			assertThat(confirmed).containsExactlyInAnyOrderElementsOf(orders);
		}
		finally {
			socket.dispose();
		}
	}

}
