package dev.marquee.live;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead connections are reaped: a watcher that stops answering pings is closed with 4408
 * after three heartbeats, while one that answers stays connected.
 */
@TestPropertySource(properties = "marquee.live.heartbeat=200ms")
@DirtiesContext // its own context hears the same Redis expiries: close it so it cannot
				// take other tests'
class HeartbeatTests extends IntegrationTest {

	private Disposable watch(UUID event, boolean answersPings, AtomicReference<CloseStatus> closed) {
		// handlePing(true) hands pings to the application instead of answering them: a
		// silent peer
		ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient(HttpClient.create(),
				() -> WebsocketClientSpec.builder().handlePing(!answersPings));
		return client
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + event),
					session -> session.receive().then(session.closeStatus().doOnNext(closed::set).then()))
			.subscribe();
	}

	@Test
	void aWatcherThatStopsAnsweringPingsIsClosedAndOneThatAnswersStays() {
		UUID event = event(4);
		AtomicReference<CloseStatus> silentClosed = new AtomicReference<>();
		AtomicReference<CloseStatus> aliveClosed = new AtomicReference<>();
		Disposable silent = watch(event, false, silentClosed);
		Disposable alive = watch(event, true, aliveClosed);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> silentClosed.get() != null);
			assertThat(silentClosed.get().getCode()).isEqualTo(4408);
			// the answering watcher outlives several more heartbeats
			await().during(Duration.ofMillis(1_500))
				.atMost(Duration.ofSeconds(3))
				.until(() -> aliveClosed.get() == null);
		}
		finally {
			silent.dispose();
			alive.dispose();
		}
	}

}
