package dev.marquee.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InFlightBatches}: a call leaves at once while a slot is free, calls made while
 * every slot is out leave together when one comes back, and none is lost or answered
 * twice when many threads call at once.
 */
class InFlightBatchesTests {

	@Test
	void aCallLeavesAtOnceAloneWhileASlotIsFree() {
		List<List<Integer>> sent = new ArrayList<>();
		InFlightBatches<Integer, String> batches = new InFlightBatches<>(inputs -> {
			sent.add(inputs);
			return Mono.just(inputs.stream().map(i -> "answer " + i).toList());
		}, 1, 10);

		assertThat(batches.submit(1).block()).isEqualTo("answer 1");
		assertThat(batches.submit(2).block()).isEqualTo("answer 2");
		assertThat(sent).containsExactly(List.of(1), List.of(2));
	}

	@Test
	void callsMadeWhileEverySlotIsOutLeaveTogetherWhenOneComesBack() {
		List<List<Integer>> sent = new ArrayList<>();
		List<Sinks.One<List<String>>> replies = new ArrayList<>();
		InFlightBatches<Integer, String> batches = new InFlightBatches<>(inputs -> {
			sent.add(inputs);
			Sinks.One<List<String>> reply = Sinks.one();
			replies.add(reply);
			return reply.asMono();
		}, 2, 3);
		List<String> answers = new ArrayList<>();
		for (int i = 1; i <= 7; i++) {
			batches.submit(i).subscribe(answers::add);
		}
		// two slots: 1 and 2 left alone, 3..7 wait
		assertThat(sent).containsExactly(List.of(1), List.of(2));

		replies.get(0).tryEmitValue(List.of("a1"));
		// the slot came back: the next three (the most a batch carries) left together
		assertThat(sent).containsExactly(List.of(1), List.of(2), List.of(3, 4, 5));
		assertThat(answers).containsExactly("a1");

		replies.get(1).tryEmitValue(List.of("a2"));
		replies.get(2).tryEmitValue(List.of("a3", "a4", "a5"));
		replies.get(3).tryEmitValue(List.of("a6", "a7"));
		assertThat(sent).containsExactly(List.of(1), List.of(2), List.of(3, 4, 5), List.of(6, 7));
		assertThat(answers).containsExactly("a1", "a2", "a3", "a4", "a5", "a6", "a7");
	}

	@Test
	void aBatchThatFailsIsSentAgainCallByCallSoThatOnlyTheFailingCallFails() {
		List<List<Integer>> sent = new ArrayList<>();
		Sinks.One<List<String>> firstReply = Sinks.one();
		InFlightBatches<Integer, String> batches = new InFlightBatches<>(inputs -> {
			sent.add(inputs);
			if (inputs.equals(List.of(1))) {
				return firstReply.asMono();
			}
			return inputs.contains(3) ? Mono.error(new IllegalStateException("3 is refused"))
					: Mono.just(inputs.stream().map(i -> "answer " + i).toList());
		}, 1, 10);
		List<Object> outcomes = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			batches.submit(i).subscribe(outcomes::add, outcomes::add);
		}
		firstReply.tryEmitValue(List.of("answer 1"));

		assertThat(sent).containsExactly(List.of(1), List.of(2, 3, 4), List.of(2), List.of(3), List.of(4));
		assertThat(outcomes).hasSize(4);
		// (the next batch left before the first's answer was handed on: in any order)
		assertThat(outcomes).filteredOn(String.class::isInstance)
			.containsExactlyInAnyOrder("answer 1", "answer 2", "answer 4");
		assertThat(outcomes).filteredOn(Throwable.class::isInstance)
			.singleElement()
			.isInstanceOfSatisfying(IllegalStateException.class, ex -> assertThat(ex).hasMessage("3 is refused"));
		// the slot came back: a new call leaves
		assertThat(batches.submit(5).block()).isEqualTo("answer 5");
	}

	@Test
	void aCallAloneThatFailsGetsItsErrorAndAWrongCountOfAnswersIsAnError() {
		InFlightBatches<Integer, String> failing = new InFlightBatches<>(
				inputs -> Mono.error(new IllegalStateException("down")), 2, 10);
		assertThat(failing.submit(1).onErrorResume(ex -> Mono.just(ex.getMessage())).block()).isEqualTo("down");

		InFlightBatches<Integer, String> miscounting = new InFlightBatches<>(inputs -> Mono.just(List.of()), 2, 10);
		assertThat(miscounting.submit(1).onErrorResume(ex -> Mono.just(ex.getMessage())).block())
			.isEqualTo("A batch of 1 calls got 0 answers");
	}

	@Test
	void manyThreadsCallingAtOnceGetEachTheirOwnAnswerOnceAndNoMoreBatchesOutThanAllowed() throws Exception {
		AtomicInteger out = new AtomicInteger();
		AtomicInteger mostOut = new AtomicInteger();
		AtomicInteger batchesSent = new AtomicInteger();
		InFlightBatches<Integer, Integer> batches = new InFlightBatches<>(inputs -> Mono.defer(() -> {
			mostOut.accumulateAndGet(out.incrementAndGet(), Math::max);
			batchesSent.incrementAndGet();
			return Mono.just(inputs.stream().map(i -> i * 2).toList());
		}).delayElement(Duration.ofMillis(1), Schedulers.parallel()).doOnNext(done -> out.decrementAndGet()), 3, 16);
		int threads = 8;
		int callsEach = 500;
		ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
		AtomicInteger answered = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(threads * callsEach);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int t = 0; t < threads; t++) {
				int first = t * callsEach;
				pool.execute(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					for (int i = first; i < first + callsEach; i++) {
						int input = i;
						batches.submit(input).subscribe(answer -> {
							if (answer != input * 2) {
								wrong.add(input + " got " + answer);
							}
							answered.incrementAndGet();
							done.countDown();
						}, error -> wrong.add(input + " failed: " + error));
					}
				});
			}
			start.countDown();
			assertThat(done.await(30, TimeUnit.SECONDS)).as("every call answered").isTrue();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(wrong).isEmpty();
		assertThat(answered).hasValue(threads * callsEach);
		assertThat(mostOut.get()).isBetween(1, 3);
		assertThat(batchesSent.get()).as("calls went together").isLessThan(threads * callsEach);
		// a late call after the crowd still leaves
		assertThat(batches.submit(7).block(Duration.ofSeconds(5))).isEqualTo(14);
		assertThat(Flux.range(0, 3).flatMap(batches::submit).collectList().block(Duration.ofSeconds(5)))
			.containsExactlyInAnyOrder(0, 2, 4);
	}

}
