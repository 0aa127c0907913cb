package dev.marquee.queue.web;

import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueDefence;
import dev.marquee.queue.QueueDefence.QueueChallenge;
import dev.marquee.queue.QueueDefence.QueueDifficulty;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The waiting room's proof of work: a challenge for a buyer about to join, and the
 * difficulty organizers (ADMIN) read and change live. Not under {@code /queue/}, where a
 * path segment is a queue ticket.
 */
@RestController
class QueueDefenceController {

	private final QueueDefence defence;

	QueueDefenceController(QueueDefence defence) {
		this.defence = defence;
	}

	@PostMapping("/api/v1/events/{eventId}/queue-challenge")
	Mono<QueueChallenge> challenge(@PathVariable String eventId, @AuthenticationPrincipal Jwt user) {
		return Mono.defer(() -> defence.challenge(EventId.parse(eventId), user.getSubject()));
	}

	@GetMapping("/api/v1/events/{eventId}/queue-difficulty")
	Mono<QueueDifficulty> difficulty(@PathVariable String eventId) {
		return Mono.defer(() -> defence.difficulty(EventId.parse(eventId)));
	}

	@PutMapping("/api/v1/events/{eventId}/queue-difficulty")
	Mono<QueueDifficulty> setDifficulty(@PathVariable String eventId, @RequestBody DifficultyChange change) {
		return Mono.defer(() -> defence.setDifficulty(EventId.parse(eventId), change.difficulty()));
	}

	/** The new difficulty in leading zero bits (0: no proof asked). */
	record DifficultyChange(Integer difficulty) {
	}

}
