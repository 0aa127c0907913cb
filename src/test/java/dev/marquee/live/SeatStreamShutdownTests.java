package dev.marquee.live;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.NodeApi;
import dev.marquee.support.TestNodes;
import dev.marquee.support.Tokens;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that shuts down (a deploy, a scale-in) with seat maps open: each WebSocket
 * watcher is told so with a close frame, 1001 "going away", an SSE watcher's stream ends
 * (its EventSource reconnects), and all of them reconnect to another node; the node does
 * not wait out its shutdown phase for them, and logs no error or warning for any of them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SeatStreamShutdownTests {

	@Test
	void watchersOfANodeThatShutsDownAreToldItIsGoingAway(CapturedOutput output) throws Exception {
		String prefix = "mqsd" + UUID.randomUUID().toString().substring(0, 6);
		ConfigurableApplicationContext node = TestNodes.start(Map.of("marquee.hold.key-prefix", prefix));
		List<RawWebSocket> watchers = new ArrayList<>();
		try {
			int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
			String baseUrl = TestNodes.baseUrl(node);
			UUID event = NodeApi.event(baseUrl, Tokens.admin(), 60, 8, Map.of());
			for (int i = 0; i < 200; i++) {
				RawWebSocket watcher = new RawWebSocket(port, "/ws/events/" + event, 65536, i % 2 == 0);
				watchers.add(watcher);
			}
			for (RawWebSocket watcher : watchers) {
				assertThat(watcher.nextMessage().text()).contains("\"snapshot\"");
			}
			// and one over Server-Sent Events
			List<String> events = new CopyOnWriteArrayList<>();
			Sinks.Empty<Void> sseEnded = Sinks.empty();
			WebClient.create(baseUrl)
				.get()
				.uri("/api/v1/events/{id}/seat-events", event)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.retrieve()
				.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
				})
				.subscribe(sse -> events.add(String.valueOf(sse.event())), sseEnded::tryEmitError,
						sseEnded::tryEmitEmpty);
			await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("snapshot"));
			// one over RSocket (on the WebSocket endpoint)
			Sinks.Empty<Void> rsocketEnded = Sinks.empty();
			List<String> streamed = new CopyOnWriteArrayList<>();
			RSocketRequester requester = RSocketRequester.builder()
				.dataMimeType(MimeTypeUtils.APPLICATION_JSON)
				.websocket(URI.create("ws://localhost:" + port + "/rsocket"));
			requester.route("events.{id}.seats", event)
				.retrieveFlux(String.class)
				.subscribe(streamed::add, failure -> rsocketEnded.tryEmitEmpty(), rsocketEnded::tryEmitEmpty);
			await().atMost(Duration.ofSeconds(10)).until(() -> !streamed.isEmpty());
			// and a buyer in a waiting room, before its sale opens
			UUID queued = NodeApi.event(baseUrl, Tokens.admin(), 60, 8, Map.of("onSaleAt",
					Instant.now().plusSeconds(3600).toString(), "queue", Map.of("enabled", true, "admitPerMinute", 1)));
			String ticket = (String) NodeApi
				.post(baseUrl, "/api/v1/events/" + queued + "/queue",
						IntegrationTest.token("buyer-" + UUID.randomUUID()), Map.of())
				.get("queueTicket");
			RawWebSocket inQueue = new RawWebSocket(port, "/ws/events/" + queued + "/queue/" + ticket, 65536, false);
			watchers.add(inQueue);
			assertThat(inQueue.nextMessage().text()).contains("\"position\"");
			int logBefore = output.getAll().length();
			TestNodes.dropKeys(node, prefix);
			// each is told within seconds, while the node shuts down (its graceful
			// shutdown would wait 20 s for streams that do not end)
			CompletableFuture<Void> closing = CompletableFuture.runAsync(node::close);
			for (RawWebSocket watcher : watchers) {
				RawWebSocket.Frame last = watcher.nextMessage();
				assertThat(last.isClose()).as("a close frame").isTrue();
				assertThat(last.closeCode()).isEqualTo(1001);
			}
			// ended, not failed: the EventSource reconnects
			sseEnded.asMono().block(Duration.ofSeconds(10));
			// the RSocket client hears its connection close (and reconnects)
			rsocketEnded.asMono().block(Duration.ofSeconds(10));
			closing.get(30, TimeUnit.SECONDS);
			assertThat(output.getAll()
				.substring(logBefore)
				.lines()
				.filter(line -> line.contains(" ERROR ") || line.contains(" WARN ")))
				.as("errors and warnings logged while the node shut down")
				.isEmpty();
		}
		finally {
			for (RawWebSocket watcher : watchers) {
				watcher.close();
			}
			node.close();
		}
	}

}
