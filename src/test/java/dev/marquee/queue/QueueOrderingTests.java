package dev.marquee.queue;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fair order: early joiners are equal and shuffled at opening, all ahead of later
 * joiners, who queue in arrival order; a waiting buyer's position only ever goes down;
 * one ticket per buyer.
 */
class QueueOrderingTests extends WaitingRoomTest {

	@Test
	void earlyJoinersAreShuffledAtOpeningAheadOfLaterJoinersWhoQueueInArrivalOrder() {
		UUID event = queuedEvent(60, Duration.ofMinutes(30));
		List<String> early = IntStream.range(0, 30).mapToObj(i -> buyer()).toList();
		List<String> earlyTickets = new ArrayList<>();
		for (String buyer : early) {
			Map<String, Object> joined = join(event, buyer);
			// before opening nobody has a place yet: early arrivals are equal
			assertThat(joined).containsEntry("status", "WAITING").doesNotContainKey("position");
			assertThat(joined.get("opensAt")).isNotNull();
			assertThat(((Number) joined.get("estimatedWaitSeconds")).longValue()).isBetween(1790L, 1800L);
			earlyTickets.add((String) joined.get("queueTicket"));
		}
		tick();
		assertThat(standing(event, early.get(0), earlyTickets.get(0))).doesNotContainKey("position");

		clock.advance(Duration.ofMinutes(30));
		tick();
		List<String> late = IntStream.range(0, 10).mapToObj(i -> buyer()).toList();
		List<Long> latePositions = late.stream().map(buyer -> position(join(event, buyer))).toList();

		List<Long> earlyPositions = new ArrayList<>();
		for (int i = 0; i < early.size(); i++) {
			earlyPositions.add(position(standing(event, early.get(i), earlyTickets.get(i))));
		}
		assertThat(earlyPositions)
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 30).mapToObj(Long::valueOf).toList());
		// shuffled, not in arrival order (the chance of 30 in arrival order is 1 in 30!)
		assertThat(earlyPositions).isNotEqualTo(earlyPositions.stream().sorted().toList());
		assertThat(latePositions).containsExactly(31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L, 39L, 40L);
	}

	@Test
	void aSaleOpeningBetweenTwoMicrosecondsOpensItsWaitingRoomWhenAsked() {
		// PostgreSQL keeps microseconds: rounded, 0.9999997 s would open at the next
		// second, and a tick at the instant asked would find the sale still closed
		clock.freezeAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).plusNanos(999_999_700));
		UUID event = queuedEvent(60, Duration.ZERO);
		tick();
		assertThat(join(event, buyer())).containsEntry("position", 1);
	}

	@Test
	void aWaitingBuyersPositionNeverGoesUpAndTheWaitIsTheAdmissionRate() {
		UUID event = queuedEvent(120, Duration.ofMinutes(-1));
		tick();
		List<String> buyers = IntStream.range(0, 12).mapToObj(i -> buyer()).toList();
		Map<String, String> tickets = new HashMap<>();
		for (String buyer : buyers) {
			tickets.put(buyer, (String) join(event, buyer).get("queueTicket"));
		}
		String last = buyers.get(11);
		Map<String, Object> first = standing(event, last, tickets.get(last));
		assertThat(position(first)).isEqualTo(12);
		// 120 a minute: two a second, so twelfth in line waits six seconds
		assertThat(first).containsEntry("estimatedWaitSeconds", 6);
		long previous = 12;
		for (int step = 0; step < 5; step++) {
			clock.advance(Duration.ofMillis(700));
			tick();
			long now = position(standing(event, last, tickets.get(last)));
			assertThat(now).isLessThanOrEqualTo(previous);
			previous = now;
		}
		// 3.5 s at two a second: seven let in
		assertThat(previous).isEqualTo(5);
	}

	@Test
	void joiningTwiceEvenAtOnceGivesOneTicket() {
		UUID event = queuedEvent(60, Duration.ofMinutes(-1));
		String buyer = buyer();
		Set<String> tickets = ConcurrentHashMap.newKeySet();
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		Flux.range(0, 16).parallel(16).runOn(Schedulers.boundedElastic()).doOnNext(i -> {
			var result = joining(event, buyer).expectBody(JSON).returnResult();
			statuses.add(result.getStatus().value());
			tickets.add((String) result.getResponseBody().get("queueTicket"));
		}).sequential().blockLast();
		assertThat(tickets).hasSize(1);
		assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
		assertThat(statuses).filteredOn(s -> s == 200).hasSize(15);
	}

}
