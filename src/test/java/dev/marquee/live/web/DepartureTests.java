package dev.marquee.live.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

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
		var before = departure.departed();
		StepVerifier.create(before).expectSubscription().expectNoEvent(Duration.ofMillis(50)).thenCancel().verify();
		departure.stop();
		assertThat(departure.departing()).isTrue();
		StepVerifier.create(before).verifyComplete();

		departure.start();
		assertThat(departure.departing()).isFalse();
		StepVerifier.create(departure.departed())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(50))
			.thenCancel()
			.verify();
		departure.stop();
		StepVerifier.create(departure.departed()).verifyComplete();
	}

}
