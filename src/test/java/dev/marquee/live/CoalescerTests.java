package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.marquee.live.internal.SeatDelta;
import dev.marquee.shared.SeatStatus;

import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leading-edge batching on virtual time: a lone change goes out at once, changes during
 * an open window wait for its end and go out together, and a quiet window lets the next
 * change go at once. Changes published out of seq order go out in order, and no batch
 * spans a seq it does not carry.
 */
class CoalescerTests {

	static final UUID EVENT = UUID.randomUUID();

	static final Duration REORDER_WAIT = Duration.ofMillis(500);

	final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	final List<List<Long>> sent = new CopyOnWriteArrayList<>();

	/** The seqs handed to the fan-outs one by one, as they were released. */
	final List<Long> released = new CopyOnWriteArrayList<>();

	final Consumer<SeatDelta> each = delta -> released.add(delta.seq());

	static SeatDelta delta(long seq) {
		return new SeatDelta(EVENT, seq, List.of(new SeatDelta.Change("A-" + seq, SeatStatus.HELD)), 0);
	}

	/**
	 * A coalescer (window 50 ms, at seq 0) whose batches are written only when the test
	 * completes their stage in {@code writes}.
	 */
	Coalescer writingUntilDone(List<CompletableFuture<Void>> writes) {
		Coalescer coalescer = new Coalescer(Duration.ofMillis(50), REORDER_WAIT, time, batch -> {
			sent.add(batch.stream().map(SeatDelta::seq).toList());
			CompletableFuture<Void> write = new CompletableFuture<>();
			writes.add(write);
			return write;
		}, each);
		coalescer.baseline(0);
		return coalescer;
	}

	/** An output that has handed each batch out by the time it returns. */
	static Function<List<SeatDelta>, CompletionStage<?>> written(Consumer<List<SeatDelta>> out) {
		return batch -> {
			out.accept(batch);
			return CompletableFuture.completedFuture(null);
		};
	}

	@Test
	void whileABatchIsStillBeingWrittenTheWindowStaysOpenAndTheChangesGoOutTogether() {
		List<CompletableFuture<Void>> writes = new CopyOnWriteArrayList<>();
		Coalescer coalescer = writingUntilDone(writes);
		coalescer.accept(delta(1));
		time.advanceTime();
		assertThat(sent).containsExactly(List.of(1L));

		// the window has passed, but the first batch is still being written: the changes
		// wait, however long that takes
		for (long seq = 2; seq <= 5; seq++) {
			coalescer.accept(delta(seq));
			time.advanceTimeBy(Duration.ofMillis(40));
		}
		assertThat(sent).containsExactly(List.of(1L));

		// written (it took 160 ms, and the next rests as long): the four go out as one
		// batch
		writes.get(0).complete(null);
		time.advanceTimeBy(Duration.ofMillis(160));
		assertThat(sent).containsExactly(List.of(1L), List.of(2L, 3L, 4L, 5L));
	}

	@Test
	void afterAHandOutThatTookLongerThanHalfTheWindowTheNextBatchRestsAsLongAgain() {
		List<CompletableFuture<Void>> writes = new CopyOnWriteArrayList<>();
		Coalescer coalescer = writingUntilDone(writes);
		coalescer.accept(delta(1));
		time.advanceTime();
		coalescer.accept(delta(2));
		time.advanceTimeBy(Duration.ofMillis(80));
		// the first batch took 80 ms to write: the second waits 80 ms more
		writes.get(0).complete(null);
		time.advanceTimeBy(Duration.ofMillis(79));
		assertThat(sent).containsExactly(List.of(1L));
		time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(sent).containsExactly(List.of(1L), List.of(2L));
	}

	/** A coalescer whose feed stands at seq 0, as after a subscriber's first snapshot. */
	Coalescer coalescer(Duration window) {
		Coalescer coalescer = new Coalescer(window, REORDER_WAIT, time,
				written(batch -> sent.add(batch.stream().map(SeatDelta::seq).toList())), each);
		coalescer.baseline(0);
		return coalescer;
	}

	@Test
	void aChangeAfterAQuietWindowGoesOutAtOnce() {
		Coalescer coalescer = coalescer(Duration.ofMillis(50));
		coalescer.accept(delta(1));
		time.advanceTime();
		assertThat(sent).containsExactly(List.of(1L));

		// the window that change opened closes with nothing in it; the next change again
		// goes at once
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
		Coalescer coalescer = new Coalescer(Duration.ofMillis(50), REORDER_WAIT, time, written(batch -> {
			if (batch.get(0).seq() == 2) {
				throw new IllegalStateException("a subscriber broke");
			}
			sent.add(batch.stream().map(SeatDelta::seq).toList());
		}), each);
		coalescer.baseline(0);
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

	@Test
	void changesPublishedOutOfOrderGoOutInSeqOrderAndNoBatchSpansAHole() {
		Coalescer coalescer = coalescer(Duration.ofMillis(50));
		coalescer.accept(delta(1));
		time.advanceTimeBy(Duration.ofMillis(10));
		// 3 and 5 overtook 2 and 4 (published from other threads, or a sale still writing
		// its order)
		coalescer.accept(delta(3));
		coalescer.accept(delta(5));
		time.advanceTimeBy(Duration.ofMillis(30));
		coalescer.accept(delta(2));
		time.advanceTimeBy(Duration.ofMillis(9));
		assertThat(sent).containsExactly(List.of(1L));

		// 2 and 3 went into the open window; 5 still waits for 4
		time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(sent).containsExactly(List.of(1L), List.of(2L, 3L));
		coalescer.accept(delta(4));
		time.advanceTimeBy(Duration.ofMillis(50));

		assertThat(sent).containsExactly(List.of(1L), List.of(2L, 3L), List.of(4L, 5L));
	}

	@Test
	void eachChangeGoesToTheFanOutsInSeqOrderAsSoonAsItIsReleasedWithoutTheWindow() {
		Coalescer coalescer = coalescer(Duration.ofMillis(50));
		coalescer.accept(delta(1));
		coalescer.accept(delta(3));
		coalescer.accept(delta(2));
		time.advanceTime();
		// 2 and 3 wait for the window's end to reach the subscribers, not the fan-outs
		assertThat(sent).containsExactly(List.of(1L));
		assertThat(released).containsExactly(1L, 2L, 3L);

		// a change that never comes holds the next back only for the reorder wait
		coalescer.accept(delta(5));
		time.advanceTimeBy(REORDER_WAIT.minusMillis(1));
		assertThat(released).containsExactly(1L, 2L, 3L);
		time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(released).containsExactly(1L, 2L, 3L, 5L);
	}

	@Test
	void aMissingChangeIsWaitedForOnlyBoundedlyThenTheRestGoesOutPastTheHole() {
		Coalescer coalescer = coalescer(Duration.ZERO);
		coalescer.accept(delta(1));
		coalescer.accept(delta(3));
		coalescer.accept(delta(4));
		time.advanceTimeBy(REORDER_WAIT.minusMillis(1));
		assertThat(sent).containsExactly(List.of(1L));

		time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(sent).containsExactly(List.of(1L), List.of(3L), List.of(4L));

		// 2 comes after all: the feed went past it (subscribers took a fresh snapshot
		// instead)
		coalescer.accept(delta(2));
		coalescer.accept(delta(5));
		time.advanceTime();
		assertThat(sent).containsExactly(List.of(1L), List.of(3L), List.of(4L), List.of(5L));
	}

	@Test
	void aHoleInsideAWindowSplitsTheBatchAtTheHole() {
		// a window longer than the reorder wait: 4 is given up on while 2 waits for the
		// window's end
		Coalescer coalescer = coalescer(Duration.ofSeconds(1));
		coalescer.accept(delta(1));
		coalescer.accept(delta(2));
		coalescer.accept(delta(4));
		time.advanceTimeBy(REORDER_WAIT);
		assertThat(sent).containsExactly(List.of(1L));

		time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(sent).containsExactly(List.of(1L), List.of(2L), List.of(4L));
	}

	@Test
	void beforeItsBaselineAFeedHoldsChangesBackAndDropsThoseTheSnapshotCovers() {
		Coalescer coalescer = new Coalescer(Duration.ZERO, REORDER_WAIT, time,
				written(batch -> sent.add(batch.stream().map(SeatDelta::seq).toList())), each);
		coalescer.accept(delta(8));
		coalescer.accept(delta(9));
		time.advanceTime();
		assertThat(sent).isEmpty();

		coalescer.baseline(8);
		time.advanceTime();
		assertThat(sent).containsExactly(List.of(9L));
	}

}
