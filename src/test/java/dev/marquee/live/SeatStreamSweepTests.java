package dev.marquee.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The busy event of {@link SeatStreamOrderTests} with every change a batch of its own and
 * each event loop's sweep writing one WebSocket watcher at a time: batches arrive while a
 * sweep is under way (the watchers still ahead of it take them in the same pass, those
 * behind it in the next, several at once), and watchers come and go in the middle of
 * passes. No watcher misses a change, sees one twice or out of order, or needs a resync.
 */
@TestPropertySource(properties = { "marquee.live.sweep-chunk=1", "marquee.live.coalesce-window=0ms" })
class SeatStreamSweepTests extends SeatStreamOrderTests {

	@Test
	void watchersComingAndGoingMidSweepLeaveEveryOtherWatcherWhole() throws Exception {
		UUID event = event(SEATS_PER_ROW, Map.of("maxTicketsPerUser", 10));
		double resyncsBefore = meters.counter("marquee.live.resyncs").count();
		List<SeatWatcher> steady = new ArrayList<>();
		for (int i = 0; i < WATCHERS; i++) {
			steady.add(new SeatWatcher(port, event, SEATS_PER_ROW));
		}
		ArrayDeque<SeatWatcher> passing = new ArrayDeque<>();
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> steady.stream().allMatch(w -> w.statuses() != null));
			Instant until = Instant.now().plus(Duration.ofSeconds(6));
			int changes = 0;
			int joined = 0;
			try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<Integer>> buyers = new ArrayList<>();
				for (int i = 0; i < BUYERS; i++) {
					buyers.add(pool.submit(() -> buyUntil(event, until)));
				}
				// watchers join and leave while the changes go out: each leaving one is
				// taken off its loop's list in the middle of a pass
				while (Instant.now().isBefore(until)) {
					passing.add(new SeatWatcher(port, event, SEATS_PER_ROW));
					joined++;
					if (passing.size() > 4) {
						passing.poll().close();
					}
					await().atMost(Duration.ofSeconds(10)).until(() -> passing.peekLast().statuses() != null);
				}
				for (Future<Integer> buyer : buyers) {
					changes += buyer.get();
				}
			}
			assertThat(changes).as("changes made").isGreaterThan(200);
			assertThat(joined).as("watchers that came and went").isGreaterThan(10);

			assertEachEndsWithTheTrueMapInOneGo(event, steady, resyncsBefore);
			assertThat(passing).allSatisfy(watcher -> assertThat(watcher.gaps).hasValue(0));
		}
		finally {
			steady.forEach(SeatWatcher::close);
			passing.forEach(SeatWatcher::close);
		}
	}

}
