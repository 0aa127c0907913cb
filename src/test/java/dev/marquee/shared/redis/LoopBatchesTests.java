package dev.marquee.shared.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calls made in one turn of a real Netty event loop leave as one batch per key, each
 * answered with its own answer; calls off a loop leave alone, at once.
 */
class LoopBatchesTests {

	private final EventLoop loop = new DefaultEventLoop();

	/** What was sent: the key, then the inputs of one batch. */
	private final List<List<String>> sent = new CopyOnWriteArrayList<>();

	private final LoopBatches<String, String, String> batches = new LoopBatches<>((key, inputs) -> {
		List<String> batch = new ArrayList<>();
		batch.add(key);
		batch.addAll(inputs);
		this.sent.add(batch);
		return Mono.just(inputs.stream().map(input -> "answer to " + input).toList());
	}, 4);

	@AfterEach
	void stopLoop() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/**
	 * Subscribes to each call inside one task of the loop; answers their monos, cached.
	 */
	private List<Mono<String>> callsInOneTurn(List<String[]> calls, LoopBatches<String, String, String> batches)
			throws InterruptedException, ExecutionException, TimeoutException {
		List<Mono<String>> answers = new CopyOnWriteArrayList<>();
		this.loop.submit(() -> calls.forEach(call -> {
			Mono<String> answer = batches.submit(call[0], call[1]).cache();
			answer.subscribe(value -> {
			}, error -> {
			});
			answers.add(answer);
		})).get(5, TimeUnit.SECONDS);
		return answers;
	}

	/** {@link #callsInOneTurn}, answering their values. */
	private List<String> inOneTurn(List<String[]> calls, LoopBatches<String, String, String> batches)
			throws InterruptedException, ExecutionException, TimeoutException {
		List<String> values = new ArrayList<>();
		for (Mono<String> answer : callsInOneTurn(calls, batches)) {
			values.add(answer.block(Duration.ofSeconds(5)));
		}
		return values;
	}

	/** Two calls for one key. */
	private static List<String[]> twoCalls() {
		return List.of(new String[] { "event-1", "a" }, new String[] { "event-1", "b" });
	}

	@Test
	void callsOfOneTurnForOneKeyLeaveAsOneBatchEachAnsweredItsOwn() throws Exception {
		List<String> answers = inOneTurn(List.of(new String[] { "event-1", "a" }, new String[] { "event-2", "x" },
				new String[] { "event-1", "b" }, new String[] { "event-1", "c" }), this.batches);

		assertThat(answers).containsExactly("answer to a", "answer to x", "answer to b", "answer to c");
		assertThat(this.sent).containsExactlyInAnyOrder(List.of("event-1", "a", "b", "c"), List.of("event-2", "x"));
	}

	@Test
	void aFullBatchLeavesAtOnceAndTheRestFollowsInTheSameTurn() throws Exception {
		List<String[]> calls = new ArrayList<>();
		for (int i = 1; i <= 6; i++) {
			calls.add(new String[] { "event-1", "call " + i });
		}

		List<String> answers = inOneTurn(calls, this.batches);

		assertThat(answers).hasSize(6).allMatch(answer -> answer.startsWith("answer to call "));
		assertThat(this.sent).containsExactly(List.of("event-1", "call 1", "call 2", "call 3", "call 4"),
				List.of("event-1", "call 5", "call 6"));
	}

	@Test
	void aCallOffAnEventLoopLeavesAloneAtOnce() {
		assertThat(this.batches.submit("event-1", "a").block(Duration.ofSeconds(5))).isEqualTo("answer to a");
		assertThat(this.batches.submit("event-1", "b").block(Duration.ofSeconds(5))).isEqualTo("answer to b");

		assertThat(this.sent).containsExactly(List.of("event-1", "a"), List.of("event-1", "b"));
	}

	@Test
	void callsOfLaterTurnsLeaveInBatchesOfTheirOwn() throws Exception {
		inOneTurn(twoCalls(), this.batches);
		inOneTurn(List.<String[]>of(new String[] { "event-1", "c" }), this.batches);

		assertThat(this.sent).containsExactly(List.of("event-1", "a", "b"), List.of("event-1", "c"));
	}

	@Test
	void theBatchsErrorIsEveryCallsError() throws Exception {
		LoopBatches<String, String, String> failing = new LoopBatches<>(
				(key, inputs) -> Mono.error(new IllegalStateException("Redis is gone")), 4);
		List<Mono<String>> answers = callsInOneTurn(twoCalls(), failing);

		for (Mono<String> answer : answers) {
			assertThatThrownBy(() -> answer.block(Duration.ofSeconds(5))).hasMessageContaining("Redis is gone");
		}
	}

	@Test
	void aBatchAnsweredWithTheWrongNumberOfAnswersFailsEveryCallRatherThanMixThemUp() throws Exception {
		LoopBatches<String, String, String> miscounting = new LoopBatches<>((key, inputs) -> Mono.just(List.of("one")),
				4);

		List<Mono<String>> answers = callsInOneTurn(twoCalls(), miscounting);

		for (Mono<String> answer : answers) {
			assertThatThrownBy(() -> answer.block(Duration.ofSeconds(5))).hasMessageContaining("got 1 answers");
		}
	}

}
