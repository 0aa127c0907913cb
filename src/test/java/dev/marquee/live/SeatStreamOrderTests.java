package dev.marquee.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import dev.marquee.support.TestServices;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many buyers holding, releasing and buying seats of one event at once, watched live over
 * real WebSockets: changes are published after their Redis scripts return, from many
 * threads, so they reach the feed out of seq order. No watcher may ever need a resync
 * because of that, nor because PostgreSQL is slow to store a sale's order, and every
 * watcher ends with the true map.
 */
class SeatStreamOrderTests extends LiveTest {

	static final int SEATS_PER_ROW = 100;

	static final int BUYERS = 40;

	static final int WATCHERS = 8;

	static final Duration BUSY_FOR = Duration.ofSeconds(10);

	@Autowired
	MeterRegistry meters;

	@Test
	void watchersOfABusyEventNeverResyncAndEndWithTheTrueMap() throws Exception {
		UUID event = event(SEATS_PER_ROW, Map.of("maxTicketsPerUser", 10));
		double resyncsBefore = meters.counter("marquee.live.resyncs").count();
		List<SeatWatcher> watchers = new ArrayList<>();
		for (int i = 0; i < WATCHERS; i++) {
			watchers.add(new SeatWatcher(port, event, SEATS_PER_ROW));
		}
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> watchers.stream().allMatch(w -> w.statuses() != null));
			Instant until = Instant.now().plus(BUSY_FOR);
			int changes = 0;
			try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<Integer>> buyers = new ArrayList<>();
				for (int i = 0; i < BUYERS; i++) {
					buyers.add(pool.submit(() -> buyUntil(event, until)));
				}
				for (Future<Integer> buyer : buyers) {
					changes += buyer.get();
				}
			}
			assertThat(changes).as("changes made").isGreaterThan(200);

			assertEachEndsWithTheTrueMapInOneGo(event, watchers, resyncsBefore);
		}
		finally {
			watchers.forEach(SeatWatcher::close);
		}
	}

	/**
	 * Every watcher reaches the event's seq and shows its true map, having read one
	 * snapshot and seen no gap; the server started nobody over.
	 */
	void assertEachEndsWithTheTrueMapInOneGo(UUID event, List<SeatWatcher> watchers, double resyncsBefore) {
		String truth = statuses(event);
		long seq = seq(event);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(watchers).allSatisfy(w -> assertThat(w.seq()).isEqualTo(seq)));
		assertThat(watchers).allSatisfy(watcher -> {
			assertThat(watcher.statuses()).isEqualTo(truth);
			assertThat(watcher.gaps).hasValue(0);
			assertThat(watcher.snapshots).hasValue(1);
		});
		assertThat(meters.counter("marquee.live.resyncs").count()).isEqualTo(resyncsBefore);
	}

	@Test
	void aSaleWhoseOrderIsSlowToStoreHoldsNoWatcherBack() throws Exception {
		UUID event = event(4);
		String first = buyer();
		String bought = held(event, first, "S-A-1");
		try (SeatWatcher watcher = new SeatWatcher(port, event, 4);
				Connection blocker = DriverManager.getConnection(TestServices.get().jdbcUrl(),
						TestServices.get().postgresUser, TestServices.get().postgresPassword)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> watcher.statuses() != null);
			// PostgreSQL takes longer than the feed's reorder wait (1 s) to store the
			// order: nobody can write an order until this transaction ends
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("lock table orders in exclusive mode");
			var purchase = webClient().post().uri("/api/v1/holds/{id}/purchase", bought).headers(h -> {
				h.setBearerAuth(first);
				h.set("Idempotency-Key", UUID.randomUUID().toString());
			}).bodyValue(Map.of("paymentToken", "tok_visa")).retrieve().toBodilessEntity().toFuture();
			await("the seat sold in Redis").atMost(Duration.ofSeconds(10)).until(() -> statuses(event).startsWith("X"));
			held(event, buyer(), "S-A-2");
			// the sale is on every map at once, before its order is stored, so the
			// changes after it are not held back behind a hole
			await().atMost(Duration.ofSeconds(10)).until(() -> "XH......".equals(watcher.statuses()));
			assertThat(watcher.gaps).as("gaps").hasValue(0);
			assertThat(watcher.snapshots).as("snapshots").hasValue(1);
			assertThat(purchase).as("the purchase waits for its order").isNotDone();
			blocker.commit();
			assertThat(purchase.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(201);
			assertThat(orders(event)).isEqualTo(1);
		}
	}

	/**
	 * One buyer: holds one or two random seats, then releases them at once, keeps them
	 * until the next round, or (rarely, so the map does not fill up) buys them; answers
	 * the changes made.
	 */
	int buyUntil(UUID event, Instant until) {
		WebClient client = webClient();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int changes = 0;
		String[] kept = null;
		while (Instant.now().isBefore(until)) {
			if (kept != null) {
				release(client, kept[0], kept[1]);
				changes++;
				kept = null;
			}
			String buyer = buyer();
			List<String> seats = new ArrayList<>();
			String row = random.nextBoolean() ? "A" : "B";
			int first = random.nextInt(1, SEATS_PER_ROW);
			seats.add("S-" + row + "-" + first);
			if (random.nextBoolean()) {
				seats.add("S-" + row + "-" + (first + 1));
			}
			Map<?, ?> hold;
			try {
				hold = client.post()
					.uri("/api/v1/events/{id}/holds", event)
					.headers(h -> h.setBearerAuth(buyer))
					.bodyValue(Map.of("seatIds", seats))
					.retrieve()
					.bodyToMono(Map.class)
					.block(Duration.ofSeconds(30));
			}
			catch (WebClientResponseException.Conflict taken) {
				continue;
			}
			changes++;
			String holdId = (String) hold.get("holdId");
			int next = random.nextInt(100);
			if (next < 60) {
				release(client, holdId, buyer);
				changes++;
			}
			else if (next < 95) {
				kept = new String[] { holdId, buyer };
			}
			else {
				client.post().uri("/api/v1/holds/{id}/purchase", holdId).headers(h -> {
					h.setBearerAuth(buyer);
					h.set("Idempotency-Key", UUID.randomUUID().toString());
				})
					.bodyValue(Map.of("paymentToken", "tok_visa"))
					.retrieve()
					.toBodilessEntity()
					.block(Duration.ofSeconds(30));
				changes++;
			}
		}
		if (kept != null) {
			release(client, kept[0], kept[1]);
			changes++;
		}
		return changes;
	}

	private static void release(WebClient client, String holdId, String buyer) {
		client.delete()
			.uri("/api/v1/holds/{id}", holdId)
			.headers(h -> h.setBearerAuth(buyer))
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(30));
	}

}
