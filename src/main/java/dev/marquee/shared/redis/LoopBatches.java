package dev.marquee.shared.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Calls that arrive on one event loop in one turn, for the same key, sent as one: a loop
 * that has just read twenty requests holding seats of one event sends one script call for
 * the twenty, not twenty (one command, one write, one reply and one hand-over between
 * threads instead of twenty; docs/BENCHMARKS.md). No call waits for a timer: the batch
 * leaves as a task of the same loop, which Netty runs as soon as the loop has handled the
 * I/O it woke up for, so a lone call leaves at once, alone.
 * <p>
 * A call made off an event loop (a scheduler's thread, a test) is sent alone, at once.
 * Everything of a loop's batches is touched by that loop's thread only. The loop is found
 * through Netty's {@code ThreadExecutorMap}, which every Netty event loop sets for its
 * own thread (Reactor Netty's and Lettuce's): public, in Netty's internal package, and
 * the only way to ask "which loop am I on" without carrying the channel down to the
 * script.
 *
 * @param <K> what calls must share to be sent together (an event: its keys share one hash
 * slot)
 * @param <I> one call's input
 * @param <O> one call's answer
 */
public final class LoopBatches<K, I, O> {

	private final BiFunction<K, List<I>, Mono<List<O>>> send;

	private final int maxSize;

	private final FastThreadLocal<Pending<K, I, O>> pending = new FastThreadLocal<>() {

		@Override
		protected Pending<K, I, O> initialValue() {
			return new Pending<>();
		}

	};

	/**
	 * @param send sends one batch of calls for one key, answering one answer per call, in
	 * the calls' order
	 * @param maxSize the most calls one batch carries (a full batch leaves at once)
	 */
	public LoopBatches(BiFunction<K, List<I>, Mono<List<O>>> send, int maxSize) {
		if (maxSize < 1) {
			throw new IllegalArgumentException("maxSize must be at least 1");
		}
		this.send = send;
		this.maxSize = maxSize;
	}

	/**
	 * The answer to {@code input}, sent with whatever else this loop asks for {@code key}
	 * in this turn. An error of the batch's call is every call's error.
	 */
	public Mono<O> submit(K key, I input) {
		return Mono.create(sink -> {
			EventExecutor loop = ThreadExecutorMap.currentExecutor();
			if (loop == null || this.maxSize == 1) {
				send(key, List.of(new Waiter<>(input, sink)));
				return;
			}
			Pending<K, I, O> mine = this.pending.get();
			List<Waiter<I, O>> batch = mine.batches.computeIfAbsent(key, k -> new ArrayList<>());
			batch.add(new Waiter<>(input, sink));
			if (batch.size() >= this.maxSize) {
				mine.batches.remove(key);
				send(key, batch);
			}
			else if (!mine.scheduled) {
				mine.scheduled = true;
				try {
					loop.execute(() -> flush(mine));
				}
				catch (RejectedExecutionException ex) {
					// the loop is shutting down: what it holds leaves now
					flush(mine);
				}
			}
		});
	}

	private void flush(Pending<K, I, O> mine) {
		mine.scheduled = false;
		if (mine.batches.isEmpty()) {
			return;
		}
		List<Map.Entry<K, List<Waiter<I, O>>>> ready = new ArrayList<>(mine.batches.entrySet());
		mine.batches.clear();
		ready.forEach(batch -> send(batch.getKey(), batch.getValue()));
	}

	private void send(K key, List<Waiter<I, O>> waiters) {
		List<I> inputs = new ArrayList<>(waiters.size());
		waiters.forEach(waiter -> inputs.add(waiter.input()));
		Mono<List<O>> answers;
		try {
			answers = this.send.apply(key, inputs);
		}
		catch (RuntimeException ex) {
			waiters.forEach(waiter -> waiter.sink().error(ex));
			return;
		}
		answers.subscribe(outcomes -> {
			if (outcomes.size() != waiters.size()) {
				IllegalStateException wrong = new IllegalStateException(
						"A batch of " + waiters.size() + " calls got " + outcomes.size() + " answers");
				waiters.forEach(waiter -> waiter.sink().error(wrong));
				return;
			}
			for (int i = 0; i < waiters.size(); i++) {
				waiters.get(i).sink().success(outcomes.get(i));
			}
		}, error -> waiters.forEach(waiter -> waiter.sink().error(error)),
				() -> waiters.forEach(waiter -> waiter.sink().success()));
	}

	private record Waiter<I, O>(I input, MonoSink<O> sink) {
	}

	/** One loop's batches not sent yet, and whether their task is queued. */
	private static final class Pending<K, I, O> {

		final Map<K, List<Waiter<I, O>>> batches = new HashMap<>();

		boolean scheduled;

	}

}
