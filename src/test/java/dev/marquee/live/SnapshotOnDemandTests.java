package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots are for anyone, so they must be cheap to ask for: many asks at one seq read
 * Redis once, and a connection flooding resync frames gets at most one snapshot per
 * {@code marquee.live.resync-interval}, and still ends with the true map.
 */
class SnapshotOnDemandTests extends LiveTest {

	@Autowired
	MeterRegistry meters;

	@Autowired
	LiveProperties properties;

	private double snapshotReads() {
		return meters.counter("marquee.holds.snapshot.reads").count();
	}

	@Test
	void concurrentSnapshotRequestsAtOneSeqReadRedisOnce() {
		UUID event = event(4);
		held(event, buyer(), "S-A-2");
		double before = snapshotReads();

		List<Map<String, Object>> answers = Flux.range(0, 50)
			.flatMap(i -> webClient().get()
				.uri("/api/v1/events/{id}/availability", event)
				.retrieve()
				.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
				}), 50)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(answers).hasSize(50).allSatisfy(answer -> assertThat(answer).containsEntry("statuses", ".H......"));
		assertThat(snapshotReads() - before).isEqualTo(1);

		// a change moves the seq on: the next ask reads afresh, once
		held(event, buyer(), "S-B-1");
		assertThat(statuses(event)).isEqualTo(".H..H...");
		assertThat(statuses(event)).isEqualTo(".H..H...");
		assertThat(snapshotReads() - before).isEqualTo(2);
	}

	@Test
	void aConnectionFloodingResyncFramesGetsThrottledSnapshotsAndStaysRight() {
		UUID event = event(4);
		try (SeatWatcher watcher = new SeatWatcher(port, event, 4)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> watcher.statuses() != null);
			for (int i = 0; i < 200; i++) {
				watcher.resync();
			}
			held(event, buyer(), "S-A-3");

			// the connect's snapshot, one answering the flood at once, one when the
			// interval ends
			await().atMost(Duration.ofSeconds(20)).until(() -> watcher.snapshots.get() == 3);
			await().atMost(Duration.ofSeconds(20)).until(() -> "..H.....".equals(watcher.statuses()));
			await().during(properties.resyncInterval().multipliedBy(3))
				.atMost(Duration.ofSeconds(20))
				.until(() -> watcher.snapshots.get() == 3);
			assertThat(watcher.statuses()).isEqualTo(statuses(event));
		}
	}

}
