package dev.marquee.hold.internal;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.hold.SeatsReleased;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.TestServices;

import org.springframework.beans.factory.annotation.Autowired;

import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Abandoned holds come back on sale: through Redis keyspace expiry notifications, and
 * through the sweep when a notification is lost. Waiting is on the awaited signal (the
 * released event, the vanished key), never a fixed sleep.
 */
class HoldExpiryTests extends IntegrationTest {

	@Autowired
	HoldExpiry expiry;

	@Autowired
	HoldExpiryListener listener;

	private String seatKey(UUID event, String seat) {
		return TestServices.get().keyPrefix + ":{" + event + "}:seat:" + seat;
	}

	private void awaitExpiredInRedis(UUID event, String seat) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> Boolean.FALSE.equals(redis.hasKey(seatKey(event, seat)).block()));
	}

	@Test
	void theAppEnablesExpiryNotificationsAtStart() {
		String flags = redis.getConnectionFactory()
			.getReactiveConnection()
			.serverCommands()
			.getConfig("notify-keyspace-events")
			.map(p -> p.values().iterator().next().toString())
			.block();
		assertThat(flags).contains("E");
		assertThat(flags.contains("x") || flags.contains("A")).isTrue();
	}

	@Autowired
	HoldSweeper sweeper;

	@Test
	void aRedisThatForgotTheNotificationFlagsGetsThemBackFromTheSweep() {
		var server = redis.getConnectionFactory().getReactiveConnection().serverCommands();
		server.setConfig("notify-keyspace-events", "").block();
		sweeper.sweep().block();
		String flags = server.getConfig("notify-keyspace-events")
			.map(p -> p.values().iterator().next().toString())
			.block();
		assertThat(flags).contains("E").contains("x");
	}

	@Test
	void theKeyspaceListenerReleasesAnAbandonedHold() {
		UUID event = event(4, Map.of("holdTtlSeconds", 1));
		held(event, buyer(), "S-A-1", "S-A-2");
		assertThat(statuses(event)).startsWith("HH");

		// Redis emits "expired" when its sampling finds the key or when the key is next
		// touched; with many volatile keys on a shared Redis the sampling can take tens
		// of seconds, so the test touches the key (as any reader would) and then waits
		// for the listener's release
		awaitExpiredInRedis(event, "S-A-1");
		await().atMost(Duration.ofSeconds(15)).until(() -> !recorded.of(event, SeatsReleased.class).isEmpty());

		assertThat(recorded.of(event, SeatsReleased.class)).singleElement().satisfies(released -> {
			assertThat(released.reason()).isEqualTo(SeatsReleased.Reason.EXPIRED);
			assertThat(released.seatIds()).containsExactlyInAnyOrder("S-A-1", "S-A-2");
		});
		assertThat(statuses(event)).isEqualTo("........");
		// the sweep finds nothing left to do: an expiry is published once
		expiry.sweep().block();
		assertThat(recorded.of(event, SeatsReleased.class)).hasSize(1);
	}

	@Test
	void theScheduledSweepReadsTheClockOnEveryRun() {
		// the scheduler calls the method once, at start-up, and subscribes to its answer
		// on every run
		Mono<Void> scheduled = sweeper.sweep();
		UUID event = event(4);
		held(event, buyer(), "S-A-3");
		clock.advance(Duration.ofSeconds(601));
		scheduled.block();
		assertThat(statuses(event)).isEqualTo("........");
	}

	@Test
	void theSweepReleasesExpiredHoldsWhenNotificationsAreLost() {
		UUID event = event(4, Map.of("holdTtlSeconds", 1));
		listener.stop();
		try {
			held(event, buyer(), "S-B-1");
			// Redis expires the key, but nobody hears about it
			await().atMost(Duration.ofSeconds(15))
				.until(() -> Boolean.FALSE.equals(redis.hasKey(seatKey(event, "S-B-1")).block()));
			assertThat(statuses(event)).isEqualTo("....H...");
			assertThat(recorded.of(event, SeatsReleased.class)).isEmpty();

			assertThat(expiry.sweep().block()).isGreaterThanOrEqualTo(1);

			assertThat(statuses(event)).isEqualTo("........");
			assertThat(recorded.of(event, SeatsReleased.class)).singleElement()
				.satisfies(released -> assertThat(released.reason()).isEqualTo(SeatsReleased.Reason.EXPIRED));
		}
		finally {
			listener.start();
		}
	}

	@Test
	void anExpiredSeatCanBeHeldByTheNextBuyerAtOnce() {
		UUID event = event(4, Map.of("holdTtlSeconds", 1));
		String first = buyer();
		String firstHold = held(event, first, "S-A-3");
		awaitExpiredInRedis(event, "S-A-3");
		await().atMost(Duration.ofSeconds(15)).until(() -> statuses(event).charAt(2) == '.');
		held(event, buyer(), "S-A-3");
		assertThat(statuses(event).charAt(2)).isEqualTo('H');
		var view = holdView(firstHold, first);
		assertThat(view.get("status")).isEqualTo("EXPIRED");
	}

}
