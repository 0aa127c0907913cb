package dev.marquee.live;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket watcher takes a change after a quiet window at once, and the changes made
 * within the window after it as one message merging them when the window ends: each
 * watcher is written at most once a window (a long one here, so that the changes surely
 * fall within it).
 */
@TestPropertySource(properties = "marquee.live.coalesce-window=2s")
class SeatStreamPacingTests extends LiveTest {

	static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {
	};

	final JsonMapper json = JsonMapper.builder().build();

	/** A message's {@code fromSeq} and {@code seq}. */
	static List<Long> seqs(Map<String, Object> message) {
		return List.of(((Number) message.get("fromSeq")).longValue(), ((Number) message.get("seq")).longValue());
	}

	@Test
	@SuppressWarnings("unchecked")
	void theChangesWithinAWindowReachAWebSocketWatcherAsOneMessageMergingThem() {
		UUID event = event(4);
		List<Map<String, Object>> messages = new CopyOnWriteArrayList<>();
		Disposable socket = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + event),
					session -> session.receive()
						.doOnNext(message -> messages.add(json.readValue(message.getPayloadAsText(), JSON_MAP)))
						.then())
			.subscribe();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !messages.isEmpty());
			long snapshot = ((Number) messages.get(0).get("seq")).longValue();
			held(event, buyer(), "S-A-1");
			await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 2);
			assertThat(seqs(messages.get(1))).containsExactly(snapshot + 1, snapshot + 1);

			held(event, buyer(), "S-A-2");
			held(event, buyer(), "S-A-3");
			held(event, buyer(), "S-A-4");
			await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() >= 3);
			Map<String, Object> merged = messages.get(2);
			assertThat(seqs(merged)).containsExactly(snapshot + 2, snapshot + 4);
			assertThat((List<Map<String, Object>>) merged.get("changes"))
				.extracting(change -> change.get("seatId") + "=" + change.get("status"))
				.containsExactly("S-A-2=HELD", "S-A-3=HELD", "S-A-4=HELD");
			assertThat(messages).hasSize(3);
		}
		finally {
			socket.dispose();
		}
	}

}
