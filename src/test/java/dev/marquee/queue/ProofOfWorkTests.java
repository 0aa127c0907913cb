package dev.marquee.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof of work at the waiting room's door: off by default; once an organizer sets a
 * difficulty, a join needs a solved challenge of this user and event, not expired, used
 * once, at least as hard as the difficulty of the moment (raised live, it refuses the
 * easier challenges issued before). The queue page's solver is tested with vectors that
 * are the server's own answers.
 */
class ProofOfWorkTests extends WaitingRoomTest {

	final String admin = admin();

	WebTestClient.ResponseSpec setDifficulty(UUID event, String token, Object difficulty) {
		return http().put()
			.uri("/api/v1/events/{id}/queue-difficulty", event)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(Map.of("difficulty", difficulty))
			.exchange();
	}

	Map<String, Object> challenge(UUID event, String token) {
		return http().post()
			.uri("/api/v1/events/{id}/queue-challenge", event)
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	WebTestClient.ResponseSpec joinWith(UUID event, String token, String challenge, String solution) {
		return http().post().uri("/api/v1/events/{id}/queue", event).headers(h -> {
			h.setBearerAuth(token);
			h.set("X-Queue-Challenge", challenge);
			h.set("X-Queue-Solution", solution);
		}).exchange();
	}

	static String solve(Map<String, Object> challenge) {
		return ProofOfWork.solve((String) challenge.get("challenge"), (Integer) challenge.get("difficulty"));
	}

	Map<String, Object> refused(WebTestClient.ResponseSpec response, String reason) {
		Map<String, Object> problem = response.expectStatus()
			.isForbidden()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.FORBIDDEN, "proof-of-work-required");
		assertThat(problem).containsEntry("reason", reason);
		return problem;
	}

	@Test
	void aSolvedChallengeJoinsOnceAndAMissingWrongOrOtherUsersProofIsRefused() {
		UUID event = queuedEvent(60, Duration.ofMinutes(10));
		String buyer = buyer();
		assertThat(challenge(event, buyer)).containsEntry("difficulty", 0);
		setDifficulty(event, admin, 12).expectStatus()
			.isOk()
			.expectBody(JSON)
			.value(body -> assertThat(body).containsEntry("difficulty", 12));

		Map<String, Object> problem = refused(joining(event, buyer), "missing");
		assertThat(problem).containsEntry("difficulty", 12)
			.containsEntry("challenge", "/api/v1/events/" + event + "/queue-challenge");

		Map<String, Object> issued = challenge(event, buyer);
		assertThat(issued).containsEntry("difficulty", 12).containsKeys("expiresAt", "algorithm");
		String challenge = (String) issued.get("challenge");
		String solution = solve(issued);
		String wrong = "x" + solution;
		if (ProofOfWork.leadingZeroBits(ProofOfWork.sha256(challenge + ":" + wrong)) < 12) {
			refused(joinWith(event, buyer, challenge, wrong), "invalid");
		}
		// another buyer cannot use this buyer's challenge, nor a forged one
		refused(joinWith(event, buyer(), challenge, solution), "invalid");
		refused(joinWith(event, buyer, challenge.replace("v1." + event + ".12.", "v1." + event + ".1."), solution),
				"invalid");

		joinWith(event, buyer, challenge, solution).expectStatus().isCreated();
		refused(joinWith(event, buyer, challenge, solution), "replayed");
		Map<String, Object> again = challenge(event, buyer);
		joinWith(event, buyer, (String) again.get("challenge"), solve(again)).expectStatus().isOk();
	}

	@Test
	void anExpiredChallengeIsRefused() {
		UUID event = queuedEvent(60, Duration.ofMinutes(10));
		setDifficulty(event, admin, 8).expectStatus().isOk();
		String buyer = buyer();
		Map<String, Object> issued = challenge(event, buyer);
		clock.advance(Duration.ofMinutes(2));
		refused(joinWith(event, buyer, (String) issued.get("challenge"), solve(issued)), "expired");
	}

	@Test
	void raisingTheDifficultyLiveRefusesEasierChallengesAndLoweringItToZeroTurnsTheProofOff() {
		UUID event = queuedEvent(60, Duration.ofMinutes(10));
		setDifficulty(event, admin, 6).expectStatus().isOk();
		String buyer = buyer();
		Map<String, Object> easy = challenge(event, buyer);
		String easySolution = solve(easy);

		setDifficulty(event, admin, 14).expectStatus().isOk();
		assertThat(http().get()
			.uri("/api/v1/events/{id}/queue-difficulty", event)
			.headers(h -> h.setBearerAuth(admin))
			.exchange()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("difficulty", 14);
		refused(joinWith(event, buyer, (String) easy.get("challenge"), easySolution), "too-weak");
		Map<String, Object> hard = challenge(event, buyer);
		joinWith(event, buyer, (String) hard.get("challenge"), solve(hard)).expectStatus().isCreated();

		setDifficulty(event, admin, 0).expectStatus().isOk();
		joining(event, buyer()).expectStatus().isCreated();
	}

	@Test
	void onlyOrganizersSetTheDifficultyAndOnlyWithinItsBounds() {
		UUID event = queuedEvent(60, Duration.ofMinutes(10));
		setDifficulty(event, buyer(), 10).expectStatus().isForbidden();
		for (Object bad : new Object[] { -1, 33, "hard" }) {
			Map<String, Object> problem = setDifficulty(event, admin, bad).expectStatus()
				.isBadRequest()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat((String) problem.get("type")).matches(".*/(validation|malformed-request)");
		}
		assertThat(http().put()
			.uri("/api/v1/events/{id}/queue-difficulty", event(4))
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("difficulty", 4))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("type", "https://marquee.dev/problems/queue-not-enabled");
	}

	@Test
	void theQueuePagesSolverVectorsAreTheServersAnswers() {
		// frontend/test/pow.test.ts: the page's solver must find exactly these, in as
		// many hashes
		List<Map<String, Object>> vectors = JsonMapper.shared()
			.readValue(Path.of("frontend/test/fixtures/pow-vectors.json").toFile(), new TypeReference<>() {
			});
		assertThat(vectors).hasSizeGreaterThan(10);
		for (Map<String, Object> v : vectors) {
			String challenge = (String) v.get("challenge");
			int difficulty = (Integer) v.get("difficulty");
			String solution = ProofOfWork.solve(challenge, difficulty);
			assertThat(solution).as("vector %s", v).isEqualTo(v.get("solution"));
			assertThat(Long.parseLong(solution, 36) + 1).isEqualTo(((Number) v.get("tried")).longValue());
			assertThat(ProofOfWork.leadingZeroBits(ProofOfWork.sha256(challenge + ":" + solution)))
				.isGreaterThanOrEqualTo(difficulty);
		}
	}

}
