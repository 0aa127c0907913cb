package dev.marquee.queue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.rsocket.metadata.WellKnownMimeType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue watcher over WebSocket or RSocket sees its position move with every admitter
 * step, from the shuffle at opening until the admission arrives with a token that holds
 * seats.
 */
class QueueStreamTests extends WaitingRoomTest {

	static final MimeType BEARER = MimeType.valueOf(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());

	@Autowired
	JsonMapper json;

	@Autowired
	RSocketStrategies strategies;

	@Autowired
	Environment environment;

	/**
	 * Five early joiners and a watched late one, sixth in line; the queue opens, then
	 * admits one a second.
	 */
	private void assertWatcherSeesPositionsUntilAdmitted(UUID event, String watcher,
			List<Map<String, Object>> received) {
		assertWatcherSeesPositionsUntilAdmitted(event, received,
				admissionToken -> holdWith(event, watcher, admissionToken, "S-A-1").expectStatus().isCreated());
	}

	private void assertWatcherSeesPositionsUntilAdmitted(UUID event, List<Map<String, Object>> received,
			Consumer<String> holdsWithToken) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		assertThat(received.get(0)).containsEntry("type", "position")
			.doesNotContainKey("position")
			.containsKey("opensAt");

		clock.advance(Duration.ofMinutes(1));
		tick();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
		assertThat(received.get(1)).containsEntry("type", "position")
			.containsEntry("position", 6)
			.containsEntry("nowServing", 0)
			.containsEntry("estimatedWaitSeconds", 6);
		for (int expected = 5; expected >= 1; expected--) {
			clock.advance(Duration.ofSeconds(1));
			tick();
			int size = 8 - expected;
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == size);
			assertThat(received.get(size - 1)).containsEntry("position", expected);
		}
		clock.advance(Duration.ofSeconds(1));
		tick();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 8);
		Map<String, Object> admitted = received.get(7);
		assertThat(admitted).containsEntry("type", "admitted").containsEntry("nowServing", 6);
		// the token it carries holds seats
		holdsWithToken.accept((String) admitted.get("admissionToken"));
	}

	private UUID eventWithFiveEarlyJoiners() {
		UUID event = queuedEvent(60, Duration.ofSeconds(30));
		for (int i = 0; i < 5; i++) {
			join(event, buyer());
		}
		return event;
	}

	@Test
	void aWebSocketWatcherSeesEveryPositionUntilAdmittedAndTheSocketThenCloses() {
		UUID event = eventWithFiveEarlyJoiners();
		// joins after the sale opens queue behind every early joiner, so time the late
		// join after opening
		String watcher = buyer();
		clock.advance(Duration.ofSeconds(30));
		String ticket = (String) join(event, watcher).get("queueTicket");
		clock.advance(Duration.ofSeconds(-30));
		List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
		Sinks.One<CloseStatus> closed = Sinks.one();
		Disposable socket = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + event + "/queue/" + ticket),
					session -> session.receive()
						.doOnNext(message -> received.add(json.readValue(message.getPayloadAsText(), Map.class)))
						.then(session.closeStatus().doOnNext(closed::tryEmitValue).then()))
			.subscribe();
		try {
			assertWatcherSeesPositionsUntilAdmitted(event, watcher, received);
			assertThat(closed.asMono().block(Duration.ofSeconds(10)).getCode()).isEqualTo(1000);
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	void anRSocketWatcherSeesEveryPositionUntilAdmittedAndTheStreamCompletes() {
		UUID event = eventWithFiveEarlyJoiners();
		String watcher = buyer();
		clock.advance(Duration.ofSeconds(30));
		String ticket = (String) join(event, watcher).get("queueTicket");
		clock.advance(Duration.ofSeconds(-30));
		RSocketRequester requester = RSocketRequester.builder()
			.dataMimeType(MimeTypeUtils.APPLICATION_JSON)
			.rsocketStrategies(strategies.mutate().encoder(new BearerTokenAuthenticationEncoder()).build())
			.tcp("localhost", environment.getRequiredProperty("local.rsocket.server.port", Integer.class));
		List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
		Sinks.Empty<Void> completed = Sinks.empty();
		Disposable stream = requester.route("events.{id}.queue.{ticket}", event, ticket)
			.retrieveFlux(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.doOnComplete(completed::tryEmitEmpty)
			.subscribe(received::add);
		try {
			// and holds.create over the same connection needs the admission token too
			assertWatcherSeesPositionsUntilAdmitted(event, received, admissionToken -> {
				StepVerifier.create(holdOverRSocket(requester, event, watcher, null))
					.expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("/admission-required"))
					.verify(Duration.ofSeconds(10));
				assertThat(holdOverRSocket(requester, event, watcher, admissionToken).block(Duration.ofSeconds(10)))
					.containsEntry("status", "ACTIVE");
			});
			completed.asMono().block(Duration.ofSeconds(10));
		}
		finally {
			stream.dispose();
			requester.dispose();
		}
	}

	private static Mono<Map> holdOverRSocket(RSocketRequester requester, UUID event, String token,
			String admissionToken) {
		Map<String, Object> body = new HashMap<>(Map.of("eventId", event.toString(), "seatIds", List.of("S-A-1")));
		if (admissionToken != null) {
			body.put("admissionToken", admissionToken);
		}
		return requester.route("holds.create")
			.metadata(new BearerTokenMetadata(token), BEARER)
			.data(body)
			.retrieveMono(Map.class);
	}

	@Test
	void anUnknownTicketClosesTheSocketWith4404() {
		UUID event = queuedEvent(60, Duration.ofMinutes(-1));
		Sinks.One<CloseStatus> closed = Sinks.one();
		Disposable socket = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + event + "/queue/" + UUID.randomUUID()),
					session -> session.receive().then(session.closeStatus().doOnNext(closed::tryEmitValue).then()))
			.subscribe();
		try {
			assertThat(closed.asMono().block(Duration.ofSeconds(10)).getCode()).isEqualTo(4404);
		}
		finally {
			socket.dispose();
		}
	}

}
