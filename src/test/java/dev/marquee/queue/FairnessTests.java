package dev.marquee.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provable fairness: the commitment to the shuffle's seed is public before anyone joins
 * and stays the same; the seed is shown to nobody before the queue opens and is the one
 * committed to after; every early joiner's number follows from the seed, their early
 * index and the number of early joiners.
 */
class FairnessTests extends WaitingRoomTest {

	Map<String, Object> fairness(UUID event) {
		return http().get()
			.uri("/api/v1/events/{id}/queue-fairness", event)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void theCommitmentPublishedBeforeOpeningIsTheSha256OfTheSeedRevealedAfterAndEveryPlaceVerifies() {
		UUID event = queuedEvent(60, Duration.ofMinutes(30));
		Map<String, Object> before = fairness(event);
		String commitment = (String) before.get("commitment");
		assertThat(commitment).matches("[0-9a-f]{64}");
		assertThat(before).containsEntry("opened", false).doesNotContainKeys("seed", "earlyJoined");
		assertThat((String) before.get("algorithm")).startsWith("marquee-early-shuffle-v1");

		List<String> buyers = IntStream.range(0, 25).mapToObj(i -> buyer()).toList();
		List<Map<String, Object>> joins = new ArrayList<>();
		List<String> seenBeforeOpening = new ArrayList<>();
		for (String buyer : buyers) {
			Map<String, Object> joined = join(event, buyer);
			joins.add(joined);
			seenBeforeOpening.add(joined.toString());
			seenBeforeOpening.add(standing(event, buyer, joined.get("queueTicket")).toString());
		}
		// each early joiner is told their early index at once
		assertThat(joins.stream().map(j -> ((Number) j.get("earlyIndex")).longValue()))
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 25).mapToObj(Long::valueOf).toList());
		assertThat(joins).allSatisfy(j -> assertThat(j).doesNotContainKey("number"));
		Map<String, Object> stillBefore = fairness(event);
		assertThat(stillBefore).containsEntry("commitment", commitment).doesNotContainKey("seed");
		seenBeforeOpening.add(stillBefore.toString());
		tick();
		assertThat(fairness(event)).containsEntry("opened", false).doesNotContainKey("seed");

		clock.advance(Duration.ofMinutes(30));
		tick();
		Map<String, Object> after = fairness(event);
		String seed = (String) after.get("seed");
		assertThat(after).containsEntry("opened", true).containsEntry("commitment", commitment);
		assertThat(after).containsEntry("earlyJoined", 25);
		assertThat(ShuffleSeed.commitment(seed)).isEqualTo(commitment);
		// nothing a buyer or anyone saw before opening carried the seed
		assertThat(seenBeforeOpening).noneMatch(answer -> answer.contains(seed));

		List<Long> numbers = new ArrayList<>();
		for (int i = 0; i < buyers.size(); i++) {
			Map<String, Object> now = standing(event, buyers.get(i), joins.get(i).get("queueTicket"));
			long earlyIndex = ((Number) joins.get(i).get("earlyIndex")).longValue();
			long number = ((Number) now.get("number")).longValue();
			assertThat(now.get("earlyIndex")).isEqualTo(joins.get(i).get("earlyIndex"));
			assertThat(number).isEqualTo(1 + EarlyShuffle.permute(earlyIndex - 1, 25, seed));
			assertThat(position(now)).isEqualTo(number);
			numbers.add(number);
		}
		assertThat(numbers).doesNotHaveDuplicates();
		// a later joiner has no early index: their number is their arrival after the
		// early ones
		Map<String, Object> late = join(event, buyer());
		assertThat(late).doesNotContainKey("earlyIndex").containsEntry("number", 26);
	}

	@Test
	void aQueueNobodyAskedAboutBeforeOpeningStillRevealsASeedMatchingItsCommitment() {
		UUID event = queuedEvent(60, Duration.ofMinutes(5));
		clock.advance(Duration.ofMinutes(5));
		tick();
		Map<String, Object> after = fairness(event);
		assertThat(after).containsEntry("opened", true).containsEntry("earlyJoined", 0);
		assertThat(ShuffleSeed.commitment((String) after.get("seed"))).isEqualTo(after.get("commitment"));
	}

	@Test
	void anEventWithoutAWaitingRoomHasNoFairnessRecord() {
		Map<String, Object> problem = http().get()
			.uri("/api/v1/events/{id}/queue-fairness", event(4))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.CONFLICT, "queue-not-enabled");
	}

}
