package dev.marquee.sale;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import dev.marquee.shared.InFlightBatches;
import dev.marquee.shared.InObservation;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * Purchase attempts in PostgreSQL: one row per (user, Idempotency-Key), moved through
 * {@link AttemptStatus} by conditional statements only. The statement that stores an
 * order confirms its attempt too, and lives with the order
 * ({@link OrderRepository#save}).
 */
@Repository
class AttemptRepository {

	private final DatabaseClient db;

	AttemptRepository(DatabaseClient db) {
		this.db = db;
	}

	/** One purchase request, remembered under (user, Idempotency-Key). */
	record Attempt(String userId, String idempotencyKey, String fingerprint, UUID holdId, AttemptStatus status,
			String paymentId, UUID orderId, String problemSlug, String problemDetail, OffsetDateTime updatedAt,
			boolean fresh) {

		/**
		 * The key the gateway knows this attempt's charge by: the buyer's key, scoped to
		 * the buyer.
		 */
		String gatewayKey() {
			return idempotencyKey + ":" + userId;
		}

	}

	/**
	 * Inserts the attempts asked for together, in one statement; answers the rows it
	 * inserted (an attempt already stored under its key is left as it is). Rows go in in
	 * the order of their key, so that two statements that meet on the same keys (a
	 * buyer's retry racing the first request) wait for each other instead of deadlocking.
	 */
	private static final String BEGIN = """
			insert into purchase_attempt (user_id, idempotency_key, fingerprint, hold_id, status, created_at, updated_at)
			select b.user_id, b.idempotency_key, b.fingerprint, b.hold_id, :pending, b.at, b.at
			from unnest(:users::text[], :keys::text[], :fingerprints::text[], :holds::uuid[], :ats::timestamptz[])
			  as b(user_id, idempotency_key, fingerprint, hold_id, at)
			order by b.user_id, b.idempotency_key
			on conflict do nothing returning *""";

	/**
	 * How many attempt statements may run at once; attempts begun meanwhile wait to go
	 * together.
	 */
	private static final int STATEMENTS_IN_FLIGHT = 4;

	/** The most attempts one statement inserts. */
	private static final int ATTEMPTS_A_STATEMENT = 64;

	private final InFlightBatches<Begin, Attempt> beginnings = new InFlightBatches<>(this::beginEach,
			STATEMENTS_IN_FLIGHT, ATTEMPTS_A_STATEMENT);

	/** An attempt to begin. */
	private record Begin(String userId, String key, String fingerprint, UUID holdId, Instant now) {
	}

	/** What an attempt is stored under. */
	private record Key(String userId, String key) {
	}

	/**
	 * Inserts the attempt, or answers the one already stored under that key
	 * ({@code fresh} false). Attempts begun while others are being inserted go together,
	 * in one statement ({@link InFlightBatches}).
	 */
	Mono<Attempt> begin(String userId, String key, String fingerprint, UUID holdId, Instant now) {
		return this.beginnings.submit(new Begin(userId, key, fingerprint, holdId, now));
	}

	/**
	 * One statement for the attempts {@code asked}; each not inserted (its key was taken)
	 * is read as stored. Answers one attempt per one asked, null where the stored one was
	 * gone again by the time it was read.
	 */
	private Mono<List<Attempt>> beginEach(List<Begin> asked) {
		return db.sql(BEGIN)
			.bind("pending", AttemptStatus.PENDING.name())
			.bind("users", asked.stream().map(Begin::userId).toArray(String[]::new))
			.bind("keys", asked.stream().map(Begin::key).toArray(String[]::new))
			.bind("fingerprints", asked.stream().map(Begin::fingerprint).toArray(String[]::new))
			.bind("holds", asked.stream().map(Begin::holdId).toArray(UUID[]::new))
			.bind("ats", asked.stream().map(one -> utc(one.now())).toArray(OffsetDateTime[]::new))
			.map(row -> attempt(row, true))
			.all()
			.collectMap(attempt -> new Key(attempt.userId(), attempt.idempotencyKey()))
			.flatMap(inserted -> {
				List<Attempt> answers = new ArrayList<>(asked.size());
				// a key asked twice in one statement was inserted once: for the first
				asked.forEach(one -> answers.add(inserted.remove(new Key(one.userId(), one.key()))));
				return Flux.range(0, asked.size())
					.filter(i -> answers.get(i) == null)
					.concatMap(i -> stored(asked.get(i).userId(), asked.get(i).key())
						.doOnNext(attempt -> answers.set(i, attempt)))
					.then(Mono.just(answers));
			})
			.contextWrite(InObservation::without);
	}

	private Mono<Attempt> stored(String userId, String key) {
		return db.sql("select * from purchase_attempt where user_id = :user and idempotency_key = :key")
			.bind("user", userId)
			.bind("key", key)
			.map(row -> attempt(row, false))
			.one();
	}

	/** The attempt the gateway knows by this key ({@link Attempt#gatewayKey()}). */
	Mono<Attempt> findByGatewayKey(String gatewayKey) {
		// the expression is the index's (V6)
		return db.sql("select * from purchase_attempt where idempotency_key || ':' || user_id = :key")
			.bind("key", gatewayKey)
			.map(row -> attempt(row, false))
			.one();
	}

	Mono<Void> forget(Attempt attempt) {
		return db
			.sql("delete from purchase_attempt where user_id = :user and idempotency_key = :key and status = :pending")
			.bind("pending", AttemptStatus.PENDING.name())
			.bind("user", attempt.userId())
			.bind("key", attempt.idempotencyKey())
			.then();
	}

	/**
	 * Moves the attempt to {@code to} if it is in one of the states {@code from}, in one
	 * conditional statement; answers whether it moved (false: someone else moved it
	 * first).
	 */
	Mono<Boolean> move(Attempt attempt, Set<AttemptStatus> from, AttemptStatus to, String paymentId, String slug,
			String detail, Instant now) {
		var spec = db.sql("""
				update purchase_attempt set status = :to, payment_id = coalesce(:payment, payment_id),
				  problem_slug = :slug, problem_detail = :detail, updated_at = :now
				where user_id = :user and idempotency_key = :key and status = any(:from)""")
			.bind("to", to.name())
			.bind("from", AttemptStatus.names(from))
			.bind("user", attempt.userId())
			.bind("key", attempt.idempotencyKey())
			.bind("now", utc(now));
		spec = paymentId == null ? spec.bindNull("payment", String.class) : spec.bind("payment", paymentId);
		spec = slug == null ? spec.bindNull("slug", String.class) : spec.bind("slug", slug);
		spec = detail == null ? spec.bindNull("detail", String.class) : spec.bind("detail", detail);
		return spec.fetch().rowsUpdated().map(updated -> updated == 1).contextWrite(InObservation::without);
	}

	/**
	 * Confirms the attempt by an order stored for its own charge, if it is still as it
	 * was read.
	 */
	Mono<Boolean> confirmed(Attempt attempt, UUID orderId, Instant now) {
		return db.sql("""
				update purchase_attempt set status = :confirmed, order_id = :order, updated_at = :now
				where user_id = :user and idempotency_key = :key and status = :status""")
			.bind("confirmed", AttemptStatus.CONFIRMED.name())
			.bind("order", orderId)
			.bind("now", utc(now))
			.bind("user", attempt.userId())
			.bind("key", attempt.idempotencyKey())
			.bind("status", attempt.status().name())
			.fetch()
			.rowsUpdated()
			.map(updated -> updated == 1);
	}

	/**
	 * Takes an attempt over for the recovery job, if nobody wrote to it since it was read
	 * (same state, same {@code updated_at}): from then on no order can be stored for it.
	 * Answers whether it was taken.
	 */
	Mono<Boolean> settling(Attempt attempt, Instant now) {
		return db.sql("""
				update purchase_attempt set status = :settling, updated_at = :now
				where user_id = :user and idempotency_key = :key and status = :status and updated_at = :read""")
			.bind("settling", AttemptStatus.SETTLING.name())
			.bind("now", utc(now))
			.bind("user", attempt.userId())
			.bind("key", attempt.idempotencyKey())
			.bind("status", attempt.status().name())
			.bind("read", attempt.updatedAt())
			.fetch()
			.rowsUpdated()
			.map(updated -> updated == 1);
	}

	/**
	 * Purchases older than {@code before} that were charged but never got an order (a
	 * node died mid-way), or whose charge has no known outcome (the gateway's answer was
	 * lost), and those whose charge has awaited the buyer's authentication since before
	 * {@code awaitingBefore}.
	 */
	Flux<Attempt> strandedCharges(Instant before, Instant awaitingBefore) {
		// PENDING too: a purchase whose node lost PostgreSQL (or died) after charging
		// never got to say so; SETTLING: a recovery that died half-way (refunds are
		// idempotent); AWAITING: a buyer who never finished authenticating
		return db.sql("""
				select * from purchase_attempt where status = any(:unsettled)
				and updated_at < (case when status = :awaiting then :awaitingBefore else :before end) limit 100""")
			.bind("unsettled", AttemptStatus.names(AttemptStatus.UNSETTLED))
			.bind("awaiting", AttemptStatus.AWAITING.name())
			.bind("awaitingBefore", utc(awaitingBefore))
			.bind("before", utc(before))
			.map(row -> attempt(row, false))
			.all();
	}

	/**
	 * An attempt whose purchase may still sell (or has sold) its hold's seats without an
	 * order yet.
	 */
	record OpenAttempt(UUID holdId, String userId) {
	}

	/**
	 * Every attempt not settled yet ({@link AttemptStatus#UNSETTLED}): its hold and
	 * buyer.
	 */
	Flux<OpenAttempt> unsettled() {
		return db.sql("select hold_id, user_id from purchase_attempt where status = any(:unsettled)")
			.bind("unsettled", AttemptStatus.names(AttemptStatus.UNSETTLED))
			.map(row -> new OpenAttempt(row.get("hold_id", UUID.class), row.get("user_id", String.class)))
			.all();
	}

	private static Attempt attempt(Readable row, boolean fresh) {
		return new Attempt(row.get("user_id", String.class), row.get("idempotency_key", String.class),
				row.get("fingerprint", String.class), row.get("hold_id", UUID.class),
				AttemptStatus.valueOf(row.get("status", String.class)), row.get("payment_id", String.class),
				row.get("order_id", UUID.class), row.get("problem_slug", String.class),
				row.get("problem_detail", String.class), row.get("updated_at", OffsetDateTime.class), fresh);
	}

}
