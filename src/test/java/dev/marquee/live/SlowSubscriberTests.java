package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber that stops reading never holds up the others, never makes the server
 * buffer without bound, and when it reads again it is brought back to the right map with
 * a fresh snapshot.
 */
class SlowSubscriberTests extends IntegrationTest {

	@Autowired
	SeatFeeds feeds;

	@Autowired
	HoldManagement holds;

	@Autowired
	LiveProperties properties;

	/** Reads the snapshot, then nothing until told to. */
	static class Stalled extends BaseSubscriber<Frame> {

		final List<Frame> frames = new CopyOnWriteArrayList<>();

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			request(1);
		}

		@Override
		protected void hookOnNext(Frame frame) {
			frames.add(frame);
		}

	}

	@Test
	void aStalledSubscriberDoesNotDelayAFastOneAndEndsWithTheRightMap() {
		int changes = properties.subscriberBuffer() + 44;
		UUID event = event(changes, Map.of("maxTicketsPerUser", 100));
		List<Frame> fast = new CopyOnWriteArrayList<>();
		var fastSubscription = feeds.stream(EventId.of(event)).subscribe(fast::add);
		Stalled slow = new Stalled();
		feeds.stream(EventId.of(event)).subscribe(slow);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> fast.size() == 1 && slow.frames.size() == 1);

			Flux.range(1, changes)
				.concatMap(n -> holds.hold(EventId.of(event), "buyer-" + (n % 20), List.of("S-A-" + n)))
				.blockLast(Duration.ofSeconds(60));

			// the fast one has every change while the slow one still sits on its snapshot
			await().atMost(Duration.ofSeconds(15)).until(() -> fast.size() == 1 + changes);
			assertThat(slow.frames).hasSize(1);
			long first = fast.get(0).seq();
			for (int i = 1; i < fast.size(); i++) {
				assertThat(fast.get(i).seq()).isEqualTo(first + i);
			}

			// the slow one reads again: what was buffered, then a fresh snapshot of the
			// map as it is now
			slow.requestUnbounded();
			String now = statuses(event);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> slow.frames.stream()
					.anyMatch(f -> f.text().contains("\"snapshot\"") && f.text().contains(now)
							&& f != slow.frames.get(0)));
			assertThat(slow.frames.size()).isLessThanOrEqualTo(2 + properties.subscriberBuffer());
		}
		finally {
			fastSubscription.dispose();
			slow.dispose();
		}
	}

}
