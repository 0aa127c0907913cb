package dev.marquee.live.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passes of {@link Sweep}, step by step: the event loop's turns are a queue the test
 * runs one at a time, the connections are names, the batches numbers, and a write gives a
 * connection the batches after the last one it had, as the seat socket does.
 */
class SweepTests {

	/**
	 * The loop's turns: each continuation of a pass waits here until the test runs it.
	 */
	final ArrayDeque<Runnable> turns = new ArrayDeque<>();

	/** What each connection was written, write by write. */
	final Map<String, List<List<Integer>>> writes = new HashMap<>();

	final List<Integer> released = new ArrayList<>();

	/** The loop's clock, in nanoseconds, moved by the test. */
	long now;

	/** The delay of each turn handed to the loop, in order. */
	final List<Long> delays = new ArrayList<>();

	final Sweep.Later later = (task, delay) -> {
		delays.add(delay);
		turns.add(task);
	};

	final Sweep<String, Integer> sweep = new Sweep<>(2, 0, () -> now, this::write, released::add, later);

	void write(String connection, Iterable<Integer> batches) {
		List<List<Integer>> had = writes.computeIfAbsent(connection, c -> new ArrayList<>());
		int last = had.isEmpty() ? 0 : had.getLast().getLast();
		List<Integer> now = new ArrayList<>();
		batches.forEach(batch -> {
			if (batch > last) {
				now.add(batch);
			}
		});
		if (!now.isEmpty()) {
			had.add(now);
		}
	}

	void connect(String... connections) {
		for (String connection : connections) {
			sweep.add(connection);
		}
	}

	void runTurns() {
		while (!turns.isEmpty()) {
			turns.poll().run();
		}
	}

	@Test
	void aBatchArrivingMidPassReachesTheConnectionsAheadAtOnceAndTheOthersInOneWriteNextPass() {
		connect("a", "b", "c", "d", "e");
		sweep.take(1);
		assertThat(writes).containsOnlyKeys("a", "b");
		sweep.take(2);
		sweep.take(3);
		runTurns();
		assertThat(writes.get("a")).containsExactly(List.of(1), List.of(2, 3));
		assertThat(writes.get("b")).containsExactly(List.of(1), List.of(2, 3));
		assertThat(writes.get("c")).containsExactly(List.of(1, 2, 3));
		assertThat(writes.get("e")).containsExactly(List.of(1, 2, 3));
		assertThat(released).containsExactly(1, 2, 3);
	}

	@Test
	void aConnectionLeavingBehindThePassDoesNotMakeItSkipTheNext() {
		connect("a", "b", "c", "d");
		sweep.take(1);
		assertThat(writes).containsOnlyKeys("a", "b");
		sweep.remove("a");
		runTurns();
		assertThat(writes.get("c")).containsExactly(List.of(1));
		assertThat(writes.get("d")).containsExactly(List.of(1));
		assertThat(released).containsExactly(1);
	}

	@Test
	void aConnectionClosedByItsOwnWriteDoesNotMakeThePassSkipTheNext() {
		AtomicReference<Sweep<String, Integer>> closing = new AtomicReference<>();
		closing.set(new Sweep<>(10, 0, () -> now, (connection, batches) -> {
			write(connection, batches);
			if (connection.equals("b")) {
				// a write that fails closes the channel, which takes it off at once
				closing.get().remove("b");
			}
		}, released::add, later));
		List.of("a", "b", "c").forEach(closing.get()::add);
		closing.get().take(1);
		assertThat(writes).containsOnlyKeys("a", "b", "c");
		assertThat(closing.get().connections()).containsExactly("a", "c");
		assertThat(released).containsExactly(1);
	}

	@Test
	void aConnectionJoiningMidPassIsWrittenThePassesBatchesBeforeTheyAreLetGo() {
		connect("a", "b", "c");
		sweep.take(1);
		connect("late");
		runTurns();
		assertThat(writes.get("late")).containsExactly(List.of(1));
		assertThat(released).containsExactly(1);
	}

	@Test
	void aBatchIsLetGoOnlyOnceEveryConnectionHadIt() {
		connect("a", "b", "c");
		sweep.take(1);
		sweep.take(2);
		assertThat(released).isEmpty();
		turns.poll().run();
		// the first pass ended: batch 1 was there when it began; 2 came after it
		assertThat(released).containsExactly(1);
		runTurns();
		assertThat(released).containsExactly(1, 2);
		assertThat(writes.get("a")).containsExactly(List.of(1), List.of(2));
		assertThat(writes.get("c")).containsExactly(List.of(1, 2));
		assertThat(turns).isEmpty();
	}

	@Test
	void aPassBeginsNoSoonerThanTheIntervalAfterTheLastOneBeganAndAtOnceIfThatTookLonger() {
		Sweep<String, Integer> paced = new Sweep<>(1, 50, () -> now, this::write, released::add, later);
		paced.add("a");
		paced.add("b");
		// idle: the first batch goes at once
		paced.take(1);
		assertThat(writes).containsOnlyKeys("a");
		runTurns();
		assertThat(writes.get("b")).containsExactly(List.of(1));

		// 20 ns after that pass began: the next begins 30 ns later, with what came
		// meanwhile
		now = 20;
		paced.take(2);
		paced.take(3);
		assertThat(writes.get("a")).containsExactly(List.of(1));
		assertThat(delays.getLast()).isEqualTo(30);
		now = 50;
		runTurns();
		assertThat(writes.get("a")).containsExactly(List.of(1), List.of(2, 3));
		assertThat(writes.get("b")).containsExactly(List.of(1), List.of(2, 3));

		// a pass that took longer than the interval is followed at once
		now = 200;
		paced.take(4);
		now = 300;
		paced.take(5);
		turns.poll().run();
		assertThat(writes.get("b")).containsExactly(List.of(1), List.of(2, 3), List.of(4, 5));
		assertThat(delays.getLast()).isZero();
		runTurns();
		assertThat(writes.get("a")).containsExactly(List.of(1), List.of(2, 3), List.of(4), List.of(5));
		assertThat(released).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void withNobodyConnectedABatchIsLetGoAtOnce() {
		sweep.take(1);
		assertThat(released).containsExactly(1);
		assertThat(turns).isEmpty();
	}

}
