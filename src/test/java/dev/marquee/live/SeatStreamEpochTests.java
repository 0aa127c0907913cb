package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;
import dev.marquee.support.RedisServerProcess;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis restarted empty under connected watchers (WebSocket, SSE, RSocket), on a real
 * {@code redis-server} of this class's own: the event's seq starts again, and it must
 * start above anything the watchers saw (from Redis's clock), so they see a gap and take
 * a fresh snapshot instead of dropping every later change as stale and freezing their
 * maps. When no change comes at all, the feed's own comparison of its seq with Redis's
 * gives them one.
 */
@DirtiesContext // the context follows its own Redis, which is gone after this class
class SeatStreamEpochTests extends IntegrationTest {

	static final RedisServerProcess redisServer = RedisServerProcess.startOnFreePort();

	@DynamicPropertySource
	static void ownRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", redisServer::url);
		// the sold seats come back from PostgreSQL, and feeds compare seqs, as often as a
		// test can wait
		registry.add("marquee.sale.reconcile-interval", () -> "1s");
		registry.add("marquee.live.seq-check-interval", () -> "1s");
	}

	@AfterEach
	void redisRunsAgain() {
		redisServer.start();
		awaitRedisReachable();
	}

	@Test
	void watchersOfAnEventWithoutTicketsGetAFreshSnapshotAfterRedisRestartsEmpty() {
		UUID event = event(4);
		held(event, buyer(), "S-A-1");
		held(event, buyer(), "S-A-2");
		long seqBefore = seq(event);
		List<SeatWatcher> watchers = List.of(new SeatWatcher(port, event, 4), SeatWatcher.sse(port, event, 4),
				SeatWatcher.rsocket(port, event, 4));
		try {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> watchers.stream().allMatch(w -> "HH......".equals(w.statuses())));

			redisServer.restart();
			awaitRedisReachable();
			// the holds went with the restart; the next change is the first the new Redis
			// counts
			held(event, buyer(), "S-B-1");

			assertThat(seq(event)).isGreaterThan(seqBefore);
			assertThat(statuses(event)).isEqualTo("....H...");
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(
						() -> assertThat(watchers).allSatisfy(w -> assertThat(w.statuses()).isEqualTo("....H...")));
			assertThat(watchers).allSatisfy(w -> assertThat(w.snapshots.get()).isGreaterThanOrEqualTo(2));

			// and they follow the new seqs from there
			held(event, buyer(), "S-B-2");
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(
						() -> assertThat(watchers).allSatisfy(w -> assertThat(w.statuses()).isEqualTo("....HH..")));
		}
		finally {
			watchers.forEach(SeatWatcher::close);
		}
	}

	@Test
	void watchersEndWithTheTrueMapAfterRedisRestartsEvenIfNobodyChangesASeatAfter() {
		UUID event = event(4);
		String seller = buyer();
		purchase(held(event, seller, "S-A-1"), seller, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
		held(event, buyer(), "S-A-2");
		List<SeatWatcher> watchers = List.of(new SeatWatcher(port, event, 4), SeatWatcher.sse(port, event, 4),
				SeatWatcher.rsocket(port, event, 4));
		try {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> watchers.stream().allMatch(w -> "XH......".equals(w.statuses())));

			// the hold goes with the restart; the sale comes back from PostgreSQL (the
			// reconciler), and no seat changes after: no delta will ever tell the
			// watchers
			redisServer.restart();
			awaitRedisReachable();

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(statuses(event)).isEqualTo("X.......");
				assertThat(watchers).allSatisfy(w -> assertThat(w.statuses()).isEqualTo("X......."));
			});
		}
		finally {
			watchers.forEach(SeatWatcher::close);
		}
	}

	@Test
	void aSeqStartedAfterAFlushFitsAJavaScriptNumber() throws Exception {
		UUID event = event(4);
		redisServer.send("FLUSHALL");
		held(event, buyer(), "S-A-3");

		// from Redis's clock in microseconds: far above any count of changes, exact in a
		// double
		assertThat(seq(event)).isGreaterThan(1_700_000_000_000_000L).isLessThan(1L << 53);
	}

	private void awaitRedisReachable() {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> redis.hasKey("restart-probe").block() != null);
	}

}
