package dev.marquee.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.EventId;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admitter runs on one node at a time under a Redis lease. When that node stops (or
 * dies), another takes over; nobody is skipped or admitted twice, even by two admitters
 * at once.
 */
class AdmitterFailoverTests extends WaitingRoomTest {

	@Autowired
	QueueScripts scripts;

	@Autowired
	QueueKeys keys;

	@Autowired
	CatalogManagement catalog;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	QueueProperties properties;

	/**
	 * A node's admitter, with a lease long enough that a slow test thread does not lose
	 * it.
	 */
	private QueueAdmitter node() {
		QueueProperties longLease = new QueueProperties(properties.keyPrefix(), properties.tick(),
				Duration.ofSeconds(3), properties.admissionTtl(), properties.maxCatchUpSeconds(),
				properties.admissionSecret(), properties.retention(), properties.reminderInterval(),
				properties.challengeTtl(), properties.maxDifficulty(), properties.accountsPerDevice(),
				properties.accountsPerAddress(), properties.joinsPerDevicePerMinute());
		QueueAdmitter admitter = new QueueAdmitter(scripts, keys, redis, catalog, events, longLease, clock,
				new SimpleMeterRegistry());
		admitter.start();
		return admitter;
	}

	private static void leads(QueueAdmitter admitter) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admitter.tick().block());
	}

	private static void stopGracefully(QueueAdmitter admitter) throws InterruptedException {
		CountDownLatch stopped = new CountDownLatch(1);
		admitter.stop(stopped::countDown);
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void whenTheAdmittingNodeDiesOrStopsAnotherTakesOverAndNobodyIsSkippedOrAdmittedTwice() throws Exception {
		UUID event = queuedEvent(60, Duration.ofMinutes(-1));
		QueueAdmitter a = node();
		QueueAdmitter b = node();
		leads(a);
		List<String> buyers = IntStream.range(0, 20).mapToObj(i -> buyer()).toList();
		List<String> tickets = buyers.stream().map(buyer -> (String) join(event, buyer).get("queueTicket")).toList();

		clock.advance(Duration.ofSeconds(5));
		assertThat(a.tick().block()).isTrue();
		assertThat(b.tick().block()).as("b while a holds the lease").isFalse();

		// a dies: it stops renewing without giving the lease up; b takes over once it
		// runs out
		clock.advance(Duration.ofSeconds(5));
		leads(b);
		assertThat(a.tick().block()).as("a, back, while b holds the lease").isFalse();

		// b stops: it gives the lease up, and a takes over at once
		stopGracefully(b);
		clock.advance(Duration.ofSeconds(10));
		assertThat(a.tick().block()).isTrue();

		List<TypedTuple<String>> steps = redis.opsForZSet()
			.rangeWithScores(keys.advances(EventId.of(event)), Range.unbounded())
			.collectList()
			.block();
		assertThat(steps).extracting(step -> step.getScore().longValue()).containsExactly(5L, 10L, 20L);
		assertThat(steps).extracting(step -> step.getValue().split(":")[2])
			.containsExactly(a.node(), b.node(), a.node());
		assertEveryoneAdmittedOnceInLine(event, buyers, tickets);
		stopGracefully(a);
	}

	@Test
	void evenTwoAdmittersAtOnceNeitherSkipNorRepeatNorSpeedUp() {
		UUID event = queuedEvent(60, Duration.ofMinutes(-1));
		QueueAdmitter a = node();
		QueueAdmitter b = node();
		leads(a);
		List<String> buyers = IntStream.range(0, 30).mapToObj(i -> buyer()).toList();
		List<String> tickets = buyers.stream().map(buyer -> (String) join(event, buyer).get("queueTicket")).toList();

		// split brain: the lease keeps vanishing while both nodes tick as fast as they
		// can
		for (int second = 0; second < 30; second++) {
			clock.advance(Duration.ofSeconds(1));
			Flux.range(0, 40)
				.parallel(8)
				.runOn(Schedulers.boundedElastic())
				.flatMap(i -> redis.delete(keys.admitterLease()).then(i % 2 == 0 ? a.tick() : b.tick()))
				.sequential()
				.blockLast();
		}

		List<TypedTuple<String>> steps = redis.opsForZSet()
			.rangeWithScores(keys.advances(EventId.of(event)), Range.unbounded())
			.collectList()
			.block();
		List<Long> serving = steps.stream().map(step -> step.getScore().longValue()).toList();
		// one step per second at most, one buyer per second: never faster than the rate,
		// never backwards
		assertThat(serving).isSorted().doesNotHaveDuplicates().last().isEqualTo(30L);
		assertThat(serving).hasSize(30);
		assertEveryoneAdmittedOnceInLine(event, buyers, tickets);
		a.stop();
		b.stop();
	}

	private void assertEveryoneAdmittedOnceInLine(UUID event, List<String> buyers, List<String> tickets) {
		for (int i = 0; i < buyers.size(); i++) {
			Map<String, Object> standing = standing(event, buyers.get(i), tickets.get(i));
			assertThat(standing).containsEntry("status", "ADMITTED");
		}
		// each admitted by exactly one step, the one whose range covers its number
		List<TypedTuple<String>> steps = redis.opsForZSet()
			.rangeWithScores(keys.advances(EventId.of(event)), Range.unbounded())
			.collectList()
			.block();
		long covered = 0;
		for (TypedTuple<String> step : steps) {
			long upTo = step.getScore().longValue();
			assertThat(upTo).isGreaterThan(covered);
			covered = upTo;
		}
		assertThat(covered).isEqualTo(buyers.size());
	}

}
