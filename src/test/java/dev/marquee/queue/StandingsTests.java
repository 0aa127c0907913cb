package dev.marquee.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a ticket stands is arithmetic on the queue's state: no place before opening, the
 * distance to "now serving" and its wait at the admission rate after, then admitted with
 * a token for the admission TTL, and expired once it runs out.
 */
class StandingsTests {

	static final Instant NOW = Instant.parse("2026-06-01T18:00:00Z");

	static final Duration TTL = Duration.ofMinutes(10);

	final Standings standings = new Standings(TTL, (ticket, expiresAt) -> "token-" + ticket.index() + "@" + expiresAt);

	static QueueTicket late(long index) {
		return new QueueTicket(QueueTicketId.of(UUID.randomUUID()), EventId.of(UUID.randomUUID()), "buyer", false,
				index, NOW.minusSeconds(60));
	}

	static QueueTicket early(long index) {
		return new QueueTicket(QueueTicketId.of(UUID.randomUUID()), EventId.of(UUID.randomUUID()), "buyer", true, index,
				NOW.minusSeconds(600));
	}

	@Test
	void beforeOpeningNobodyHasAPlaceAndTheWaitIsTheTimeToOpening() {
		Standing standing = standings.of(early(1), new QueueState(false, 0, "", 0), NOW.plusSeconds(90), 60, null, NOW);
		assertThat(standing.status()).isEqualTo(Standing.Status.WAITING);
		assertThat(standing.position()).isNull();
		assertThat(standing.estimatedWaitSeconds()).isEqualTo(90);
		assertThat(standing.opensAt()).isEqualTo(NOW.plusSeconds(90));
		// a sale that opened a moment ago, before the admitter's first step, waits for
		// nothing
		assertThat(standings.of(early(1), new QueueState(false, 0, "", 0), NOW.minusSeconds(1), 60, null, NOW)
			.estimatedWaitSeconds()).isZero();
	}

	@Test
	void laterJoinersQueueBehindEveryEarlyOneAndWaitTheirDistanceAtTheRateRoundedUp() {
		QueueState state = new QueueState(true, 5, "seed", 3);
		// number 5 + 4 = 9, six behind "now serving" 3
		Standing standing = standings.of(late(4), state, NOW.minusSeconds(60), 7, null, NOW);
		assertThat(standing.status()).isEqualTo(Standing.Status.WAITING);
		assertThat(standing.position()).isEqualTo(6);
		assertThat(standing.nowServing()).isEqualTo(3);
		// six at seven a minute: 51.4 s, rounded up
		assertThat(standing.estimatedWaitSeconds()).isEqualTo(52);
		assertThat(standing.admissionToken()).isNull();
	}

	@Test
	void anEarlyJoinersPlaceIsItsShuffledNumber() {
		QueueState state = new QueueState(true, 5, "seed", 0);
		long number = early(2).number(state);
		assertThat(number).isEqualTo(1 + EarlyShuffle.permute(1, 5, "seed")).isBetween(1L, 5L);
		assertThat(standings.of(early(2), state, NOW, 60, null, NOW).position()).isEqualTo(number);
		assertThat(late(1).number(state)).isEqualTo(6);
	}

	@Test
	void anAdmittedTicketCarriesATokenUntilTheAdmissionTtlRunsOut() {
		QueueState state = new QueueState(true, 0, "", 4);
		Instant admittedAt = NOW.minusSeconds(30);
		Standing admitted = standings.of(late(4), state, NOW.minusSeconds(600), 60, admittedAt, NOW);
		assertThat(admitted.status()).isEqualTo(Standing.Status.ADMITTED);
		assertThat(admitted.position()).isZero();
		assertThat(admitted.admissionExpiresAt()).isEqualTo(admittedAt.plus(TTL));
		assertThat(admitted.admissionToken()).isEqualTo("token-4@" + admittedAt.plus(TTL));

		Standing expired = standings.of(late(4), state, NOW.minusSeconds(600), 60, admittedAt, admittedAt.plus(TTL));
		assertThat(expired.status()).isEqualTo(Standing.Status.EXPIRED);
		assertThat(expired.admissionToken()).isNull();
		assertThat(expired.admissionExpiresAt()).isEqualTo(admittedAt.plus(TTL));
	}

}
