package dev.marquee.live;

import java.time.Duration;
import java.util.UUID;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the live-stream tests: plays {@link SeatChangeScript} through the public HTTP
 * API.
 */
abstract class LiveTest extends IntegrationTest {

	@Autowired
	HoldExpiry expiry;

	/**
	 * Hold, release, hold and buy, hold and let the countdown run out (clock and sweep).
	 */
	void playTheScript(UUID event) {
		SeatChangeScript.play(event, new SeatChangeScript.Actions() {
			@Override
			public String held(UUID id, String token, String... seats) {
				return LiveTest.this.held(id, token, seats);
			}

			@Override
			public void release(String holdId, String token) {
				http().delete()
					.uri("/api/v1/holds/{id}", holdId)
					.headers(h -> h.setBearerAuth(token))
					.exchange()
					.expectStatus()
					.isNoContent();
			}

			@Override
			public void buy(String holdId, String token) {
				purchase(holdId, token, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
			}

			@Override
			public void advanceClock(Duration by) {
				clock.advance(by);
			}
		}, expiry);
	}

}
