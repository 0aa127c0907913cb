package dev.marquee.live.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;

/**
 * Keeps a WebSocket honest: pings every {@code interval}, and closes (4408) a peer that
 * sent nothing (no pong, no message) for three intervals, so dead connections are reaped.
 */
final class Heartbeat {

	static final CloseStatus SILENT_PEER = new CloseStatus(4408, "no pong within three heartbeats");

	private final WebSocketSession session;

	private final Duration interval;

	private final AtomicLong lastHeard = new AtomicLong(System.nanoTime());

	Heartbeat(WebSocketSession session, Duration interval) {
		this.session = session;
		this.interval = interval;
	}

	/** The client's messages, each of which shows it is alive. */
	Flux<WebSocketMessage> inbound() {
		return session.receive().doOnNext(message -> lastHeard.set(System.nanoTime()));
	}

	/** The pings to merge into the outbound messages. */
	Flux<WebSocketMessage> pings() {
		long patience = interval.multipliedBy(3).toNanos();
		return Flux.interval(interval).handle((tick, sink) -> {
			if (System.nanoTime() - lastHeard.get() > patience) {
				// close from here with our status; failing the outbound would drop it
				// without one
				session.close(SILENT_PEER).subscribe();
				sink.complete();
			}
			else {
				sink.next(session.pingMessage(buffers -> buffers.wrap(new byte[0])));
			}
		});
	}

}
