package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.live.internal.SeatDelta;
import dev.marquee.shared.SeatStatus;

import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event's feed on virtual time: changes go out as frames only while someone watches,
 * and the periodic comparison with Redis's seq sends the subscribers back to a snapshot
 * when Redis lost the event or its seq moved on without a change, and leaves them alone
 * otherwise.
 */
class SeatFeedTests {

	static final UUID EVENT = UUID.randomUUID();

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	final LiveProperties properties = new LiveProperties(256, Duration.ofSeconds(25), Duration.ZERO,
			Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), 100, DataSize.ofKilobytes(64),
			Duration.ofSeconds(30), true, 256, null);

	final JsonMapper json = JsonMapper.builder().build();

	final SeatFeed feed = new SeatFeed(EVENT, properties, time, message -> Frame.of(message, json));

	final List<Frame> frames = new CopyOnWriteArrayList<>();

	final List<Long> startOvers = new CopyOnWriteArrayList<>();

	/** A watched feed that stands at {@code seq}, as after a subscriber's snapshot. */
	Disposable watchedAt(long seq) {
		Disposable watching = feed.frames().subscribe(frames::add);
		feed.startOvers().subscribe(startOvers::add);
		feed.baseline(seq);
		time.advanceTime();
		return watching;
	}

	static SeatDelta delta(long seq) {
		return new SeatDelta(EVENT, seq, List.of(new SeatDelta.Change("A-" + seq, SeatStatus.HELD)), 0);
	}

	@Test
	void changesGoOutAsFramesWhileWatched() {
		watchedAt(10);
		feed.accept(delta(11));
		time.advanceTime();

		assertThat(frames).singleElement().satisfies(frame -> {
			assertThat(frame.fromSeq()).isEqualTo(11);
			assertThat(frame.seq()).isEqualTo(11);
		});
		assertThat(feed.expected()).isEqualTo(12);
	}

	@Test
	void anUnwatchedFeedForgetsWhereItStands() {
		watchedAt(10).dispose();
		feed.accept(delta(11));
		time.advanceTime();

		assertThat(frames).isEmpty();
		assertThat(feed.expected()).isEqualTo(Long.MIN_VALUE);
	}

	@Test
	void aSeqInStepWithTheFeedChangesNothing() {
		watchedAt(10);
		feed.checkSeq(feed.expected(), 10);
		feed.checkSeq(feed.expected(), 10);
		time.advanceTime();

		assertThat(startOvers).isEmpty();
		assertThat(feed.expected()).isEqualTo(11);
	}

	@Test
	void aSeqThatWentBackSendsTheSubscribersToASnapshot() {
		watchedAt(10);
		feed.checkSeq(feed.expected(), -1);
		time.advanceTime();

		assertThat(startOvers).hasSize(1);
		assertThat(feed.expected()).isEqualTo(Long.MIN_VALUE);
	}

	@Test
	void aSeqAheadTwiceAtTheSamePlaceSendsTheSubscribersToASnapshot() {
		watchedAt(10);
		feed.checkSeq(feed.expected(), 12);
		assertThat(startOvers).isEmpty();

		feed.checkSeq(feed.expected(), 12);
		time.advanceTime();
		assertThat(startOvers).hasSize(1);
	}

	@Test
	void aSeqAheadWhileTheChangeIsOnItsWayIsNotALoss() {
		watchedAt(10);
		feed.checkSeq(feed.expected(), 11);
		// the change Redis counted arrives before the next check
		feed.accept(delta(11));
		time.advanceTime();
		feed.checkSeq(feed.expected(), 11);

		assertThat(startOvers).isEmpty();
		assertThat(frames).hasSize(1);
	}

}
