package dev.marquee.live;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watchers of an event's seat map get a snapshot, then every change (hold, release,
 * expiry, sale) as a delta whose {@code seq} follows the snapshot's, over WebSocket and
 * over SSE.
 */
@ExtendWith(OutputCaptureExtension.class)
class SeatStreamTests extends LiveTest {

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	private Map<String, Object> parse(String text) {
		return json.readValue(text, JSON_MAP);
	}

	static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {
	};

	/** Opens a WebSocket on the event and collects every text message into the list. */
	private Disposable watch(UUID event, List<String> messages, Sinks.One<CloseStatus> closed) {
		return new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + event),
					session -> session.receive()
						.doOnNext(message -> messages.add(message.getPayloadAsText()))
						.then(session.closeStatus().doOnNext(closed::tryEmitValue).then()))
			.subscribe();
	}

	@Test
	void aWebSocketWatcherSeesSnapshotThenEveryChangeInOrder() {
		UUID event = event(4);
		List<String> messages = new CopyOnWriteArrayList<>();
		Disposable socket = watch(event, messages, Sinks.one());
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !messages.isEmpty());
			assertThat(parse(messages.get(0))).containsEntry("statuses", "........");
			http().get()
				.uri("/actuator/metrics/marquee.live.subscribers")
				.headers(h -> h.setBearerAuth(admin()))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.measurements[0].value")
				.value(Double.class, v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
			http().get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();

			playTheScript(event);

			await().atMost(Duration.ofSeconds(15)).until(() -> messages.size() >= 1 + SeatChangeScript.EXPECTED.size());
			SeatChangeScript.assertSnapshotThenDeltas(messages.stream().map(this::parse).toList());
			http().get()
				.uri("/actuator/metrics/marquee.live.fanout.lag")
				.headers(h -> h.setBearerAuth(admin()))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.measurements[?(@.statistic == 'COUNT')].value")
				.value(List.class, v -> assertThat(((Number) v.get(0)).doubleValue()).isGreaterThanOrEqualTo(6.0));
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	void anSseWatcherSeesTheSameStream() {
		UUID event = event(4);
		List<String> messages = new CopyOnWriteArrayList<>();
		Disposable sse = webClient().get()
			.uri("/api/v1/events/{id}/seat-events", event)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.filter(e -> e.data() != null)
			.subscribe(e -> messages.add(e.data()));
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !messages.isEmpty());
			playTheScript(event);
			await().atMost(Duration.ofSeconds(15)).until(() -> messages.size() >= 1 + SeatChangeScript.EXPECTED.size());
			SeatChangeScript.assertSnapshotThenDeltas(messages.stream().map(this::parse).toList());
		}
		finally {
			sse.dispose();
		}
	}

	@Test
	void aClientThatOffersCompressionGetsTheSameMessagesCompressed() throws Exception {
		UUID event = event(300);
		String path = "/ws/events/" + event;
		try (RawWebSocket compressed = new RawWebSocket(port, path, 65536, true);
				RawWebSocket plain = new RawWebSocket(port, path, 65536, false)) {
			assertThat(compressed.handshake).containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
			assertThat(plain.handshake).doesNotContainIgnoringCase("sec-websocket-extensions");

			RawWebSocket.Frame snapshot = compressed.nextMessage();
			RawWebSocket.Frame plainSnapshot = plain.nextMessage();
			assertThat(snapshot.compressed()).isTrue();
			assertThat(plainSnapshot.compressed()).isFalse();
			assertThat(snapshot.text()).isEqualTo(plainSnapshot.text());
			assertThat(parse(snapshot.text())).containsEntry("statuses", ".".repeat(600));
			// 600 glyphs of one kind: a few bytes on the wire
			assertThat(snapshot.wireLength()).isLessThan(plainSnapshot.wireLength() / 5);

			held(event, buyer(), "S-A-1", "S-A-2", "S-A-3", "S-A-4", "S-A-5", "S-A-6");
			RawWebSocket.Frame delta = compressed.nextMessage();
			RawWebSocket.Frame plainDelta = plain.nextMessage();
			assertThat(delta.compressed()).isTrue();
			assertThat(delta.text()).isEqualTo(plainDelta.text()).contains("\"S-A-6\"");
			assertThat(delta.wireLength()).isLessThan(plainDelta.wireLength());
		}
	}

	@Test
	void watchersThatLeaveInAnyWayLeaveNoErrorInTheLog(CapturedOutput output) throws Exception {
		UUID event = event(4);
		String path = "/ws/events/" + event;
		double watchersBefore = meters.get("marquee.live.subscribers").gauge().value();
		int logBefore = output.getAll().length();
		// a browser tab closed (a close frame), a client that just drops the connection
		// (a FIN), a crashed phone or a dropped network (a reset); each after a change
		List<RawWebSocket> sockets = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			RawWebSocket socket = new RawWebSocket(port, path, 65536, i % 3 == 1);
			assertThat(parse(socket.nextMessage().text())).containsEntry("type", "snapshot");
			sockets.add(socket);
		}
		held(event, buyer(), "S-A-1");
		for (RawWebSocket socket : sockets) {
			assertThat(parse(socket.nextMessage().text())).containsEntry("type", "seats");
		}
		for (int i = 0; i < sockets.size(); i++) {
			RawWebSocket socket = sockets.get(i);
			switch (i % 3) {
				case 0 -> {
					socket.sendClose(1001);
					assertThat(socket.nextMessage().isClose()).as("the server answers a close frame with one").isTrue();
					socket.close();
				}
				case 1 -> socket.close();
				default -> socket.reset();
			}
		}
		// a change after they left reaches no one and troubles no one
		held(event, buyer(), "S-A-2");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> meters.get("marquee.live.subscribers").gauge().value() <= watchersBefore);
		assertThat(output.getAll()
			.substring(logBefore)
			.lines()
			.filter(line -> line.contains(" ERROR ") || line.contains(" WARN ")))
			.as("errors and warnings logged while watchers left")
			.isEmpty();
	}

	@Test
	void aClientThatAsksForAResyncGetsAFreshSnapshot() {
		UUID event = event(4);
		held(event, buyer(), "S-B-2");
		List<String> second = new CopyOnWriteArrayList<>();
		Disposable resyncing = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + event),
					session -> session.send(Mono.just(session.textMessage("{\"type\":\"resync\"}")))
						.thenMany(session.receive().doOnNext(m -> second.add(m.getPayloadAsText())))
						.then())
			.subscribe();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> second.size() >= 2);
			assertThat(second).allSatisfy(text -> assertThat(parse(text)).containsEntry("type", "snapshot")
				.containsEntry("statuses", ".....H.."));
		}
		finally {
			resyncing.dispose();
		}
	}

	@Test
	void anUnknownEventIsClosedWith4404AndIsA404OverSse() {
		Sinks.One<CloseStatus> closed = Sinks.one();
		Disposable socket = watch(UUID.randomUUID(), new CopyOnWriteArrayList<>(), closed);
		try {
			assertThat(closed.asMono().block(Duration.ofSeconds(10)).getCode()).isEqualTo(4404);
		}
		finally {
			socket.dispose();
		}
		var problem = http().get()
			.uri("/api/v1/events/{id}/seat-events", UUID.randomUUID())
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.NOT_FOUND, "event-not-found");
	}

}
