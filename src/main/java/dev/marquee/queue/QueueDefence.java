package dev.marquee.queue;

import java.time.Clock;
import java.time.Instant;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueProblems.QueueNotEnabled;
import dev.marquee.shared.ValidationFailed;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The waiting room's proof of work: challenges for the buyers who are about to join, and
 * the difficulty organizers set per event and may change at any moment (it is in Redis,
 * so every node's next join sees it; 0, the default, asks for none).
 */
@Service
public class QueueDefence {

	private final CatalogManagement catalog;

	private final QueueScripts scripts;

	private final ProofOfWork proofOfWork;

	private final QueueProperties properties;

	private final Clock clock;

	QueueDefence(CatalogManagement catalog, QueueScripts scripts, ProofOfWork proofOfWork, QueueProperties properties,
			Clock clock) {
		this.catalog = catalog;
		this.scripts = scripts;
		this.proofOfWork = proofOfWork;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * A challenge to solve before joining: good for one join by this user, until
	 * {@code expiresAt}, at the event's difficulty now ({@code difficulty} 0: nothing to
	 * solve, the join needs no proof).
	 */
	public record QueueChallenge(String challenge, int difficulty, Instant expiresAt, String algorithm) {
	}

	/** A waiting room's proof-of-work difficulty, in leading zero bits (0: off). */
	public record QueueDifficulty(String eventId, int difficulty) {
	}

	public Mono<QueueChallenge> challenge(EventId eventId, String userId) {
		return queueEvent(eventId).flatMap(event -> this.scripts.difficulty(eventId, null, 0).map(difficulty -> {
			ProofOfWork.Challenge issued = this.proofOfWork.issue(eventId, userId, difficulty,
					this.clock.instant().plus(this.properties.challengeTtl()));
			return new QueueChallenge(issued.challenge(), difficulty, issued.expiresAt(), ProofOfWork.ALGORITHM);
		}));
	}

	public Mono<QueueDifficulty> difficulty(EventId eventId) {
		return queueEvent(eventId).flatMap(event -> this.scripts.difficulty(eventId, null, 0))
			.map(difficulty -> new QueueDifficulty(eventId.toString(), difficulty));
	}

	/**
	 * Sets the difficulty from the next join on; a challenge issued easier than that is
	 * refused ({@code too-weak}) and its client asks for a new one.
	 */
	public Mono<QueueDifficulty> setDifficulty(EventId eventId, Integer difficulty) {
		if (difficulty == null || difficulty < 0 || difficulty > this.properties.maxDifficulty()) {
			return Mono.error(ValidationFailed.of("difficulty",
					"must be a number of bits from 0 to " + this.properties.maxDifficulty()));
		}
		return queueEvent(eventId)
			.flatMap(event -> this.scripts.difficulty(eventId, difficulty,
					event.startsAt().plus(this.properties.retention()).getEpochSecond()))
			.map(now -> new QueueDifficulty(eventId.toString(), now));
	}

	private Mono<Event> queueEvent(EventId eventId) {
		return this.catalog.setup(eventId)
			.flatMap(setup -> setup.event().queueEnabled() ? Mono.just(setup.event())
					: Mono.error(new QueueNotEnabled(eventId)));
	}

}
