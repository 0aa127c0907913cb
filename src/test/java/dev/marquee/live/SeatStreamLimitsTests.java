package dev.marquee.live;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldManagement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's limits for its WebSocket watchers, over real TCP connections: one that stops
 * reading is sent nothing more (it delays nobody and nothing queues for it) and starts
 * over from a fresh snapshot when it reads again, or is closed if it stays stalled; past
 * {@code marquee.live.max-watchers} a new one is refused with a clear close code.
 */
@TestPropertySource(properties = { "marquee.live.watcher-buffer=2KB", "marquee.live.stall-timeout=3s",
		"marquee.live.max-watchers=3" })
class SeatStreamLimitsTests extends LiveTest {

	static final int SEATS_PER_ROW = 400;

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	HoldManagement holds;

	@Autowired
	MeterRegistry meters;

	double stalls() {
		return meters.get("marquee.live.stalls").counter().count();
	}

	double watchers() {
		return meters.get("marquee.live.subscribers").gauge().value();
	}

	static Map<String, Object> parse(String text) {
		return json.readValue(text, new TypeReference<Map<String, Object>>() {
		});
	}

	@BeforeEach
	void noWatcherLeftFromAnotherTest() {
		await().atMost(Duration.ofSeconds(15)).until(() -> watchers() == 0);
	}

	/** A socket that reads its first snapshot and then nothing, with a small buffer. */
	RawWebSocket stalledWatcher(UUID event) throws IOException {
		RawWebSocket socket = new RawWebSocket(port, "/ws/events/" + event, 4096, false);
		assertThat(parse(socket.nextMessage().text())).containsEntry("type", "snapshot");
		return socket;
	}

	/**
	 * Holds ten seats at a time until the server counts a stalled watcher; returns the
	 * seats held.
	 */
	int holdUntilStalled(UUID event, double stallsBefore) {
		int held = 0;
		for (int batch = 0; stalls() == stallsBefore; batch++) {
			assertThat(held).as("seats held before a stall").isLessThan(SEATS_PER_ROW);
			List<String> seats = IntStream.rangeClosed(held + 1, held + 10).mapToObj(n -> "S-A-" + n).toList();
			holds.hold(EventId.of(event), "buyer-" + batch, seats).block(Duration.ofSeconds(10));
			held += 10;
		}
		return held;
	}

	@Test
	void aWatcherThatStopsReadingDelaysNobodyQueuesNothingAndStartsOverWhenItReadsAgain() throws IOException {
		UUID event = event(SEATS_PER_ROW, Map.of("maxTicketsPerUser", 100));
		try (SeatWatcher fast = new SeatWatcher(port, event, SEATS_PER_ROW);
				RawWebSocket stalled = stalledWatcher(event)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> fast.statuses() != null);
			holdUntilStalled(event, stalls());
			// a change after the stall: it is not queued for the stalled watcher
			held(event, buyer(), "S-B-1");
			long lateSeq = seq(event);

			// nobody waited for it: the other watcher shows every change, from its one
			// snapshot
			await().atMost(Duration.ofSeconds(10)).until(() -> statuses(event).equals(fast.statuses()));
			assertThat(fast.snapshots.get()).isEqualTo(1);
			assertThat(fast.gaps.get()).isZero();

			// it reads again: what was in the pipes when it stalled, then a fresh
			// snapshot, and from there every change: its map comes right without a gap
			String now = statuses(event);
			List<Map<String, Object>> beforeSnapshot = new ArrayList<>();
			Map<String, Object> message = parse(stalled.nextMessage().text());
			while (!"snapshot".equals(message.get("type"))) {
				beforeSnapshot.add(message);
				message = parse(stalled.nextMessage().text());
			}
			// only what fit in the pipes before it stalled: not the change after it
			assertThat(beforeSnapshot).isNotEmpty()
				.allSatisfy(delta -> assertThat(((Number) delta.get("seq")).longValue()).isLessThan(lateSeq));
			char[] map = ((String) message.get("statuses")).toCharArray();
			long last = ((Number) message.get("seq")).longValue();
			while (!new String(map).equals(now)) {
				message = parse(stalled.nextMessage().text());
				long seq = ((Number) message.get("seq")).longValue();
				if ("snapshot".equals(message.get("type"))) {
					map = ((String) message.get("statuses")).toCharArray();
				}
				else {
					assertThat(((Number) message.get("fromSeq")).longValue()).as("no gap")
						.isLessThanOrEqualTo(last + 1);
					for (Object change : (List<?>) message.get("changes")) {
						Map<?, ?> seat = (Map<?, ?>) change;
						map[index((String) seat.get("seatId"))] = "HELD".equals(seat.get("status")) ? 'H' : '.';
					}
				}
				last = seq;
			}
			assertThat(last).isGreaterThanOrEqualTo(lateSeq);
		}
	}

	/** Where a seat's glyph is: rows A and B of {@link #SEATS_PER_ROW} seats. */
	static int index(String seatId) {
		String[] parts = seatId.split("-");
		return ("A".equals(parts[1]) ? 0 : SEATS_PER_ROW) + Integer.parseInt(parts[2]) - 1;
	}

	@Test
	void aWatcherThatStaysStalledIsClosed() throws IOException {
		UUID event = event(SEATS_PER_ROW, Map.of("maxTicketsPerUser", 100));
		try (RawWebSocket stalled = stalledWatcher(event)) {
			holdUntilStalled(event, stalls());

			// changes go on and it still does not read: closed after
			// marquee.live.stall-timeout, the node no longer counts it
			AtomicInteger seat = new AtomicInteger();
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
				held(event, buyer(), "S-B-" + seat.incrementAndGet());
				return watchers() == 0;
			});

			// what was in the pipes, then the end
			List<RawWebSocket.Frame> rest = new ArrayList<>();
			try {
				RawWebSocket.Frame frame = stalled.nextMessage();
				while (!frame.isClose()) {
					rest.add(frame);
					frame = stalled.nextMessage();
				}
				assertThat(frame.closeCode()).isEqualTo(4429);
			}
			catch (EOFException | SocketException ex) {
				// closed before its close frame fit in the stalled socket
			}
			assertThat(rest).allSatisfy(frame -> assertThat(frame.text()).startsWith("{\"type\":\"s"));
		}
	}

	@Test
	void pastTheNodesLimitANewWatcherIsRefusedWith1013AndOverSseWith503() throws IOException {
		UUID event = event(4);
		List<RawWebSocket> watching = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				watching.add(stalledWatcher(event));
			}
			try (RawWebSocket refused = new RawWebSocket(port, "/ws/events/" + event, 65536, false)) {
				RawWebSocket.Frame close = refused.nextMessage();
				assertThat(close.isClose()).isTrue();
				assertThat(close.closeCode()).isEqualTo(1013);
			}
			http().get()
				.uri("/api/v1/events/{id}/seat-events", event)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody(JSON)
				.value(problem -> assertProblem(problem, HttpStatus.SERVICE_UNAVAILABLE, "watcher-limit"));

			// one leaves: the next is taken
			watching.remove(0).close();
			await().atMost(Duration.ofSeconds(10)).until(() -> watchers() == 2);
			watching.add(stalledWatcher(event));
		}
		finally {
			for (RawWebSocket socket : watching) {
				socket.close();
			}
		}
	}

}
