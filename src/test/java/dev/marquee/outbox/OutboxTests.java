package dev.marquee.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.marquee.support.MigratedDatabase;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link Outbox} on the real PostgreSQL: a row is written with its writer's change or not
 * at all, whether it is a step of the writer's statement or a statement in its
 * transaction.
 */
class OutboxTests {

	private final DatabaseClient db = MigratedDatabase.client();

	private final TransactionalOperator tx = MigratedDatabase.transactions();

	private final Outbox outbox = new Outbox(db, JsonMapper.builder().build());

	private final String aggregate = "order-" + UUID.randomUUID();

	/** Other tests relay the outbox: these rows are not for them. */
	@AfterEach
	void forgetTheseRows() {
		db.sql("delete from outbox where aggregate_id = :id").bind("id", aggregate).then().block();
	}

	@Test
	void aRowAppendedInATransactionThatRollsBackIsNeverWritten() {
		Outbox.Entry entry = outbox.entry(aggregate, "Tested", Map.of("n", 1), Instant.now());
		StepVerifier
			.create(outbox.append(entry)
				.then(Mono.error(new IllegalStateException("the writer failed")))
				.as(tx::transactional))
			.verifyError(IllegalStateException.class);
		StepVerifier.create(rows()).expectNext(0L).verifyComplete();
		StepVerifier.create(outbox.append(entry).as(tx::transactional).then(rows())).expectNext(1L).verifyComplete();
	}

	@Test
	void aStepWritesOneRowPerRowOfItsSourceAndNoneWithoutOne() {
		Outbox.Entry entry = outbox.entry(aggregate, "Tested", Map.of("n", 2), Instant.now());
		StepVerifier.create(step(entry, false).then(rows())).expectNext(0L).verifyComplete();
		StepVerifier.create(step(entry, true).then(rows())).expectNext(1L).verifyComplete();
		StepVerifier
			.create(db.sql("select payload->>'n' as n from outbox where aggregate_id = :id")
				.bind("id", aggregate)
				.map(row -> row.get("n", String.class))
				.one())
			.expectNext("2")
			.verifyComplete();
	}

	private Mono<Void> step(Outbox.Entry entry, boolean changed) {
		String sql = "with changed as (select 1 where :changed), " + Outbox.Entry.step("announced", "changed")
				+ " select 1";
		return entry.bind(db.sql(sql).bind("changed", changed)).then();
	}

	private Mono<Long> rows() {
		return db.sql("select count(*) as n from outbox where aggregate_id = :id")
			.bind("id", aggregate)
			.map(row -> row.get("n", Long.class))
			.one();
	}

}
