package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same four changes for every transport's test: a hold, its release, a hold and its
 * sale, and a hold whose countdown runs out (by the injected clock, released by the
 * sweep); and the check that a watcher saw them as a snapshot followed by deltas with
 * consecutive seq.
 */
final class SeatChangeScript {

	static final List<String> EXPECTED = List.of("S-A-1=HELD", "S-A-1=AVAILABLE", "S-A-2=HELD", "S-A-2=SOLD",
			"S-A-3=HELD", "S-A-3=AVAILABLE");

	private SeatChangeScript() {
	}

	interface Actions {

		String held(UUID event, String token, String... seats);

		void release(String holdId, String token);

		void buy(String holdId, String token);

		void advanceClock(Duration by);

	}

	static void play(UUID event, Actions actions, HoldExpiry expiry) {
		String buyer = IntegrationTest.token("buyer-" + UUID.randomUUID());
		actions.release(actions.held(event, buyer, "S-A-1"), buyer);
		actions.buy(actions.held(event, buyer, "S-A-2"), buyer);
		actions.held(event, buyer, "S-A-3");
		actions.advanceClock(Duration.ofSeconds(601));
		expiry.sweep().block();
	}

	static void assertSnapshotThenDeltas(List<Map<String, Object>> received) {
		assertThat(received.get(0).get("type")).isEqualTo("snapshot");
		long seq = ((Number) received.get(0).get("seq")).longValue();
		List<Map<String, Object>> deltas = received.subList(1, received.size());
		assertThat(deltas).hasSize(EXPECTED.size());
		for (int i = 0; i < deltas.size(); i++) {
			var delta = deltas.get(i);
			assertThat(delta.get("type")).isEqualTo("seats");
			assertThat(((Number) delta.get("seq")).longValue()).as("seq of delta %d", i).isEqualTo(seq + i + 1);
			@SuppressWarnings("unchecked")
			var changes = (List<Map<String, Object>>) delta.get("changes");
			assertThat(changes).extracting(c -> c.get("seatId") + "=" + c.get("status"))
				.containsExactly(EXPECTED.get(i));
		}
	}

}
