package dev.marquee.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import dev.marquee.shared.Money;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.marquee.shared.Timestamps.utc;

/**
 * The {@code price_rule} table and its history: every write also appends the rule's
 * version to {@code price_rule_history}, in the same statement.
 */
@Repository
class PriceRuleRepository {

	private static final String HISTORY = """
			history as (
			  insert into price_rule_history (rule_id, version, event_id, tier, kind, label, starts_at, ends_at,
			    min_share, price_minor, priority, deleted, recorded_at)
			  select id, version, event_id, tier, kind, label, starts_at, ends_at, min_share, price_minor, priority,
			    %s, :at from written
			)""";

	private final DatabaseClient db;

	PriceRuleRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Serializes writes to one event's rules until the transaction ends. */
	Mono<Void> lock(UUID eventId) {
		return db.sql("select pg_advisory_xact_lock(hashtextextended(:event::text, 16))").bind("event", eventId).then();
	}

	Flux<PriceRule> findByEvent(UUID eventId) {
		return db.sql("select * from price_rule where event_id = :event order by tier, priority desc, created_at")
			.bind("event", eventId)
			.map(PriceRuleRepository::rule)
			.all();
	}

	/** When the event's rules last changed (any version written); empty if never. */
	Mono<Instant> lastChange(UUID eventId) {
		return db.sql("select max(recorded_at) as at from price_rule_history where event_id = :event")
			.bind("event", eventId)
			.map(row -> {
				OffsetDateTime at = row.get("at", OffsetDateTime.class);
				return at == null ? Instant.EPOCH : at.toInstant();
			})
			.one();
	}

	Mono<PriceRule> insert(PriceRule rule) {
		return bindRule(db.sql("""
				with written as (
				  insert into price_rule (id, event_id, tier, kind, label, starts_at, ends_at, min_share, price_minor,
				    priority, version, created_at, updated_at)
				  values (:id, :event, :tier, :kind, :label, :from, :until, :share, :price, :priority, 1, :at, :at)
				  returning *
				), %s
				select * from written""".formatted(HISTORY.formatted("false"))), rule).map(PriceRuleRepository::rule)
			.one();
	}

	/** Replaces the rule's terms (its id stays, its version grows); empty if none. */
	Mono<PriceRule> replace(PriceRule rule) {
		return bindRule(db.sql("""
				with written as (
				  update price_rule set tier = :tier, kind = :kind, label = :label, starts_at = :from, ends_at = :until,
				    min_share = :share, price_minor = :price, priority = :priority, version = version + 1,
				    updated_at = :at
				  where id = :id and event_id = :event
				  returning *
				), %s
				select * from written""".formatted(HISTORY.formatted("false"))), rule).map(PriceRuleRepository::rule)
			.one();
	}

	/**
	 * Deletes the rule, noting its deletion as one more version; whether there was one.
	 */
	Mono<Boolean> delete(UUID eventId, UUID ruleId, Instant at) {
		return db.sql("""
				with gone as (
				  delete from price_rule where id = :id and event_id = :event returning *
				), written as (
				  select id, version + 1 as version, event_id, tier, kind, label, starts_at, ends_at, min_share,
				    price_minor, priority from gone
				), %s
				select count(*) as deleted from gone""".formatted(HISTORY.formatted("true")))
			.bind("id", ruleId)
			.bind("event", eventId)
			.bind("at", utc(at))
			.map(row -> row.get("deleted", Long.class))
			.one()
			.map(count -> count > 0);
	}

	/** The events whose rules changed after {@code since}, with the latest change. */
	Flux<Changed> changedSince(Instant since) {
		return db
			.sql("select event_id, max(recorded_at) as at from price_rule_history where recorded_at > :since"
					+ " group by event_id")
			.bind("since", utc(since))
			.map(row -> new Changed(row.get("event_id", UUID.class), row.get("at", OffsetDateTime.class).toInstant()))
			.all();
	}

	record Changed(UUID eventId, Instant at) {
	}

	private static GenericExecuteSpec bindRule(GenericExecuteSpec spec, PriceRule rule) {
		spec = spec.bind("id", rule.id())
			.bind("event", rule.eventId())
			.bind("tier", rule.tier())
			.bind("kind", rule.kind().name())
			.bind("price", rule.priceMinor())
			.bind("priority", rule.priority())
			.bind("at", utc(rule.updatedAt()));
		spec = rule.label() == null ? spec.bindNull("label", String.class) : spec.bind("label", rule.label());
		spec = rule.from() == null ? spec.bindNull("from", OffsetDateTime.class) : spec.bind("from", utc(rule.from()));
		spec = rule.until() == null ? spec.bindNull("until", OffsetDateTime.class)
				: spec.bind("until", utc(rule.until()));
		return rule.minShare() == null ? spec.bindNull("share", BigDecimal.class) : spec.bind("share", rule.minShare());
	}

	static PriceRule rule(Readable row) {
		OffsetDateTime from = row.get("starts_at", OffsetDateTime.class);
		OffsetDateTime until = row.get("ends_at", OffsetDateTime.class);
		BigDecimal share = row.get("min_share", BigDecimal.class);
		return new PriceRule(row.get("id", UUID.class), row.get("event_id", UUID.class), row.get("tier", String.class),
				PriceRule.Kind.valueOf(row.get("kind", String.class)), row.get("label", String.class),
				from == null ? null : from.toInstant(), until == null ? null : until.toInstant(),
				share == null ? null : share.stripTrailingZeros(), row.get("price_minor", Long.class),
				row.get("priority", Integer.class), row.get("version", Integer.class),
				row.get("created_at", OffsetDateTime.class).toInstant(),
				row.get("updated_at", OffsetDateTime.class).toInstant());
	}

	/**
	 * The event's audited seats, oldest first, each with the rule version that priced it.
	 */
	Flux<PriceAudit.AuditedSeat> audit(UUID eventId) {
		return db.sql("""
				select a.*, h.kind, h.label, h.starts_at, h.ends_at, h.min_share, h.priority
				from price_audit a
				left join price_rule_history h on h.rule_id = a.rule_id and h.version = a.rule_version
				where a.event_id = :event order by a.id""").bind("event", eventId).map(row -> {
			String currency = row.get("currency", String.class);
			OffsetDateTime from = row.get("starts_at", OffsetDateTime.class);
			OffsetDateTime until = row.get("ends_at", OffsetDateTime.class);
			BigDecimal share = row.get("min_share", BigDecimal.class);
			return new PriceAudit.AuditedSeat(row.get("order_id", UUID.class), row.get("hold_id", UUID.class),
					row.get("seat_id", String.class), row.get("tier", String.class),
					new Money(row.get("amount_minor", Long.class), currency),
					new Money(row.get("base_minor", Long.class), currency), row.get("rule_id", UUID.class),
					row.get("rule_version", Integer.class), row.get("kind", String.class),
					row.get("label", String.class), from == null ? null : from.toInstant(),
					until == null ? null : until.toInstant(), share == null ? null : share.stripTrailingZeros(),
					row.get("priority", Integer.class), row.get("priced_at", OffsetDateTime.class).toInstant(),
					row.get("recorded_at", OffsetDateTime.class).toInstant());
		}).all();
	}

}
