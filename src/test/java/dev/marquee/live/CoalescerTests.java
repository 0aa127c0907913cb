package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.marquee.shared.SeatStatus;

import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leading-edge batching on virtual time: a lone change goes out at once, changes during an open
 * window wait for its end and go out together, and a quiet window lets the next change go at once.
 */
class CoalescerTests {

	static final UUID EVENT = UUID.randomUUID();

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	final List<List<Long>> sent = new CopyOnWriteArrayList<>();

	static SeatDelta delta(long seq) {
		return new SeatDelta(EVENT, seq, List.of(new SeatDelta.Change("A-" + seq, SeatStatus.HELD)), 0);
	}

	Coalescer coalescer(Duration window) {
		return new Coalescer(window, time, batch -> sent.add(batch.stream().map(SeatDelta::seq).toList()));
	}

	@Test
	void aChangeAfterAQuietWindowGoesOutAtOnce() {
		Coalescer coalescer = coalescer(Duration.ofMillis(50));
		coalescer.accept(delta(1));
		time.advanceTime();
		assertThat(sent).containsExactly(List.of(1L));

		// the window that change opened closes with nothing in it; the next change again goes at once
		time.advanceTimeBy(Duration.ofMillis(50));
		coalescer.accept(delta(2));
		time.advanceTime();
		assertThat(sent).containsExactly(List.of(1L), List.of(2L));
	}

	@Test
	void changesDuringAnOpenWindowGoOutTogetherWhenItEnds() {
		Coalescer coalescer = coalescer(Duration.ofMillis(50));
		coalescer.accept(delta(1));
		time.advanceTimeBy(Duration.ofMillis(10));
		coalescer.accept(delta(2));
		coalescer.accept(delta(3));
		time.advanceTimeBy(Duration.ofMillis(39));
		assertThat(sent).containsExactly(List.of(1L));

		time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(sent).containsExactly(List.of(1L), List.of(2L, 3L));

		// that batch opened a window of its own: a change within it waits for its end too
		coalescer.accept(delta(4));
		time.advanceTimeBy(Duration.ofMillis(49));
		assertThat(sent).hasSize(2);
		time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(sent).containsExactly(List.of(1L), List.of(2L, 3L), List.of(4L));
	}

	@Test
	void aBatchThatCannotBeHandedOutDoesNotStopTheOnesAfterIt() {
		Coalescer coalescer = new Coalescer(Duration.ofMillis(50), time, batch -> {
			if (batch.get(0).seq() == 2) {
				throw new IllegalStateException("a subscriber broke");
			}
			sent.add(batch.stream().map(SeatDelta::seq).toList());
		});
		coalescer.accept(delta(1));
		coalescer.accept(delta(2));
		time.advanceTimeBy(Duration.ofMillis(50));
		coalescer.accept(delta(3));
		time.advanceTimeBy(Duration.ofMillis(50));

		assertThat(sent).containsExactly(List.of(1L), List.of(3L));
	}

	@Test
	void aZeroWindowSendsEveryChangeOnItsOwn() {
		Coalescer coalescer = coalescer(Duration.ZERO);
		coalescer.accept(delta(1));
		coalescer.accept(delta(2));
		coalescer.accept(delta(3));
		time.advanceTime();
		assertThat(sent).containsExactly(List.of(1L), List.of(2L), List.of(3L));
	}

}
