package dev.marquee.live;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

/**
 * A real WebSocket watcher of one event's seats that keeps its map by the client rules of
 * the protocol (as the browser client does): a snapshot replaces the map; a delta applies
 * when {@code fromSeq <= lastSeq + 1} and {@code seq > lastSeq}, is ignored when
 * {@code seq <= lastSeq}, and is otherwise a gap, for which it sends
 * {@code {"type":"resync"}} and waits for the snapshot. Seats are laid out as
 * {@code S-A-1..n, S-B-1..n}.
 */
final class SeatWatcher implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<String, Character> GLYPHS = Map.of("AVAILABLE", '.', "HELD", 'H', "SOLD", 'X', "BLOCKED",
			'#');

	private final int seatsPerRow;

	private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Disposable socket;

	private char[] map;

	private long lastSeq = -1;

	private boolean resyncing;

	final AtomicInteger snapshots = new AtomicInteger();

	final AtomicInteger gaps = new AtomicInteger();

	/** Watches over a WebSocket. */
	SeatWatcher(int port, Object eventId, int seatsPerRow) {
		this.seatsPerRow = seatsPerRow;
		this.socket = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + eventId),
					session -> session.send(outbound.asFlux().map(session::textMessage))
						.and(session.receive()
							.filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
							.doOnNext(message -> accept(message.getPayloadAsText()))))
			.subscribe();
	}

	private SeatWatcher(int seatsPerRow, Function<SeatWatcher, Disposable> connect) {
		this.seatsPerRow = seatsPerRow;
		this.socket = connect.apply(this);
	}

	/**
	 * Watches over Server-Sent Events, which cannot ask for anything: after a gap it
	 * waits for the snapshot the server sends by itself.
	 */
	static SeatWatcher sse(int port, Object eventId, int seatsPerRow) {
		return new SeatWatcher(seatsPerRow,
				watcher -> WebClient.create("http://localhost:" + port)
					.get()
					.uri("/api/v1/events/{id}/seat-events", eventId)
					.retrieve()
					.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
					})
					.filter(event -> event.data() != null)
					.subscribe(event -> watcher.accept(event.data())));
	}

	/**
	 * Watches over an RSocket request-stream (on the server's WebSocket endpoint), which
	 * cannot ask for anything either.
	 */
	static SeatWatcher rsocket(int port, Object eventId, int seatsPerRow) {
		var requester = RSocketRequester.builder()
			.dataMimeType(MimeTypeUtils.APPLICATION_JSON)
			.websocket(URI.create("ws://localhost:" + port + "/rsocket"));
		return new SeatWatcher(seatsPerRow, watcher -> {
			Disposable stream = requester.route("events.{id}.seats", eventId)
				.retrieveFlux(String.class)
				.subscribe(watcher::accept);
			return () -> {
				stream.dispose();
				requester.dispose();
			};
		});
	}

	/** Asks for a fresh snapshot, as a client may at any time. */
	void resync() {
		outbound.tryEmitNext("{\"type\":\"resync\"}");
	}

	@SuppressWarnings("unchecked")
	private synchronized void accept(String text) {
		Map<String, Object> message = json.readValue(text, new TypeReference<Map<String, Object>>() {
		});
		long seq = ((Number) message.get("seq")).longValue();
		if ("snapshot".equals(message.get("type"))) {
			map = ((String) message.get("statuses")).toCharArray();
			lastSeq = seq;
			resyncing = false;
			snapshots.incrementAndGet();
			return;
		}
		if (map == null || resyncing || seq <= lastSeq) {
			return;
		}
		long from = ((Number) message.getOrDefault("fromSeq", seq)).longValue();
		if (from > lastSeq + 1) {
			gaps.incrementAndGet();
			resyncing = true;
			resync();
			return;
		}
		for (Map<String, Object> change : (List<Map<String, Object>>) message.get("changes")) {
			String[] parts = ((String) change.get("seatId")).split("-");
			int index = (parts[1].equals("A") ? 0 : seatsPerRow) + Integer.parseInt(parts[2]) - 1;
			map[index] = GLYPHS.get((String) change.get("status"));
		}
		lastSeq = seq;
	}

	/**
	 * The map as this watcher shows it, in the glyphs of {@code /availability}; null
	 * before the snapshot.
	 */
	synchronized String statuses() {
		return map == null ? null : new String(map);
	}

	synchronized long seq() {
		return lastSeq;
	}

	@Override
	public void close() {
		socket.dispose();
	}

}
