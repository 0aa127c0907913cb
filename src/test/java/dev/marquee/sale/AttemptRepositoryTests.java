package dev.marquee.sale;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.marquee.sale.AttemptRepository.Attempt;
import dev.marquee.support.MigratedDatabase;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AttemptRepository} on the real PostgreSQL, without an application context: every
 * move of an attempt is one conditional statement, and a writer that expected another
 * state is told so.
 */
class AttemptRepositoryTests {

	private static final String USERS = "attempt-repository-tests-";

	private static AttemptRepository attempts;

	private static DatabaseClient db;

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	@BeforeAll
	static void migrate() {
		db = MigratedDatabase.client();
		attempts = new AttemptRepository(db);
	}

	/**
	 * The attempts these tests leave behind go: the application contexts of later tests
	 * share the database, and their recovery job would settle them.
	 */
	@AfterAll
	static void forgetTheseAttempts() {
		db.sql("delete from purchase_attempt where user_id like :prefix").bind("prefix", USERS + "%").then().block();
	}

	private static String buyer() {
		return USERS + UUID.randomUUID();
	}

	private Attempt begin(String user, String key) {
		return attempts.begin(user, key, "fingerprint", UUID.randomUUID(), now).block();
	}

	@Test
	void aKeySeenBeforeAnswersTheStoredAttemptNotAFreshOne() {
		String user = buyer();
		UUID hold = UUID.randomUUID();
		StepVerifier.create(attempts.begin(user, "k1", "f1", hold, now))
			.assertNext(first -> assertThat(first).returns(true, Attempt::fresh)
				.returns(AttemptStatus.PENDING, Attempt::status)
				.returns(hold, Attempt::holdId))
			.verifyComplete();
		StepVerifier.create(attempts.begin(user, "k1", "another fingerprint", UUID.randomUUID(), now))
			.assertNext(again -> assertThat(again).returns(false, Attempt::fresh)
				.returns("f1", Attempt::fingerprint)
				.returns(hold, Attempt::holdId))
			.verifyComplete();
	}

	/**
	 * Attempts begun together go in one statement (the first few alone, the rest waiting
	 * for them): every key, asked once or three times at once or stored before, has
	 * exactly one fresh attempt, and every other request for it is answered the stored
	 * one.
	 */
	@Test
	void attemptsBegunTogetherGetOneFreshAttemptAKeyAndTheStoredOneForTheRest() {
		String user = buyer();
		UUID storedHold = UUID.randomUUID();
		attempts.begin(user, "stored", "f-stored", storedHold, now).block();
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			keys.add("k" + i);
			if (i % 10 == 0) {
				// a key asked three times at once (a buyer's double and triple click)
				keys.add("k" + i);
				keys.add("k" + i);
			}
		}
		keys.add("stored");

		List<Attempt> begun = Flux.fromIterable(keys)
			.flatMapSequential(key -> attempts.begin(user, key, "f-" + key, UUID.randomUUID(), now))
			.collectList()
			.block();

		assertThat(begun).hasSize(keys.size());
		assertThat(begun)
			.allSatisfy(attempt -> assertThat(attempt.fingerprint()).isEqualTo("f-" + attempt.idempotencyKey()));
		Map<String, List<Attempt>> byKey = begun.stream().collect(Collectors.groupingBy(Attempt::idempotencyKey));
		assertThat(byKey).hasSize(31);
		byKey.forEach((key, asked) -> {
			assertThat(asked.stream().filter(Attempt::fresh).count()).as("fresh attempts of " + key)
				.isEqualTo("stored".equals(key) ? 0 : 1);
			assertThat(asked.stream().map(Attempt::holdId).distinct()).as("one attempt stored for " + key).hasSize(1);
		});
		assertThat(byKey.get("stored").getFirst().holdId()).isEqualTo(storedHold);
		assertThat(db.sql("select count(*) from purchase_attempt where user_id = :user")
			.bind("user", user)
			.map(row -> row.get(0, Long.class))
			.one()
			.block()).isEqualTo(31L);
	}

	/**
	 * The order statement names the open statuses itself so that its plan can find open
	 * attempts through the partial index of V18: the index must cover exactly those.
	 */
	@Test
	void thePartialIndexOfOpenAttemptsCoversExactlyTheOpenStatuses() {
		String definition = db.sql("select indexdef from pg_indexes where indexname = 'purchase_attempt_open'")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		assertThat(definition).isNotNull();
		for (AttemptStatus status : AttemptStatus.values()) {
			assertThat(definition.contains("'" + status.name() + "'")).as(status.name())
				.isEqualTo(AttemptStatus.OPEN.contains(status));
		}
	}

	@Test
	void anAttemptMovesOnlyFromTheStatesItsWriterExpects() {
		Attempt attempt = begin(buyer(), "k");
		Set<AttemptStatus> notCharged = EnumSet.of(AttemptStatus.PENDING, AttemptStatus.UNKNOWN);
		StepVerifier.create(attempts.move(attempt, notCharged, AttemptStatus.CHARGED, "pay_1", null, null, now))
			.expectNext(true)
			.verifyComplete();
		// a twin that still thinks it is PENDING is told it moved on
		StepVerifier
			.create(attempts.move(attempt, notCharged, AttemptStatus.DECLINED, null, "payment-declined", "no", now))
			.expectNext(false)
			.verifyComplete();
		StepVerifier.create(status(attempt)).expectNext("CHARGED").verifyComplete();
	}

	@Test
	void theRecoveryJobTakesAnAttemptOverOnlyAsItReadIt() {
		Attempt read = begin(buyer(), "k");
		// someone wrote to it after it was read: same state, later updated_at
		StepVerifier
			.create(attempts.move(read, EnumSet.of(AttemptStatus.PENDING), AttemptStatus.PENDING, null, null, null,
					now.plusSeconds(1)))
			.expectNext(true)
			.verifyComplete();
		StepVerifier.create(attempts.settling(read, now.plusSeconds(2))).expectNext(false).verifyComplete();
		Attempt fresh = attempts.begin(read.userId(), read.idempotencyKey(), "", read.holdId(), now).block();
		StepVerifier.create(attempts.settling(fresh, now.plusSeconds(2))).expectNext(true).verifyComplete();
		// once it is SETTLING, no order can confirm it
		StepVerifier.create(attempts.confirmed(fresh, UUID.randomUUID(), now.plusSeconds(3)))
			.expectNext(false)
			.verifyComplete();
	}

	@Test
	void onlyAPendingAttemptIsForgotten() {
		Attempt pending = begin(buyer(), "k");
		StepVerifier.create(attempts.forget(pending).then(status(pending))).verifyComplete();
		Attempt charged = begin(buyer(), "k");
		attempts.move(charged, EnumSet.of(AttemptStatus.PENDING), AttemptStatus.CHARGED, "pay", null, null, now)
			.block();
		StepVerifier.create(attempts.forget(charged).then(status(charged))).expectNext("CHARGED").verifyComplete();
	}

	@Test
	void strandedChargesAreTheUnsettledAttemptsOlderThanTheCutOff() {
		// far enough back that no other test's attempts are older (the query answers at
		// most 100)
		Instant longAgo = now.minus(400, ChronoUnit.DAYS);
		Attempt old = attempts.begin(buyer(), "k", "f", UUID.randomUUID(), longAgo).block();
		Attempt young = attempts.begin(buyer(), "k", "f", UUID.randomUUID(), longAgo.plus(2, ChronoUnit.DAYS)).block();
		Attempt declined = attempts.begin(buyer(), "k", "f", UUID.randomUUID(), longAgo).block();
		attempts
			.move(declined, EnumSet.of(AttemptStatus.PENDING), AttemptStatus.DECLINED, null, "payment-declined", "no",
					longAgo)
			.block();
		StepVerifier
			.create(attempts.strandedCharges(longAgo.plus(1, ChronoUnit.DAYS), longAgo.plus(1, ChronoUnit.DAYS))
				.map(Attempt::userId)
				.filter(user -> Set.of(old.userId(), young.userId(), declined.userId()).contains(user))
				.collectList())
			.assertNext(users -> assertThat(users).containsExactly(old.userId()))
			.verifyComplete();
	}

	private Mono<String> status(Attempt attempt) {
		return db.sql("select status from purchase_attempt where user_id = :user and idempotency_key = :key")
			.bind("user", attempt.userId())
			.bind("key", attempt.idempotencyKey())
			.map(row -> row.get("status", String.class))
			.one();
	}

}
