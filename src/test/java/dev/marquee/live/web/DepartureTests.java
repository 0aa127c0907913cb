package dev.marquee.live.web;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's departure signal: given once a stop begins, and not carried over into a
 * start that follows (Spring's test framework stops the contexts it caches while they are
 * idle, then starts them again; their streams must not end at once).
 */
class DepartureTests {

	@Test
	void theStreamsOfAStopEndAndThoseOfTheStartAfterItDoNot() {
		Departure departure = new Departure();
		departure.start();
		CompletableFuture<Void> before = departure.departed().toFuture();
		assertThat(before).isNotDone();
		departure.stop();
		assertThat(departure.departing()).isTrue();
		assertThat(before).isCompleted();

		departure.start();
		assertThat(departure.departing()).isFalse();
		CompletableFuture<Void> after = departure.departed().toFuture();
		assertThat(after).isNotDone();
		departure.stop();
		assertThat(after).isCompleted();
	}

}
