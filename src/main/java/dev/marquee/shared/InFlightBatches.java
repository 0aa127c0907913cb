package dev.marquee.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Calls that wait while others are in flight, sent together when one comes back (group
 * commit, the way databases batch their own log flushes): while {@code maxInFlight}
 * batches are out, new calls queue; each batch that answers sends, at once, up to
 * {@code maxBatch} of those that queued meanwhile. No call waits for a timer: a call made
 * while fewer batches are out leaves at once, alone, so a quiet node answers as fast as
 * before and a busy one sends one statement for many.
 * {@link dev.marquee.shared.redis.LoopBatches} gathers the calls of one event loop's turn
 * instead, which suits calls that arrive together; the calls this gathers arrive spread
 * over the wait for the batch in flight. Hand-written: Reactor's buffering operators cut
 * batches by size or time, not by "when the last batch answered".
 *
 * @param <I> one call's input
 * @param <O> one call's answer
 */
public final class InFlightBatches<I, O> {

	private final Function<List<I>, Mono<List<O>>> send;

	private final int maxInFlight;

	private final int maxBatch;

	private final Queue<Waiter<I, O>> queued = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * @param send sends one batch, answering one answer per call in the calls' order; if
	 * a batch of several fails, each of its calls is sent again alone, and an error is
	 * only its own call's
	 * @param maxInFlight the most batches out at once
	 * @param maxBatch the most calls one batch carries
	 */
	public InFlightBatches(Function<List<I>, Mono<List<O>>> send, int maxInFlight, int maxBatch) {
		if (maxInFlight < 1 || maxBatch < 1) {
			throw new IllegalArgumentException("maxInFlight and maxBatch must be at least 1");
		}
		this.send = send;
		this.maxInFlight = maxInFlight;
		this.maxBatch = maxBatch;
	}

	/** The answer to {@code input}, sent alone or with the calls queued beside it. */
	public Mono<O> submit(I input) {
		return Mono.create(sink -> {
			this.queued.add(new Waiter<>(input, sink));
			drain();
		});
	}

	/**
	 * Sends what is queued while fewer than {@code maxInFlight} batches are out. Called
	 * after every change that may let a batch leave (a call queued, a batch answered),
	 * each after its change, so that no queued call is left behind.
	 */
	private void drain() {
		while (!this.queued.isEmpty()) {
			int out = this.inFlight.get();
			if (out >= this.maxInFlight) {
				return;
			}
			if (!this.inFlight.compareAndSet(out, out + 1)) {
				continue;
			}
			List<Waiter<I, O>> batch = new ArrayList<>();
			Waiter<I, O> next;
			while (batch.size() < this.maxBatch && (next = this.queued.poll()) != null) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				this.inFlight.decrementAndGet();
				continue;
			}
			send(batch);
		}
	}

	private void send(List<Waiter<I, O>> batch) {
		List<I> inputs = new ArrayList<>(batch.size());
		batch.forEach(waiter -> inputs.add(waiter.input()));
		Mono<List<Outcome<O>>> outcomes = call(inputs).map(answers -> {
			List<Outcome<O>> each = new ArrayList<>(answers.size());
			answers.forEach(answer -> each.add(new Outcome<>(answer, null)));
			return each;
		});
		if (batch.size() > 1) {
			// one call may have failed the batch (a row the statement refuses): each is
			// sent again alone, so that its failure is its own
			outcomes = outcomes.onErrorResume(ex -> Flux.fromIterable(inputs)
				.concatMap(input -> call(List.of(input)).map(answers -> new Outcome<>(answers.getFirst(), null))
					.onErrorResume(alone -> Mono.just(new Outcome<>(null, alone))))
				.collectList());
		}
		// the batch's slot is given back before its calls go on (their callers' work runs
		// on this thread), so that the next batch leaves first
		outcomes.subscribe(each -> {
			giveBack();
			for (int i = 0; i < batch.size(); i++) {
				Outcome<O> outcome = each.get(i);
				MonoSink<O> sink = batch.get(i).sink();
				if (outcome.error() != null) {
					sink.error(outcome.error());
				}
				else {
					sink.success(outcome.answer());
				}
			}
		}, error -> {
			giveBack();
			batch.forEach(waiter -> waiter.sink().error(error));
		});
	}

	/** One batch's answers, checked to be one a call. */
	private Mono<List<O>> call(List<I> inputs) {
		Mono<List<O>> answers;
		try {
			answers = this.send.apply(inputs);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		return answers.switchIfEmpty(Mono.error(() -> new IllegalStateException("A batch got no answers")))
			.flatMap(outs -> outs.size() == inputs.size() ? Mono.just(outs) : Mono.error(new IllegalStateException(
					"A batch of " + inputs.size() + " calls got " + outs.size() + " answers")));
	}

	private void giveBack() {
		this.inFlight.decrementAndGet();
		drain();
	}

	private record Outcome<O>(O answer, Throwable error) {
	}

	private record Waiter<I, O>(I input, MonoSink<O> sink) {
	}

}
