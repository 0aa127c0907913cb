package dev.marquee.live.web;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.NodeApi;
import dev.marquee.support.TestNodes;
import dev.marquee.support.Tokens;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live streams whose clients left no longer wait for the node's shutdown
 * ({@link Departure}): a node whose mobile apps and browsers come and go for days would
 * otherwise keep every closed connection until it stops.
 */
class ClosedStreamsTests {

	private static ConfigurableApplicationContext node;

	private static int port;

	private static UUID event;

	@BeforeAll
	static void start() {
		node = TestNodes
			.start(Map.of("marquee.hold.key-prefix", "mqcs" + UUID.randomUUID().toString().substring(0, 6)));
		port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
		event = NodeApi.event(TestNodes.baseUrl(node), Tokens.admin(), 60, 8, Map.of());
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
	}

	@Test
	void rsocketOverWebSocketConnectionsThatClosedNoLongerWait() {
		Departure departure = node.getBean(Departure.class);
		for (int i = 0; i < 20; i++) {
			RSocketRequester requester = RSocketRequester.builder()
				.dataMimeType(MimeTypeUtils.APPLICATION_JSON)
				.websocket(URI.create("ws://localhost:" + port + "/rsocket"));
			assertThat(requester.route("events.{id}.seats", event)
				.retrieveFlux(String.class)
				.blockFirst(Duration.ofSeconds(10))).contains("snapshot");
			requester.dispose();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(departure.waiting()).isZero());
	}

	@Test
	void queueWatchersWhoseSocketClosedNoLongerWait() {
		Departure departure = node.getBean(Departure.class);
		UUID queued = NodeApi.event(TestNodes.baseUrl(node), Tokens.admin(), 60, 8, Map.of("onSaleAt",
				Instant.now().plusSeconds(3600).toString(), "queue", Map.of("enabled", true, "admitPerMinute", 1)));
		for (int i = 0; i < 10; i++) {
			String ticket = (String) NodeApi
				.post(TestNodes.baseUrl(node), "/api/v1/events/" + queued + "/queue",
						IntegrationTest.token("buyer-" + UUID.randomUUID()), Map.of())
				.get("queueTicket");
			new ReactorNettyWebSocketClient()
				.execute(URI.create("ws://localhost:" + port + "/ws/events/" + queued + "/queue/" + ticket),
						session -> session.receive().take(1).then())
				.block(Duration.ofSeconds(10));
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(departure.waiting()).isZero());
	}

	@Test
	void seatStreamsOverServerSentEventsThatEndedNoLongerWait() {
		Departure departure = node.getBean(Departure.class);
		for (int i = 0; i < 20; i++) {
			WebClient.create(TestNodes.baseUrl(node))
				.get()
				.uri("/api/v1/events/{id}/seat-events", event)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.retrieve()
				.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
				})
				.blockFirst(Duration.ofSeconds(10));
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(departure.waiting()).isZero());
	}

}
